import Testing
import TestFixtures
@testable import GNN2GNN
import NASBench
import TensorCore

/// Work spread over threads must give what one thread gives.
@Suite struct ParallelismTests {
    @Test func parallelGenerationEqualsTheSequentialLoop() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 9)
        let model = GNN2GNNModel(configuration: smallConfiguration(), space: benchmark.space, using: &random)
        var parallel = SeededGenerator(seed: 21), sequential = parallel
        let cells = model.generate(count: 1234, batchSize: 100, using: &parallel)
        var expected: [Cell] = []
        while expected.count < 1234 {
            let tape = Tape(training: false)
            let p = BoundParameters(variables: model.generator.parameters.tensors.map { tape.constant($0) })
            expected += model.generator.sample(count: min(100, 1234 - expected.count), p, using: &sequential).cells
        }
        #expect(cells == expected)
        #expect(parallel.state == sequential.state)
        // The parallel path itself (not its sequential fallback) must accept the stream positions.
        let sizes = Array(repeating: 100, count: 12) + [34]
        for workers in [2, 3, 5] {
            var direct = SeededGenerator(seed: 21)
            #expect(model.generateInParallel(sizes: sizes, workers: workers, using: &direct) == expected)
            #expect(direct.state == sequential.state)
        }
    }

    /// The parallel path measures what one cell consumes instead of deriving it: for the paper's
    /// generator it is the sampler's own count (node features, two Gumbel numbers per candidate
    /// edge, one per operation of each node), and the slot generators take the parallel path too.
    @Test func drawsPerCellAreMeasuredForEveryGenerator() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 3)
        let model = GNN2GNNModel(configuration: smallConfiguration(), space: benchmark.space, using: &random)
        let g = try #require(model.generator as? Generator)
        #expect(model.measuredDrawsPerCell(from: random) == g.nodeCount * g.hiddenSize + g.candidateEdges.count * 2 + g.nodeCount * g.operationCount)
        let nb201 = try syntheticNB201Benchmark()
        for kind in [GeneratorKind.slots, .autoregressive, .rnn] {
            var c = TrainingConfiguration.recommended(space: "nb201")
            c.generatorKind = kind
            c.hiddenSize = 16
            let slotModel = GNN2GNNModel(configuration: c, space: nb201.space, using: &random)
            #expect(slotModel.measuredDrawsPerCell(from: random) != nil, "\(kind)")
            var parallel = random, sequential = random
            let sizes = [50, 50, 50, 17]
            let cells = try #require(slotModel.generateInParallel(sizes: sizes, workers: 2, using: &parallel), "\(kind)")
            var expected: [Cell] = []
            for n in sizes { expected += slotModel.generator.sampleWithoutGradients(count: n, on: Tape(training: false), using: &sequential).cells }
            #expect(cells == expected, "\(kind)")
            #expect(parallel.state == sequential.state, "\(kind)")
        }
    }

    @Test func parallelScoringEqualsSequentialScoring() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 10)
        let model = GNN2GNNModel(configuration: smallConfiguration(), space: benchmark.space, using: &random)
        let cells = model.generate(count: 5000, using: &random) + benchmark.classes.map(\.cell)
        let training = Set(benchmark.classes.indices.filter { $0 % 3 == 0 })
        let parallel = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: training)
        let sequential = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: training) { _ in nil }
        #expect(parallel.metrics == sequential.metrics)
        #expect(parallel.scored.map(\.hash) == sequential.scored.map(\.hash))
        #expect(parallel.scored.map(\.classIndex) == sequential.scored.map(\.classIndex))
    }
}
