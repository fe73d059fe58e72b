import Foundation
import Testing
@testable import GNN2GNN
import TestFixtures

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
        let inverse = ValuerQuality.measure(benchmark: benchmark, split: split, seed: 0) { truth($0).map { -$0 } }
        #expect(inverse.spearman < -0.999)
        #expect(inverse.top10PrecisionAt10 == 0)
        #expect(inverse.rankOfBest == benchmark.classes.count)
    }
}

@Suite struct SlotStructureTests {
    let space = NASBench201Space(skipSubstitution: true)

    @Test func slotChoicesGiveTheOfficialGraphs() throws {
        #expect(space.slotCount == 6 && space.slotOptions == NASBench201Space.cellOperations)
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
        let generator = SlotGenerator(space: space, hiddenSize: 8, layers: 2, temperature: 0.1, logitBound: 5, generator: &random)
        let tape = Tape()
        let sample = generator.sample(count: 20, generator.parameters.bind(to: tape), generator: &random)
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

    @Test func theSlotGeneratorNeedsASpaceWithAFixedStructure() throws {
        var c = smallConfiguration()
        c.generatorKind = GeneratorKind.slots.rawValue
        c.valuerMode = .rank
        #expect(throws: ConfigurationError.self) { try Trainer(configuration: c, benchmark: try syntheticBenchmark()) }
    }
}

@Suite struct OracleBudgetTests {
    @Test func feedbackRevealsNoNewClassOnceTheBudgetIsSpent() throws {
        let benchmark = try syntheticBenchmark()
        var oracle = Oracle(benchmark: benchmark)
        let cells = benchmark.classes.prefix(5).map(\.cell)
        #expect(oracle.trainingClassIndex(of: cells[0], budget: 2) == 0)
        #expect(oracle.trainingClassIndex(of: cells[1], budget: 2) == 1)
        #expect(oracle.trainingClassIndex(of: cells[2], budget: 2) == nil)  // over budget
        #expect(oracle.trainingClassIndex(of: cells[0], budget: 2) == 0)    // known: still a label
        #expect(oracle.distinctQueries == 2)
        #expect(oracle.trainingClassIndex(of: cells[3], budget: 0) == 3)    // 0 = no cap
    }
}

@Suite struct PresetTests {
    @Test func thePaperPresetIsThePublishedSettingsAndTheDefaultUsesTheSpace() throws {
        let paper = try TrainingConfiguration.preset("paper", space: "nb201")
        var expected = TrainingConfiguration()
        expected.space = "nb201"
        expected.membersOnly = false
        #expect(paper == expected)
        #expect(paper.generatorKind == "gnn" && paper.valuerMode == .classification && paper.checkpointSelection == .oracle)
        let nb201 = try TrainingConfiguration.preset("default", space: "nb201")
        #expect(nb201.generatorKind == GeneratorKind.slots.rawValue && nb201.queryBudget > 0)
        try nb201.validate()
        let nb101 = TrainingConfiguration.recommended(space: "nb101")
        #expect(nb101.generatorKind == GeneratorKind.gnn.rawValue && nb101.valuerDirectedSum)
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
    @Test func theDefaultPresetLearnsToGenerateTopCells() throws {
        let benchmark = try syntheticNB201Benchmark()
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.hiddenSize = 16
        c.epochs = 2
        c.valuerPretrainEpochs = 2
        c.batchSize = 64
        c.generatorSamples = 64
        c.evaluationCount = 200
        var trainer = try Trainer(configuration: c, benchmark: benchmark)
        var last: EpochLog?
        for _ in 0..<c.epochs { last = trainer.runEpoch() }
        let log = try #require(last)
        // Uniform sampling puts about 10% of its cells in the top 10%.
        #expect(log.metrics.top10 > 0.25, "top-10 share \(log.metrics.top10)")
        #expect(try #require(log.valuer).spearman > 0.8)
        #expect(log.oracleQueries <= c.queryBudget)
        #expect(log.selectionQueries == 0)  // the last checkpoint: per-epoch metrics cost no queries
    }
}

@Suite struct DiscriminatorPoolTests {
    @Test func theRealBatchComesFromTheBestPartOfTheTrainingSplit() throws {
        var c = smallConfiguration()
        c.discriminatorRealTop = 10
        let trainer = try Trainer(configuration: c, benchmark: try syntheticBenchmark())
        let ranked = trainer.split.training.sorted()  // classes are sorted best first
        #expect(trainer.discriminatorPool == Array(ranked.prefix(Int((Double(ranked.count) / 10).rounded()))))
        var whole = smallConfiguration()
        whole.discriminatorRealTop = 100
        #expect(try Trainer(configuration: whole, benchmark: try syntheticBenchmark()).discriminatorPool.count == ranked.count)
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
