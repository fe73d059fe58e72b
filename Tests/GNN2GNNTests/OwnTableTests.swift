import Foundation
import GNN2GNN
import NASBench
import TensorCore
import TestFixtures
import Testing

/// A user's own table: a sample of a space. Membership comes from the space's rules, generated cells
/// say whether they are new, and the valuer's prediction reads back as an objective.
@Suite struct OwnTableTests {
    /// A sample of the synthetic NB201 table: every seventh row.
    static func sample() throws -> (table: Benchmark, full: Benchmark) {
        let full = try syntheticNB201Benchmark()
        let rows = full.records.enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
        return (try Benchmark(name: "sample", space: full.space, records: rows, objective: "accuracy"), full)
    }

    /// Property: a training objective's target, read back, is that objective (rank and regression),
    /// and a revealed cell beyond the split reads back as its own objective along the extension.
    @Test(arguments: [ValuerMode.rank, .regression])
    func predictionsReadTheTargetsBackwards(mode: ValuerMode) {
        var random = SeededGenerator(seed: 4)
        let objectives = (0..<200).map { _ in 60 + 30 * Double(random.nextFloat()) }
        for higherIsBetter in [true, false] {
            let targets = ValuerTargets(trainingObjectives: objectives, higherIsBetter: higherIsBetter, mode: mode, goodTop: 50,
                                        topWeight: 0, extendRanks: true)
            for x in objectives.prefix(50) {
                let back = targets.objective(ofScore: Double(targets.labels(ofObjective: x).regression))
                #expect(abs(back! - x) < 1e-3, "\(mode) \(higherIsBetter): \(x) → \(back!)")
            }
            if mode == .rank {
                let best = higherIsBetter ? objectives.max()! : objectives.min()!
                let beyond = best + (higherIsBetter ? 0.3 : -0.3)
                let back = targets.objective(ofScore: Double(targets.rankTarget(ofObjective: beyond)))!
                #expect(abs(back - beyond) < 1e-3)
            }
        }
        let classification = ValuerTargets(trainingObjectives: objectives, higherIsBetter: true, mode: .classification, goodTop: 50, topWeight: 0)
        #expect(classification.objective(ofScore: 0.7) == nil)
    }

    @Test func newCellsAreMembersTheTableLacks() throws {
        let (table, full) = try Self.sample()
        let membership = SpaceMembership(benchmark: table)
        let inTable = table.classes[0].cell
        let notInTable = try #require(full.classes.first { table.classIndex(ofHash: $0.hash) == nil }).cell
        #expect(membership.contains(inTable) && membership.inTable(inTable))
        #expect(membership.contains(notInTable) && !membership.inTable(notInTable))
        // Ground truth: the full table scores the cells; the sample decides which are new.
        let cells = [inTable, notInTable, notInTable, full.classes[1].cell]
        let (metrics, scored) = GenerationMetrics.evaluate(cells, benchmark: full, trainingClasses: [])
        let m = GenerationMetrics.addingNewness(metrics, scored: scored, benchmark: full) { table.classIndex(ofHash: $0) != nil }
        let expectedNew = cells.filter { table.classIndex(of: $0) == nil }
        #expect(m.newShare == Double(expectedNew.count) / 4)
        let newTop = expectedNew.filter { full.architectureClass(of: $0)!.top <= 10 }
        #expect(m.newTop10 == Double(newTop.count) / 4)
        #expect(m.distinctNewTop10 == Set(newTop.map { full.architectureClass(of: $0)!.hash }).count)
    }

    /// Trained on a sample with zero look-ups, members-only generation reaches beyond the table, and
    /// the written records say which cells are new and what the valuer predicts.
    @Test func aRunOnASampleGeneratesArchitecturesTheTableLacks() throws {
        let (table, _) = try Self.sample()
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.hiddenSize = 16; c.epochs = 1; c.valuerPretrainEpochs = 1; c.batchSize = 64; c.generatorSamples = 64
        c.queryBudget = .limit(0)
        var trainer = try Trainer(configuration: c, benchmark: table)
        _ = trainer.runEpoch(maxSteps: 8)
        var random = SeededGenerator(seed: 5)
        let cells = trainer.generateForEvaluation(count: 200, using: &random).cells
        let membership = trainer.membership
        #expect(cells.allSatisfy(membership.contains))
        let new = cells.filter { !membership.inTable($0) }
        #expect(new.count > 20, "a sample of one seventh of the space: most members are new (\(new.count) of 200)")
        let scored = GenerationMetrics.evaluate(cells, benchmark: table, trainingClasses: trainer.trainingClasses).scored
        var records = GeneratedCellsFile.records(scored, benchmark: table, space: table.space)
        CellPredictions(targets: trainer.targets, table: table).annotate(&records, scored: scored, model: trainer.model)
        for (record, cell) in zip(records, cells) {
            #expect(record.isNew == !membership.inTable(cell))
            let predicted = try #require(record.predicted), top = try #require(record.predictedTop)
            #expect(predicted.isFinite && (0...100).contains(top))
        }
    }

    /// A small table's epochs are raised to reach the minimum steps; a large one keeps its epochs.
    @Test func smallTablesTrainAtLeastTheMinimumSteps() throws {
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.epochs = 2; c.batchSize = 32; c.minimumSteps = 100
        #expect(Trainer.epochs(for: c, trainingCount: 320) == 10)    // 10 steps an epoch
        #expect(Trainer.epochs(for: c, trainingCount: 330) == 10)    // 11 steps an epoch: 9 epochs are 99 steps
        #expect(Trainer.epochs(for: c, trainingCount: 3200) == 2)    // 100 steps an epoch: as given
        let (table, _) = try Self.sample()
        c.hiddenSize = 16; c.valuerPretrainEpochs = 0
        let trainer = try Trainer(configuration: c, benchmark: table)
        #expect(trainer.configuration.epochs * trainer.stepsPerEpoch >= 100)
        #expect((trainer.configuration.epochs - 1) * trainer.stepsPerEpoch < 100)
        c.minimumSteps = 0
        #expect(try Trainer(configuration: c, benchmark: table).configuration.epochs == 2)
    }

    /// NAS-Bench-101's members from its rules alone: the graphs of at most five nodes number 1, 6,
    /// 84 and 2,441 for 2–5 nodes, as the benchmark's own histogram (`inspect`) counts them.
    @Test func nasBench101MembersOfUpToFiveNodes() {
        let members = NASBench101Space().enumerateMembers(maxNodes: 5)
        #expect(members.count == 1 + 6 + 84 + 2441)
        #expect(members.hashes == members.hashes.sorted() && Set(members.hashes).count == members.count)
        var byNodes: [Int: Int] = [:]
        for cell in members.cells { byNodes[cell.nodeCount, default: 0] += 1 }
        #expect(byNodes == [2: 1, 3: 6, 4: 84, 5: 2441])
    }
}
