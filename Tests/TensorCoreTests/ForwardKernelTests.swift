import Foundation
import Testing
@testable import TensorCore

/// Forward kernels shared by the taped operations and forward-only code, first-write gradients, and
/// the vectorised Adam update.
@Suite struct ForwardKernelTests {
    @Test func gumbelSoftmaxKernelEqualsTheTapedOperation() {
        var g = SeededGenerator(seed: 1)
        let logits = KernelEquivalenceTests.random([37, 5], &g)
        var a = SeededGenerator(seed: 2), b = a
        let tape = Tape()
        let soft = tape.constant(logits).gumbelSoftmax(temperature: 0.7, hard: false, using: &a)
        let kernel = logits.scalars.withUnsafeBufferPointer {
            Kernels.gumbelSoftmaxRows($0, rows: 37, columns: 5, temperature: 0.7, using: &b)
        }
        #expect(soft.value.scalars == kernel)
        #expect(a.state == b.state)
        let hard = kernel.withUnsafeBufferPointer { Kernels.oneHotOfRowMaxima($0, rows: 37, columns: 5) }
        let argMax = kernel.withUnsafeBufferPointer { Kernels.rowArgMax($0, rows: 37, columns: 5) }
        for r in 0..<37 {
            #expect(hard[(r * 5)..<(r * 5 + 5)].reduce(0, +) == 1 && hard[r * 5 + argMax[r]] == 1)
            #expect(kernel[r * 5 + argMax[r]] == kernel[(r * 5)..<(r * 5 + 5)].max())
        }
    }

    @Test func firstWriteAssignsAndLaterWritesAdd() {
        // `x` feeds five operations whose pullbacks write first or add (matmul, ReLU, affine,
        // broadcast product, reshape); its gradient must be the sum of the five, each computed alone.
        var g = SeededGenerator(seed: 3)
        let x = KernelEquivalenceTests.random([6, 4], &g), w = KernelEquivalenceTests.random([4, 3], &g)
        let column = KernelEquivalenceTests.random([6, 1], &g)
        let terms: [(Variable, Variable) -> Variable] = [
            { x, w in x.matmul(w).sum() },
            { x, _ in x.relu().sum() },
            { x, _ in (x * 1.5 + 0.25).sum() },
            { x, _ in (x * x.tape.constant(column)).sum() },
            { x, _ in x.reshaped([24]).sum() * 2 },
        ]
        func gradient(_ chosen: [Int]) -> [Float] {
            let tape = Tape()
            let xv = tape.variable(x), wv = tape.constant(w)
            let loss = chosen.map { terms[$0](xv, wv) }.reduce(tape.constant(Tensor(0))) { $0 + $1 }
            tape.backward(from: loss)
            return tape.gradient(of: xv).scalars
        }
        let together = gradient(Array(terms.indices))
        var separate = [Float](repeating: 0, count: x.count)
        for k in terms.indices { for (i, v) in gradient([k]).enumerated() { separate[i] += v } }
        for (a, b) in zip(together, separate) { #expect(abs(a - b) <= 1e-5 * max(1, abs(b))) }
    }

    @Test func vectorisedAdamEqualsTheScalarUpdate() {
        // Sizes that leave 0, 1, 2 and 3 elements after the groups of four.
        for count in [4, 5, 6, 7, 13] {
            var g = SeededGenerator(seed: UInt64(count))
            var store = ParameterStore()
            _ = store.add("w", KernelEquivalenceTests.random([count], &g))
            var w = store.tensors[0].scalars, m = [Float](repeating: 0, count: count), v = m
            var adam = Adam(learningRate: 0.01, weightDecay: 0.001)
            for step in 1...3 {
                let gradient = KernelEquivalenceTests.random([count], &g)
                adam.step(&store, gradients: [gradient])
                let c1 = 1 - powf(0.9, Float(step)), c2 = 1 - powf(0.999, Float(step))
                let stepSize: Float = 0.01 / c1, root = c2.squareRoot()
                for i in 0..<count {
                    let gi = gradient.scalars[i] + 0.001 * w[i]
                    m[i] = 0.9 * m[i] + (1 - 0.9) * gi
                    v[i] = 0.999 * v[i] + (1 - 0.999) * gi * gi
                    w[i] -= stepSize * m[i] / (v[i].squareRoot() / root + 1e-8)
                }
                #expect(store.tensors[0].scalars == w, "count \(count), step \(step)")
            }
        }
    }
}
