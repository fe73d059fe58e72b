import Foundation
import Testing
@testable import TensorCore

@Suite struct OptimizerTests {
    /// Two Adam steps on w = [1, -2] with gradients g1 = [0.5, 0.1], g2 = [-0.3, 0.2], lr 0.1,
    /// weight decay 0.01, computed by hand from PyTorch's update rule:
    /// g' = g + wd·w; m = β1 m + (1-β1) g'; v = β2 v + (1-β2) g'²;
    /// w -= lr/(1-β1^t) · m / (√v/√(1-β2^t) + ε).
    @Test func adamMatchesTwoHandComputedSteps() {
        var store = ParameterStore()
        let id = store.add("w", Tensor(shape: [2], scalars: [1, -2]))
        var adam = Adam(learningRate: 0.1, weightDecay: 0.01)
        adam.step(&store, gradients: [Tensor(shape: [2], scalars: [0.5, 0.1])])
        // Step 1: g' = [0.51, 0.08]; m̂ = g', v̂ = g'² ⇒ update = lr·sign(g') (up to ε).
        // w = [1 - 0.1, -2 - 0.1] = [0.9, -2.1].
        #expect(abs(store[id].scalars[0] - 0.9) < 1e-5)
        #expect(abs(store[id].scalars[1] - -2.1) < 1e-5)
        adam.step(&store, gradients: [Tensor(shape: [2], scalars: [-0.3, 0.2])])
        // Step 2, element 0: g' = -0.3 + 0.01·0.9 = -0.291.
        // m = 0.9·0.051 + 0.1·(-0.291) = 0.0459 - 0.0291 = 0.0168; m̂ = 0.0168/0.19 = 0.0884211
        // v = 0.999·0.0002601 + 0.001·0.084681 = 0.000259840 + 0.0000846810 = 0.000344521; v̂ = v/0.001999 = 0.172347
        // update = 0.1 · 0.0884211/0.415147 = 0.0212987 ⇒ w = 0.9 - 0.0212987 = 0.8787013
        #expect(abs(store[id].scalars[0] - 0.8787013) < 2e-5)
        // Element 1: g' = 0.2 + 0.01·(-2.1) = 0.179. m = 0.9·0.008 + 0.1·0.179 = 0.0251; m̂ = 0.132105
        // v = 0.999·0.0000064 + 0.001·0.032041 = 0.0000063936 + 0.000032041 = 0.0000384346; v̂ = 0.0192269
        // update = 0.1 · 0.132105/0.138661 = 0.0952719 ⇒ w = -2.1 - 0.0952719 = -2.1952719
        #expect(abs(store[id].scalars[1] - -2.1952719) < 2e-5)
        #expect(adam.stepCount == 2)
    }

    @Test func sgdWithMomentum() {
        var store = ParameterStore()
        let id = store.add("w", Tensor(shape: [1], scalars: [1]))
        var sgd = SGD(learningRate: 0.1, momentum: 0.9)
        sgd.step(&store, gradients: [Tensor(shape: [1], scalars: [1])])   // buf = 1, w = 0.9
        sgd.step(&store, gradients: [Tensor(shape: [1], scalars: [1])])   // buf = 1.9, w = 0.71
        #expect(abs(store[id].scalars[0] - 0.71) < 1e-6)
    }

    @Test func adamMinimisesAQuadratic() {
        var store = ParameterStore()
        let id = store.add("w", Tensor(shape: [3], scalars: [3, -1, 2]))
        var adam = Adam(learningRate: 0.05)
        for _ in 0..<500 {
            let tape = Tape()
            let p = store.bind(to: tape)
            tape.backward(from: (p[id] * p[id]).sum())
            adam.step(&store, gradients: p.gradients())
        }
        #expect(store[id].scalars.allSatisfy { abs($0) < 0.05 })
    }

    /// Bound as constants a store takes part in the forward pass but receives no gradient, while a
    /// bound store beside it on the same tape does.
    @Test func parametersAsConstantsReceiveNoGradient() {
        var trained = ParameterStore(), fixed = ParameterStore()
        let w = trained.add("w", Tensor(shape: [2], scalars: [1, 2]))
        let v = fixed.add("v", Tensor(shape: [2], scalars: [3, 4]))
        let tape = Tape()
        let p = trained.bind(to: tape), q = fixed.constants(on: tape)
        let loss = (p[w] * q[v]).sum()
        #expect(loss.scalar == 11)
        tape.backward(from: loss)
        #expect(p.gradients()[0].scalars == [3, 4])
        #expect(q.gradients()[0].scalars == [0, 0])
    }
}

@Suite struct RandomTests {
    /// The extreme bit patterns give finite Gumbel samples (all ones once gave u = 1 and +∞, which
    /// made Gumbel-softmax gradients NaN in about two of three 20-epoch training runs).
    @Test func gumbelIsFiniteAtTheExtremes() {
        for bits: UInt64 in [0, 1, .max, .max - 1, .max >> 1, 1 << 63, (1 << 41) - 1] {
            let g = SeededGenerator.gumbel(bits: bits)
            #expect(g.isFinite, "bits \(bits) → \(g)")
            #expect(g > -3 && g < 17)
        }
        // And a Gumbel-softmax over those extremes has finite gradients.
        let tape = Tape()
        let x = tape.variable(Tensor(shape: [1, 2], scalars: [0.3, -0.2]))
        let noise = tape.constant(Tensor(shape: [1, 2], scalars: [SeededGenerator.gumbel(bits: .max), SeededGenerator.gumbel(bits: 0)]))
        let soft = ((x + noise) * 10).softmax()
        tape.backward(from: (soft * tape.constant(Tensor(shape: [1, 2], scalars: [1, 2]))).sum())
        let gradient = tape.gradient(of: x).scalars
        #expect(gradient.allSatisfy { $0.isFinite })
    }

    @Test func sameSeedSameStreamDifferentSeedDifferentStream() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xs = (0..<100).map { _ in a.next() }, ys = (0..<100).map { _ in b.next() }, zs = (0..<100).map { _ in c.next() }
        #expect(xs == ys)
        #expect(xs != zs)
    }

    @Test func uniformFloatsAreInRangeAndRoughlyUniform() {
        var g = SeededGenerator(seed: 1)
        let samples = (0..<20000).map { _ in g.nextFloat() }
        #expect(samples.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = samples.reduce(0, +) / Float(samples.count)
        #expect(abs(mean - 0.5) < 0.01)
        let gumbels = (0..<20000).map { _ in g.gumbel() }
        let gumbelMean = gumbels.reduce(0, +) / Float(gumbels.count)
        #expect(abs(gumbelMean - 0.5772) < 0.03)   // Euler–Mascheroni constant
    }

    @Test func seededInitialisationIsReproducible() {
        func make(_ seed: UInt64) -> [Float] {
            var g = SeededGenerator(seed: seed)
            return Initializer.kaimingUniform(shape: [10, 5], fanIn: 10, using: &g).scalars
        }
        #expect(make(3) == make(3))
        #expect(make(3) != make(4))
        #expect(make(3).allSatisfy { abs($0) <= 1 / Float(10).squareRoot() })
    }
}

@Suite struct SafeTensorsTests {
    @Test func roundTripsTensorsAndMetadata() throws {
        let tensors = ["a.weight": Tensor(rows: [[1, 2], [3, 4]]), "b": Tensor(shape: [3], scalars: [-1, 0.5, 7])]
        let data = try SafeTensors.encode(tensors, metadata: ["epoch": "3"])
        let headerLength = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect((8 + headerLength) % 8 == 0)
        #expect(data.count == 8 + headerLength + 4 * 7)
        let decoded = try SafeTensors.decode(data)
        #expect(decoded.tensors == tensors)
        #expect(decoded.metadata == ["epoch": "3"])
    }

    @Test func rejectsTruncatedFiles() throws {
        let data = try SafeTensors.encode(["x": Tensor(shape: [4], scalars: [1, 2, 3, 4])])
        #expect(throws: SafeTensors.FormatError.self) { try SafeTensors.decode(data.prefix(data.count - 3)) }
        #expect(throws: SafeTensors.FormatError.self) { try SafeTensors.decode(Data([1, 2])) }
    }
}

@Suite struct TapeLifetimeTests {
    /// Pullbacks must not keep their tape alive (a tape that held its own variables would leak a
    /// whole step's activations every step).
    @Test func aTapeIsFreedAfterItsLastVariableGoes() {
        weak var weakTape: Tape?
        do {
            let tape = Tape()
            weakTape = tape
            let x = tape.variable(Tensor(rows: [[1, 2], [3, 4]]))
            let y = concatColumns([x.matmul(x).relu().softmax(), x.gatherRows([1, 0])]).segmentSum([0, 0], segmentCount: 1)
            tape.backward(from: (y * y).sum())
        }
        #expect(weakTape == nil)
    }
}
