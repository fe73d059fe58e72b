import Foundation
import Testing
@testable import GNN2GNN
import TestFixtures
import NASBench
import TensorCore

@Suite struct RankingQualityTests {
    @Test func spearmanAndKendallOnKnownOrders() {
        let x: [Double] = [1, 2, 3, 4, 5]
        #expect(abs(RankCorrelation.spearman(x, [10, 20, 30, 40, 50]) - 1) < 1e-12)
        #expect(abs(RankCorrelation.spearman(x, [5, 4, 3, 2, 1]) + 1) < 1e-12)
        #expect(abs(RankCorrelation.kendall(x, [1, 2, 3, 4, 5]) - 1) < 1e-12)
        // One swapped pair of 10: τ = (9 − 1) / 10.
        #expect(abs(RankCorrelation.kendall(x, [2, 1, 3, 4, 5]) - 0.8) < 1e-12)
        // Ties share their mean rank.
        #expect(RankCorrelation.averageRanks([3, 1, 3, 2]) == [3.5, 1, 3.5, 2])
        #expect(RankCorrelation.spearman([1], [2]) == 0)
    }

    @Test func aPerfectScorerRanksEverythingAndAnInverseOneNothing() throws {
        let benchmark = try syntheticBenchmark()
        let split = benchmark.split(topRemoved: 10, complexity: 1, seed: 0)
        func truth(_ cells: [Cell]) -> [Float] { cells.map { Float(benchmark.classes[benchmark.classIndex(of: $0)!].objective) } }
        let perfect = ValuerQuality.measure(benchmark: benchmark, split: split, seed: 0, score: truth)
        #expect(perfect.spearman > 0.999 && perfect.spearmanTest > 0.999 && perfect.kendallTest > 0.99)
        #expect(perfect.rankOfBest == 1)
        #expect(perfect.top10PrecisionAt10 == 1)
        // A perfect ranking's best tenth is the top 10% (up to the rounding of the tenth and ties at its edge).
        #expect(try #require(perfect.top10PrecisionAtTenth) > 0.9)
        let inverse = ValuerQuality.measure(benchmark: benchmark, split: split, seed: 0) { truth($0).map { -$0 } }
        #expect(inverse.spearman < -0.999)
        #expect(inverse.top10PrecisionAt10 == 0)
        #expect(inverse.top10PrecisionAtTenth == 0)
        #expect(inverse.rankOfBest == benchmark.classes.count)
        // A constant scorer ranks nothing: its precision is about the base rate, not the best-first order of the classes.
        let constant = ValuerQuality.measure(benchmark: benchmark, split: split, seed: 0) { $0.map { _ in 0.5 } }
        #expect(constant.spearman == 0 && constant.top10PrecisionAt100 < 0.3 && (constant.rankOfBest ?? 0) > 1)
    }
}

@Suite struct SlotStructureTests {
    let space = NASBench201Space(skipSubstitution: true)

    @Test func slotChoicesGiveTheOfficialGraphs() throws {
        #expect(space.slotCount == 6 && space.slotOptions == Array(repeating: NASBench201Space.cellOperations, count: 6))
        // Edge 0→1 feeds 1→2 and 1→3; edges 0→2 and 1→2 feed 2→3.
        #expect(space.slotEdges.map { [$0.0, $0.1] } == [[0, 2], [0, 4], [1, 5], [2, 5]])
        var random = SeededGenerator(seed: 3)
        for _ in 0..<200 {
            let ops = (0..<6).map { _ in random.int(below: 5) }
            #expect(space.cell(fromSlotChoices: ops) == space.graph(ofEdgeOperations: ops))
        }
        #expect(space.cell(fromSlotChoices: [0, 0, 0, 0, 0, 0]) == nil)  // every edge none: output cut off
    }

    @Test func theSlotGeneratorDrawsMembersAndItsLogProbabilityIsTheChoices() throws {
        var random = SeededGenerator(seed: 4)
        let generator = SlotGenerator(space: space, hiddenSize: 8, layers: 2, temperature: 0.1, logitBound: 5, using: &random)
        let tape = Tape()
        let sample = generator.sample(count: 20, generator.parameters.bind(to: tape), using: &random)
        #expect(sample.cells.count == 20)
        let logits = sample.operationLogits.value, choices = sample.operations.value
        let logP = sample.logProbability().value.scalars
        for c in 0..<20 {
            var expected: Float = 0, options: [Int] = []
            for slot in 0..<6 {
                let row = c * 6 + slot
                let chosen = (0..<5).first { choices[row, $0] == 1 }!
                options.append(chosen)
                let m = (0..<5).map { logits[row, $0] }.max()!
                let z = (0..<5).reduce(Float(0)) { $0 + expf(logits[row, $1] - m) }
                expected += logits[row, chosen] - m - logf(z)
            }
            #expect(abs(logP[c] - expected) < 1e-4)
            #expect(sample.cells[c] == (space.cell(fromSlotChoices: options) ?? SlotGenerator.noCell))
        }
        // Entropy of a whole cell: at most 6 · log 5.
        let h = sample.choiceEntropy().scalar
        #expect(h > 0 && h <= 6 * logf(5) + 1e-4)
    }

    @Test func nasBench101SlotsAreOperationsAndEdgesOfTheSevenNodeDAG() throws {
        let nb101 = NASBench101Space()
        #expect(nb101.slotCount == 26 && nb101.maxSlotOptionCount == 3)
        #expect(nb101.slotOptions.prefix(5).allSatisfy { $0 == nb101.operations })
        #expect(nb101.slotOptions.dropFirst(5).allSatisfy { $0 == ["absent", "present"] })
        // Edge slot 5 is 0→1: it feeds node 1's operation slot (0); slot 0 feeds node 1's outgoing edges (1→2 … 1→6).
        #expect(nb101.slotEdges.contains { $0 == (5, 0) })
        #expect(nb101.slotEdges.filter { $0.0 == 0 }.count == 5)
        // The chain input → 1 → … → 5 → output with operations 0, 1, 2, 0, 1.
        let chainEdges: Set<Int> = [0, 6, 11, 15, 18, 20]  // (0,1), (1,2), (2,3), (3,4), (4,5), (5,6)
        let chain = [0, 1, 2, 0, 1] + (0..<21).map { chainEdges.contains($0) ? 1 : 0 }
        let cell = try #require(nb101.cell(fromSlotChoices: chain))
        #expect(cell.nodeCount == 7 && cell.edgeCount == 6 && cell.labels == [Cell.inputLabel, 0, 1, 2, 0, 1, Cell.outputLabel])
        // Nodes off every input→output path are pruned; a cut-off output or ten edges give no cell.
        let direct = [0, 0, 0, 0, 0] + (0..<21).map { $0 == 5 ? 1 : 0 }  // only 0→6
        #expect(nb101.cell(fromSlotChoices: direct)?.nodeCount == 2)
        #expect(nb101.cell(fromSlotChoices: [0, 0, 0, 0, 0] + Array(repeating: 0, count: 21)) == nil)
        #expect(nb101.cell(fromSlotChoices: [0, 0, 0, 0, 0] + Array(repeating: 1, count: 21)) == nil)
        var random = SeededGenerator(seed: 5)
        for _ in 0..<300 {
            let choices = (0..<5).map { _ in random.int(below: 3) } + (0..<21).map { _ in random.int(below: 100) < 30 ? 1 : 0 }
            if let member = nb101.cell(fromSlotChoices: choices) {
                #expect(nb101.isValid(member) && member.pruned() == member)
            }
        }
    }

    @Test func slotsWithFewerOptionsNeverDrawTheMissingOnes() throws {
        let nb101 = NASBench101Space()
        var random = SeededGenerator(seed: 6)
        let generator = SlotGenerator(space: nb101, hiddenSize: 8, layers: 2, temperature: 0.5, logitBound: 5, using: &random)
        let sample = generator.sample(count: 50, generator.parameters.bind(to: Tape()), using: &random)
        let choices = sample.operations.value
        for c in 0..<50 { for slot in 5..<26 { #expect(choices[c * 26 + slot, 2] == 0) } }
        // The entropy of a cell is at most 5 · log 3 + 21 · log 2: the masked column adds nothing.
        let h = sample.choiceEntropy().scalar
        #expect(h > 0 && h <= 5 * logf(3) + 21 * logf(2) + 1e-3)
        #expect(sample.cells.allSatisfy { $0 == SlotGenerator.noCell || nb101.isValid($0) })
    }

    @Test func theSlotGeneratorNeedsASpaceWithAFixedStructure() throws {
        var c = smallConfiguration()
        c.generatorKind = .slots
        c.valuerMode = .rank
        #expect(throws: ConfigurationError.self) { try Trainer(configuration: c, benchmark: try syntheticBenchmark()) }
    }
}

@Suite struct OracleBudgetTests {
    @Test func theOracleRevealsNoNewClassOnceTheBudgetIsSpent() throws {
        let benchmark = try syntheticBenchmark()
        let cells = benchmark.classes.prefix(5).map(\.cell)
        var oracle = Oracle(benchmark: benchmark, budget: .limit(2))
        #expect(oracle.classIndex(of: cells[0], for: .training) == 0)
        #expect(oracle.classIndex(of: cells[1], for: .selection) == 1)
        #expect(oracle.classIndex(of: cells[2], for: .training) == nil)   // over budget
        #expect(oracle.classIndex(of: cells[2], for: .selection) == nil)  // for any purpose
        #expect(oracle.classIndex(of: cells[2], for: .existence) == 2)    // existence is free
        #expect(oracle.classIndex(of: cells[0], for: .selection) == 0)    // known: still answered
        #expect(oracle.distinctQueries == 2 && oracle.isSpent && !oracle.isRevealed(2))
        var none = Oracle(benchmark: benchmark, budget: .limit(0))
        #expect(none.classIndex(of: cells[3], for: .training) == nil && none.distinctQueries == 0)
        var open = Oracle(benchmark: benchmark, budget: .unlimited)
        for cell in cells { _ = open.classIndex(of: cell, for: .training) }
        #expect(open.distinctQueries == 5 && !open.isSpent)
    }

    @Test func aBudgetReadsAsANumberOrUnlimited() throws {
        #expect(QueryBudget(text: "unlimited") == .unlimited && QueryBudget(text: "0") == .limit(0) && QueryBudget(text: "300") == .limit(300))
        #expect(QueryBudget(text: "-1") == nil && QueryBudget(text: "many") == nil)
        #expect(QueryBudget.limit(3).admits(3) && !QueryBudget.limit(3).admits(4) && QueryBudget.unlimited.admits(.max))
        // config.json: version 3 keeps 0 as zero look-ups; versions 1 and 2 wrote 0 for no cap.
        func budget(_ json: String) throws -> QueryBudget { try JSONDecoder().decode(TrainingConfiguration.self, from: Data(json.utf8)).queryBudget }
        #expect(try budget(#"{"version":3,"oracle":{"queryBudget":0}}"#) == .limit(0))
        #expect(try budget(#"{"version":3,"oracle":{"queryBudget":"unlimited"}}"#) == .unlimited)
        #expect(try budget(#"{"version":2,"oracle":{"queryBudget":0}}"#) == .unlimited)
        #expect(try budget(#"{"queryBudget":0}"#) == .unlimited)
        #expect(try budget(#"{"version":2,"oracle":{"queryBudget":50}}"#) == .limit(50))
        #expect(throws: (any Error).self) { try budget(#"{"version":3,"oracle":{"queryBudget":"lots"}}"#) }
        var c = TrainingConfiguration()
        c.queryBudget = .limit(0)
        let back = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(c))
        #expect(back.queryBudget == .limit(0))
    }
}

@Suite struct PresetTests {
    @Test func thePaperPresetIsThePublishedSettingsAndTheDefaultUsesTheSpace() throws {
        let paper = try TrainingConfiguration.preset("paper", space: "nb201")
        var expected = TrainingConfiguration()
        expected.space = "nb201"
        expected.membersOnly = false
        #expect(paper == expected)
        #expect(paper.generatorKind == .gnn && paper.valuerMode == .classification && paper.checkpointSelection == .oracle)
        let nb201 = try TrainingConfiguration.preset("default", space: "nb201")
        #expect(nb201.generatorKind == .autoregressive && nb201.queryBudget == .limit(300))
        try nb201.validate()
        let nb101 = TrainingConfiguration.recommended(space: "nb101")
        #expect(nb101.generatorKind == .autoregressive && nb101.valuerDirectedSum && nb101.valuerPretrainEpochs == 2)
        let nbgraph = TrainingConfiguration.recommended(space: "nbgraph")
        #expect(nbgraph.generatorKind == .gnn && nbgraph.valuerDirectedSum)
        #expect(throws: ConfigurationError.self) { try TrainingConfiguration.preset("best", space: "nb201") }
    }

    @Test func newSettingsRoundTripThroughJSON() throws {
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.discriminatorRealTop = 30
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: try JSONEncoder().encode(c))
        #expect(decoded == c)
    }
}

@Suite struct MetricsAdditionsTests {
    @Test func distinctTopArchitecturesAndDesignBenchSummary() throws {
        let benchmark = try syntheticBenchmark()
        let best = benchmark.classes[0].cell, worst = benchmark.classes[benchmark.classes.count - 1].cell
        let cells = [best, best, benchmark.classes[1].cell, worst]
        let m = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: []).metrics
        #expect(m.distinctTop5 == 2 && m.distinctTop10 == 2 && m.distinctTop20 == 2)
        #expect(m.normalizedMax128 == 1)
        // Normalised values sorted: 0 (worst), x (class 1), 1, 1 → median (x + 1) / 2.
        let objectives = benchmark.classes.map(\.objective)
        let x = (benchmark.classes[1].objective - objectives.min()!) / (objectives.max()! - objectives.min()!)
        #expect(abs(m.normalizedMedian128! - (x + 1) / 2) < 1e-12)
    }
}

/// The valuer-first default on an in-memory NAS-Bench-201 with a learnable synthetic objective.
@Suite struct ValuerFirstTrainingTests {
    /// The last epoch's log of a small run of the NB201 default (changed by `configure`) on the
    /// synthetic NB201 benchmark, and its configuration.
    static func smallNB201Run(_ configure: (inout TrainingConfiguration) -> Void = { _ in }) throws -> (EpochLog, TrainingConfiguration) {
        let benchmark = try syntheticNB201Benchmark()
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.hiddenSize = 16
        c.epochs = 2
        c.valuerPretrainEpochs = 2
        c.batchSize = 64
        c.generatorSamples = 64
        c.evaluationCount = 200
        configure(&c)
        var trainer = try Trainer(configuration: c, benchmark: benchmark)
        var last: EpochLog?
        for _ in 0..<c.epochs { last = trainer.runEpoch() }
        return (try #require(last), c)
    }

    @Test func theDefaultPresetLearnsToGenerateTopCells() throws {
        let (log, c) = try Self.smallNB201Run()
        // Uniform sampling puts about 10% of its cells in the top 10%.
        #expect(log.metrics.top10 > 0.25, "top-10 share \(log.metrics.top10)")
        #expect(try #require(log.valuer).spearman > 0.8)
        #expect(c.queryBudget.admits(log.oracleQueries))
        #expect(log.selectionQueries == 0)  // the last checkpoint: per-epoch metrics cost no queries
    }
}

@Suite struct DiscriminatorPoolTests {
    @Test func theRealBatchComesFromTheBestPartOfTheTrainingSplit() throws {
        var c = smallConfiguration()
        c.discriminatorRealTop = 10
        let trainer = try Trainer(configuration: c, benchmark: try syntheticBenchmark())
        let ranked = trainer.split.training.sorted()  // classes are sorted best first
        let source = try #require(trainer.realBatchSources.first as? TopOfSplitBatch)
        #expect(source.pool == Array(ranked.prefix(Int((Double(ranked.count) / 10).rounded()))))
        #expect(TopOfSplitBatch(training: trainer.split.training, percent: 100).pool == ranked)
        #expect(TopOfSplitBatch(training: trainer.split.training, percent: 1e-6).pool == [ranked[0]])
    }

    @Test func valuerPretrainingLowersItsLossOnTheTrainingSplit() throws {
        var c = smallConfiguration()
        c.valuerMode = .rank
        c.valuerDirectedSum = true
        c.valuerPretrainEpochs = 1
        var trainer = try Trainer(configuration: c, benchmark: try syntheticBenchmark())
        let first = trainer.pretrainValuer()
        var later = first
        for _ in 0..<5 { later = trainer.pretrainValuer() }
        #expect(later < first, "loss \(first) → \(later)")
    }
}

@Suite struct AbsolutePathTests {
    @Test func relativePathsResolveAgainstTheWorkingDirectory() {
        let cwd = FileManager.default.currentDirectoryPath
        let parent = cwd.split(separator: "/").dropLast().joined(separator: "/")
        #expect(RunFolder.absolutePath("../shared/x.csv") == "/" + parent + "/shared/x.csv")
        #expect(RunFolder.absolutePath("/a/./b/../c") == "/a/c")
        #expect(RunFolder.absolutePath("x") == cwd + "/x")
    }
}

/// `--valuer-top-weight`: the valuer's regression loss weighted towards the best classes.
@Suite struct ValuerTopWeightTests {
    @Test func theBestClassesWeighMoreAndOnlyARegressionValuerTakesIt() throws {
        let benchmark = try syntheticNB201Benchmark()
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.hiddenSize = 16
        c.valuerTopWeight = 9
        let trainer = try Trainer(configuration: c, benchmark: benchmark)
        // The training split's best class counts about 1 + 9, one at its 50th percentile about 1.
        let ranked = trainer.split.training.sorted()  // classes are sorted best first
        let weights = ranked.map { trainer.labels(ofClass: $0).weight }
        #expect(abs(weights[0] - 10) < 1e-5)
        #expect(weights[ranked.count / 2] < 1.1 && zip(weights, weights.dropFirst()).allSatisfy { $0 >= $1 })
        var classifier = smallConfiguration()
        classifier.valuerTopWeight = 1
        #expect(throws: ConfigurationError.self) { try classifier.validate() }
        // A short weighted run trains and still ranks.
        let (log, _) = try ValuerFirstTrainingTests.smallNB201Run { $0.valuerTopWeight = 9 }
        #expect(try #require(log.valuer).spearman > 0.5 && log.lossValuer.isFinite)
    }
}
