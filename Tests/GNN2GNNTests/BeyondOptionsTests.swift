import Foundation
import Testing
import TestFixtures
@testable import GNN2GNN
import NASBench
import TensorCore

/// The generator options beyond the paper: position embeddings, bounded logits, the score-function term.
@Suite struct BeyondOptionsTests {
    /// `logProbability` is the sum of the log-softmax of the chosen edge options over all candidate
    /// edges plus that of the chosen operation of every surviving middle node.
    @Test func logProbabilityMatchesAHandSum() {
        var random = SeededGenerator(seed: 3)
        let generator = Generator(nodeCount: 5, operationCount: 3, hiddenSize: 8, layers: 1, temperature: 0.1,
                                  using: &random)
        let tape = Tape()
        let sample = generator.sample(count: 6, generator.parameters.bind(to: tape), using: &random)
        let logP = sample.logProbability().value.scalars
        let e = generator.candidateEdges.count, n = 5, k = 3
        let edgeLogits = sample.edgeLogits.value.scalars, opLogits = sample.operationLogits.value.scalars
        let keep = sample.keep.value.scalars, ops = sample.operations.value.scalars
        func logSoftmax(_ row: ArraySlice<Float>, _ index: Int) -> Double {
            let m = row.max()!
            let lse = Double(m) + log(row.reduce(0.0) { $0 + exp(Double($1 - m)) })
            return Double(row[row.startIndex + index]) - lse
        }
        for c in 0..<6 {
            var expected = 0.0
            for r in (c * e)..<((c + 1) * e) { expected += logSoftmax(edgeLogits[(2 * r)..<(2 * r + 2)], keep[r] > 0.5 ? 1 : 0) }
            for v in sample.refined[c].survivingNodes where v != 0 && v != n - 1 {
                let row = (c * n + v) * k
                let chosen = (0..<k).first { ops[row + $0] > 0.5 }!
                expected += logSoftmax(opLogits[row..<(row + k)], chosen)
            }
            #expect(abs(Double(logP[c]) - expected) < 1e-4)
            #expect(logP[c] < 0)
        }
    }

    /// The score-function term reaches the edge scorer even when every middle node was pruned, where
    /// the straight-through path carries nothing.
    @Test func scoreFunctionGradientReachesEveryEdgeChoice() {
        var random = SeededGenerator(seed: 4)
        let generator = Generator(nodeCount: 6, operationCount: 3, hiddenSize: 8, layers: 1, temperature: 0.1,
                                  directEdgeLogits: true, nodePositions: true, logitBound: 2, using: &random)
        let tape = Tape()
        let p = generator.parameters.bind(to: tape)
        let sample = generator.sample(count: 16, p, using: &random)
        let advantage = tape.constant(Tensor(shape: [16, 1], scalars: (0..<16).map { Float($0 % 2 == 0 ? 1 : -1) }))
        tape.backward(from: -(sample.logProbability() * advantage).mean())
        let norms = Dictionary(uniqueKeysWithValues: zip(generator.parameters.names,
                                                         p.gradients().map { $0.scalars.reduce(0) { $0 + $1 * $1 } }))
        #expect(norms["generator.edge_scorer.weight"]! > 0)
        #expect(norms["generator.positions"]! > 0)
        #expect(norms["generator.op_mapper.weight"]! > 0)
    }

    /// Bounded logits stay within ±bound; the positions parameter exists only when asked for.
    @Test func logitBoundAndPositions() {
        var random = SeededGenerator(seed: 5)
        let plain = Generator(nodeCount: 6, operationCount: 3, hiddenSize: 8, layers: 1, temperature: 0.1, using: &random)
        #expect(!plain.parameters.names.contains("generator.positions"))
        let bounded = Generator(nodeCount: 6, operationCount: 3, hiddenSize: 8, layers: 2, temperature: 0.1,
                                directEdgeLogits: true, nodePositions: true, logitBound: 0.5, using: &random)
        #expect(bounded.parameters.names.contains("generator.positions"))
        let tape = Tape()
        let sample = bounded.sample(count: 10, bounded.parameters.bind(to: tape), using: &random)
        #expect(sample.edgeLogits.value.scalars.allSatisfy { abs($0) <= 0.5 })
        #expect(sample.operationLogits.value.scalars.allSatisfy { abs($0) <= 0.5 })
    }

    /// The rank valuer's targets are percentile ranks among the training split: 0.9 (the scale's top
    /// tenth is headroom) for its best class, near 0 for its worst, never increasing down the ranking.
    @Test func rankValuerTargetsArePercentileRanksOfTheTrainingSplit() throws {
        let benchmark = try syntheticBenchmark()
        var config = smallConfiguration()
        config.valuerMode = .rank
        let trainer = try Trainer(configuration: config, benchmark: benchmark)
        let ranked = trainer.split.training.sorted()  // classes are sorted best first
        let targets = ranked.map { trainer.labels(ofClass: $0).regression }
        #expect(abs(targets[0] - 0.9) < 1e-6)
        #expect(targets[targets.count - 1] < 0.9 * 2 / Float(ranked.count))
        #expect(zip(targets, targets.dropFirst()).allSatisfy { $0 >= $1 })
    }

    /// A run with every option beyond the paper on trains, stays finite, and counts its oracle rewards.
    @Test func trainingWithScoreFunctionAndOracleReward() throws {
        let benchmark = try syntheticBenchmark()
        var config = smallConfiguration()
        config.nodePositions = true
        config.directEdgeLogits = true
        config.logitBound = 2
        config.policyGradientWeight = 1
        config.oracleReward = true
        config.rewardScale = 10
        config.oracleFeedback = false
        var trainer = try Trainer(configuration: config, benchmark: benchmark)
        let log = trainer.runEpoch()
        #expect(log.lossGenerator.isFinite)
        // With oracle feedback off, every training query came from the reward.
        #expect(trainer.oracle.trainingQueries.count > 0)
    }
}

@Suite struct MemberSamplingTests {
    func model() throws -> (GNN2GNNModel, Benchmark) {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 9)
        return (GNN2GNNModel(configuration: smallConfiguration(), space: benchmark.space, using: &random), benchmark)
    }

    @Test func keepsOnlyMembersAndCountsDraws() throws {
        let (model, benchmark) = try model()
        var random = SeededGenerator(seed: 1)
        let sample = model.generateMembers(count: 40, batchSize: 64, using: &random) { benchmark.classIndex(of: $0) != nil }
        #expect(sample.cells.count == 40)
        #expect(sample.members == 40)
        #expect(sample.cells.allSatisfy { benchmark.classIndex(of: $0) != nil })
        #expect(sample.draws >= 40)
        #expect(abs(sample.memberShare - 40 / Double(sample.draws)) < 1e-12)
    }

    /// When no draw is a member the sample still has `count` cells, none of them members, after the cap.
    @Test func stopsAtTheDrawCap() throws {
        let (model, _) = try model()
        var random = SeededGenerator(seed: 2)
        let sample = model.generateMembers(count: 10, maxDrawsPerCell: 3, batchSize: 7, using: &random) { _ in false }
        #expect(sample.cells.count == 10)
        #expect(sample.members == 0)
        #expect(sample.draws >= 30 && sample.draws < 30 + 7)
    }

    @Test func scoreFunctionNeedsALogitBound() {
        var config = TrainingConfiguration()
        config.policyGradientWeight = 1
        #expect(throws: ConfigurationError.self) { try config.validate() }
        config.logitBound = 5
        #expect(throws: Never.self) { try config.validate() }
    }
}

/// Asking about each distinct cell once must not change what is drawn or scored.
@Suite struct DistinctCellTests {
    @Test func drawMembersAsksOncePerDistinctCell() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 4)
        let model = GNN2GNNModel(configuration: smallConfiguration(), space: benchmark.space, using: &random)
        let drawn = model.generate(count: 600, using: &random)   // an untrained toy generator repeats itself
        var batches = stride(from: 0, to: drawn.count, by: 50).map { Array(drawn[$0..<min($0 + 50, drawn.count)]) }
        var asked: [Cell] = []
        let sample = drawMembers(count: 200, maxDraws: 600, draw: { batches.removeFirst() }) { cell in
            asked.append(cell)
            return benchmark.classIndex(of: cell) != nil
        }
        #expect(Set(asked).count == asked.count, "no cell asked twice")
        #expect(asked.count < sample.draws, "the toy generator repeats cells")
        // The same sample as asking about every draw.
        let consumed = Array(drawn.prefix(sample.draws))
        let members = consumed.filter { benchmark.classIndex(of: $0) != nil }
        let expected = members.count >= 200
            ? Array(members.prefix(200))
            : members + consumed.filter { benchmark.classIndex(of: $0) == nil }.prefix(200 - members.count)
        #expect(sample.cells == expected)
        #expect(sample.members == min(members.count, 200))
    }

    @Test func evaluationScoresEachDistinctCellOnce() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 5)
        let model = GNN2GNNModel(configuration: smallConfiguration(), space: benchmark.space, using: &random)
        let cells = model.generate(count: 500, using: &random) + benchmark.classes.prefix(20).map(\.cell)
        var asked: [Cell] = []
        let (metrics, scored) = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: [0, 1, 2]) { cell in
            asked.append(cell)
            return benchmark.classIndex(of: cell)
        }
        #expect(Set(asked).count == asked.count)
        let oneByOne = cells.map { GenerationMetrics.score($0, benchmark: benchmark) { benchmark.classIndex(of: $0) } }
        #expect(scored.map(\.cell) == cells)
        #expect(scored.map(\.hash) == oneByOne.map(\.hash))
        #expect(scored.map(\.classIndex) == oneByOne.map(\.classIndex))
        #expect(metrics == GenerationMetrics.summarize(oneByOne, benchmark: benchmark, trainingClasses: [0, 1, 2]))
    }
}

/// The valuer's scores over many cells (distillation's refresh, the ranking diagnostic) run their
/// batches on several threads; each batch is scored alone, so the scores cannot depend on the count.
@Suite struct ParallelScoringTests {
    @Test func valuerScoresAreTheSameOnOneTwoAndThreeThreads() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 4)
        let model = GNN2GNNModel(configuration: smallConfiguration(), space: benchmark.space, using: &random)
        let cells = model.generate(count: 730, using: &random)
        let operations = benchmark.space.operations.count
        let one = model.valuerScores(cells, operationCount: operations, batchSize: 64, threads: 1)
        #expect(one.count == cells.count && Set(one).count > 1)
        #expect(model.valuerScores(cells, operationCount: operations, batchSize: 64, threads: 2) == one)
        #expect(model.valuerScores(cells, operationCount: operations, batchSize: 64, threads: 3) == one)
        // Batches are scored alone: scoring a prefix gives the prefix of the scores.
        #expect(model.valuerScores(Array(cells.prefix(128)), operationCount: operations, batchSize: 64, threads: 2) == Array(one.prefix(128)))
    }
}
