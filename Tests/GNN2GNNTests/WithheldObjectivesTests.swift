import Foundation
import Testing
@testable import GNN2GNN
import NASBench
import TensorCore
import TestFixtures

/// METHOD.md §10: nothing computed from the withheld cells' objectives may reach training. With zero
/// look-ups, a table whose withheld objectives are permuted among themselves, or moved to just above
/// the threshold, must give the same training losses and the same generated cells as the original.
@Suite struct WithheldObjectivesTests {
    /// The synthetic NB201 table with the objectives of the classes `split.withheld` rewritten: each
    /// member of withheld class k gets `value(k)` (so the class's mean is that value).
    static func rewritten(_ benchmark: Benchmark, withheld: [Int], value: (Int) -> Double) throws -> Benchmark {
        var records = benchmark.records
        for k in withheld {
            for m in benchmark.classes[k].members { records[m].metrics[benchmark.objectiveName] = value(k) }
        }
        let hashes = benchmark.records.indices.map { benchmark.classOfRecord[$0].map { benchmark.classes[$0].hash } }
        return try Benchmark(name: benchmark.name, space: benchmark.space, records: records, objective: benchmark.objectiveName,
                             knownHashes: hashes)
    }

    /// What training produced: every logged loss of two short epochs, the checkpoint choice, the
    /// queries, and 200 generated cells.
    struct Outcome: Equatable {
        var losses: [Double]
        var bestEpoch: Int?
        var queries: Int
        var cells: [Cell]
    }

    static func train(_ c: TrainingConfiguration, on benchmark: Benchmark) throws -> Outcome {
        var trainer = try Trainer(configuration: c, benchmark: benchmark)
        var losses: [Double] = []
        for _ in 0..<c.epochs {
            let log = trainer.runEpoch(maxSteps: 12)
            losses += [log.lossGenerator, log.lossDiscriminator, log.lossValuer]
        }
        var random = SeededGenerator(seed: 77)
        return Outcome(losses: losses, bestEpoch: trainer.bestEpoch, queries: trainer.oracle.distinctQueries,
                       cells: trainer.generateForEvaluation(count: 200, using: &random).cells)
    }

    /// The configurations checked: the default (rank valuer, distillation), the default with a
    /// regression valuer and with the top weighting, and the paper preset (classification valuer,
    /// checkpoint selection by the oracle) — each with a budget of zero look-ups.
    static var configurations: [(String, TrainingConfiguration)] {
        var small = TrainingConfiguration.recommended(space: "nb201")
        small.hiddenSize = 16
        small.epochs = 2
        small.valuerPretrainEpochs = 1
        small.batchSize = 64
        small.generatorSamples = 64
        small.evaluationCount = 100
        small.queryBudget = .limit(0)
        var regression = small
        regression.valuerMode = .regression
        regression.valuerTopWeight = 9
        var paper = TrainingConfiguration.paper
        paper.space = "nb201"
        paper.hiddenSize = 16
        paper.epochs = 2
        paper.batchSize = 64
        paper.evaluationCount = 100
        paper.queryBudget = .limit(0)
        return [("default", small), ("regression", regression), ("paper", paper)]
    }

    @Test(arguments: ["permuted", "moved"])
    func trainingIsBlindToTheWithheldObjectives(_ change: String) throws {
        let table = try syntheticNB201Benchmark()
        let split = table.split(topRemoved: 10, complexity: 1, seed: 0)
        let withheld = split.withheld
        #expect(withheld.count > 100)
        let changed: Benchmark
        if change == "permuted" {
            // Reversed: the best withheld class takes the worst withheld objective and so on.
            changed = try Self.rewritten(table, withheld: withheld) { table.classes[withheld[withheld.count - 1 - withheld.firstIndex(of: $0)!]].objective }
        } else {
            // Just above the best class outside the withheld top, in the reverse order.
            let threshold = table.classes[withheld.count].objective
            changed = try Self.rewritten(table, withheld: withheld) { threshold + 1e-3 * Double(1 + $0) }
        }
        // Same cells in the same classes, the withheld ones in another order: class k is another cell.
        #expect(changed.classes.count == table.classes.count)
        #expect(changed.split(topRemoved: 10, complexity: 1, seed: 0) == split)
        #expect(changed.classes[0].hash != table.classes[0].hash)
        for (name, c) in Self.configurations {
            let original = try Self.train(c, on: table), other = try Self.train(c, on: changed)
            #expect(original.queries == 0 && other.queries == 0, "\(name)")
            #expect(original.losses == other.losses, "\(name): losses \(original.losses) vs \(other.losses)")
            #expect(original.bestEpoch == other.bestEpoch, "\(name)")
            #expect(original.cells == other.cells, "\(name): generated cells differ")
        }
    }

    /// The targets read the training split only: a revealed class's label depends on its own objective.
    @Test func targetsComeFromTheTrainingSplit() {
        let targets = ValuerTargets(trainingObjectives: [70, 80, 90, 60], higherIsBetter: true, mode: .rank, goodTop: 50, topWeight: 0)
        #expect(targets.percentile(ofObjective: 90) == 0 && targets.percentile(ofObjective: 95) == 0)
        #expect(targets.percentile(ofObjective: 80) == 25 && targets.percentile(ofObjective: 59) == 100)
        #expect(targets.labels(ofObjective: 95).regression == 0.9 && targets.labels(ofObjective: 80).good == 1 && targets.labels(ofObjective: 70).good == 0)
        #expect(targets.beatsTrainingSplit(90.5) && !targets.beatsTrainingSplit(90))
        let lower = ValuerTargets(trainingObjectives: [3, 1, 2], higherIsBetter: false, mode: .regression, goodTop: 50, topWeight: 0)
        #expect(lower.labels(ofObjective: 1).regression == 1 && lower.labels(ofObjective: 3).regression == 0)
        #expect(lower.labels(ofObjective: 0.5).regression == 1 && lower.labels(ofObjective: 9).regression == 0)  // clamped
    }

    /// Distillation's members are listed by hash, so the sampler's ties carry no objective.
    @Test func distillationListsItsMembersByHash() throws {
        let table = try syntheticNB201Benchmark()
        let space = try #require(table.space as? any SlotStructuredSpace)
        let distillation = WholeSpaceDistillation(benchmark: table, members: nil, space: space)
        let hashes = try distillation.cells.map { try #require(table.architectureClass(of: $0)).hash }
        #expect(hashes == hashes.sorted() && distillation.cells.count == table.classes.count)
        // All scores equal: the draws follow the hash order, not the class (objective) order.
        var d = distillation
        d.refresh(scores: [Float](repeating: 1, count: d.cells.count), temperature: 1e-4, plateau: 0, epoch: 0)
        var random = SeededGenerator(seed: 3)
        let drawn = d.draw(count: 20, using: &random)
        let first = try #require(space.slotChoices(of: distillation.cells[0]))
        #expect(drawn.allSatisfy { $0 == first })
    }

    /// Over the space's own members, distillation covers architectures the table lacks, and a
    /// member the table holds is the table's cell.
    @Test func distillationOverTheSpaceReachesBeyondTheTable() throws {
        let full = try syntheticNB201Benchmark()
        let sampled = full.records.enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
        let table = try Benchmark(name: "sample", space: full.space, records: sampled, objective: "accuracy")
        let space = try #require(table.space as? any SlotStructuredSpace)
        let members = try #require(table.space.allMembers())
        let distillation = WholeSpaceDistillation(benchmark: table, members: members, space: space)
        #expect(distillation.cells.count == members.count)
        #expect(members.count > table.classes.count, "the synthetic table is a sample of the space")
        let inTable = distillation.cells.filter { table.classIndex(of: $0) != nil }
        #expect(inTable.count == table.classes.count)
        for cell in inTable { #expect(table.classes[table.classIndex(of: cell)!].cell == cell) }
    }
}
