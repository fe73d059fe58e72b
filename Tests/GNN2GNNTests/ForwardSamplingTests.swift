import Testing
import TestFixtures
@testable import GNN2GNN
import TensorCore

/// The forward-only sampler (generation, and the D and V phases of a step) must draw what the taped
/// sampler draws: the same random numbers, the same choices, the same cells.
@Suite struct ForwardSamplingTests {
    static let variants: [(positions: Bool, bound: Float, direct: Bool)] = [
        (false, 0, false), (true, 0, false), (false, 3, false), (false, 0, true), (true, 4, true),
    ]

    @Test(arguments: 0..<variants.count)
    func matchesTheTapedSampler(_ variant: Int) throws {
        let v = Self.variants[variant]
        let benchmark = try syntheticBenchmark()
        var config = smallConfiguration()
        config.nodePositions = v.positions
        config.logitBound = v.bound
        config.directEdgeLogits = v.direct
        var random = SeededGenerator(seed: 40 + UInt64(variant))
        let model = GNN2GNNModel(configuration: config, space: benchmark.space, using: &random)
        let generator = try #require(model.generator as? Generator)
        for count in [1, 7, 300] {   // 300 cells span several scoring chunks
            var taped = SeededGenerator(seed: 5), forward = taped
            let tape = Tape(training: false)
            let reference = generator.sample(count: count, generator.parameters.constants(on: tape), hard: true, using: &taped)
            let drawn = generator.sampleWithoutGradients(count: count, on: tape, using: &forward)
            #expect(forward.state == taped.state, "same number of random draws")
            #expect(drawn.keep.value == reference.keep.value)
            #expect(drawn.operations.value == reference.operations.value)
            #expect(drawn.cells == reference.cells)
            // Bit-identical with OpenBLAS; other BLAS libraries may round the edge scorer differently.
            for (a, b) in [(drawn.edgeLogits.value, reference.edgeLogits.value), (drawn.operationLogits.value, reference.operationLogits.value)] {
                #expect(a.shape == b.shape)
                #expect(zip(a.scalars, b.scalars).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
            }
        }
    }

    @Test func theDiscriminatorSeesTheSameInput() throws {
        // The D and V phases sample without a tape: what they feed the networks must be what the
        // taped sampler fed them. Replays a D-phase sample both ways from one stream state.
        let benchmark = try syntheticBenchmark()
        let trainer = try Trainer(configuration: smallConfiguration(), benchmark: benchmark)
        let before = trainer.random
        let generator = try #require(trainer.model.generator as? Generator)
        var a = before, b = before
        let tape = Tape()
        let fast = generator.sampleWithoutGradients(count: 8, on: tape, using: &a).encoded(edgeGradients: true)
        let slow = generator.sample(count: 8, generator.parameters.constants(on: tape), using: &b).encoded(edgeGradients: true)
        #expect(fast.graph == slow.graph)
        #expect(fast.features.value == slow.features.value)
        #expect(fast.edgeWeights?.value == slow.edgeWeights?.value)
        #expect(a.state == b.state)
    }
}
