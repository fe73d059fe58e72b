import Foundation
import Testing
@testable import TensorCore

/// The fused GRU step and the vector exponential it uses.
@Suite struct RecurrentTests {
    /// The GRU step composed of ordinary taped operations (the definition the fused node replaces).
    static func composedStep(_ pre: Variable, _ h: Variable, _ wh: Variable, width: Int) -> Variable {
        let fromState = h.matmul(wh)
        func block(_ v: Variable, _ k: Int) -> Variable {
            let selector = Tensor(shape: [3 * width, width], scalars: (0..<(3 * width * width)).map { i in
                let (row, column) = (i / width, i % width)
                return row == k * width + column ? 1 : 0
            })
            return v.matmul(v.tape.constant(selector))
        }
        let z = (block(pre, 0) + block(fromState, 0)).sigmoid()
        let r = (block(pre, 1) + block(fromState, 1)).sigmoid()
        let n = (block(pre, 2) + r * block(fromState, 2)).tanh()
        return (1 - z) * n + z * h
    }

    /// Width 11: one eight-lane block and a short one of three columns; width 5: a short block only.
    @Test(arguments: [11, 5, 16])
    func gatedRecurrentStepHasTheGradientsOfItsDefinition(width: Int) {
        let rows = 4
        let inputs = [randomTensor([rows, 3 * width], seed: 21, range: -2...2), randomTensor([rows, width], seed: 22),
                      randomTensor([width, 3 * width], seed: 23)]
        let fused = checker.check(inputs) { $0[0].gatedRecurrentStep(state: $0[1], stateWeights: $0[2]) }
        #expect(fused.passed, "\(fused)")
        // Values and gradients agree with the composition to rounding.
        func valuesAndGradients(_ body: ([Variable]) -> Variable) -> [[Float]] {
            let tape = Tape()
            let variables = inputs.map { tape.variable($0) }
            let out = body(variables)
            tape.backward(from: (out * out).sum())
            return [out.value.scalars] + variables.map { tape.gradient(of: $0).scalars }
        }
        let a = valuesAndGradients { $0[0].gatedRecurrentStep(state: $0[1], stateWeights: $0[2]) }
        let b = valuesAndGradients { Self.composedStep($0[0], $0[1], $0[2], width: width) }
        for (x, y) in zip(a, b) {
            #expect(x.count == y.count)
            #expect(zip(x, y).allSatisfy { abs($0 - $1) <= 2e-5 * max(1, abs($1)) }, "largest gap \(zip(x, y).map { abs($0 - $1) }.max() ?? 0)")
        }
    }

    @Test func gatedRecurrentStepWithConstantsRecordsNoPullback() {
        let tape = Tape(training: false)
        let out = tape.constant(randomTensor([2, 24], seed: 1)).gatedRecurrentStep(
            state: tape.constant(randomTensor([2, 8], seed: 2)), stateWeights: tape.constant(randomTensor([8, 24], seed: 3)))
        #expect(out.shape == [2, 8] && !tape.needsGradient(out.id))
        #expect(out.value.scalars.allSatisfy { $0.isFinite && abs($0) < 2 })
    }

    @Test func simdExpAgreesWithExpf() {
        var g = SeededGenerator(seed: 5)
        var worst: Float = 0
        for _ in 0..<4000 {
            let x = SIMD8<Float>((0..<8).map { _ in g.uniform(-87, 88) })
            let e = Kernels.exp(x)
            for l in 0..<8 { worst = max(worst, abs(e[l] - expf(x[l])) / expf(x[l])) }
            let t = Kernels.tanh(x * 0.1), s = Kernels.sigmoid(x * 0.1)
            for l in 0..<8 {
                #expect(abs(t[l] - tanhf(x[l] * 0.1)) <= 2.4e-7)
                #expect(abs(s[l] - 1 / (1 + expf(-x[l] * 0.1))) <= 1.2e-7)
            }
        }
        #expect(worst <= 2.5e-7, "largest relative error \(worst)")  // 2 ulp
        // Beyond the range: finite, no NaN, and the limits of tanh and the sigmoid exact.
        let extreme = Kernels.exp(SIMD8<Float>(-1e30, -200, -88, 0, 1, 89, 200, 1e30))
        #expect((0..<8).allSatisfy { extreme[$0].isFinite && extreme[$0] > 0 } && extreme[3] == 1)
        let limits = Kernels.tanh(SIMD8<Float>(-1e30, -50, -20, 0, 1e-8, 20, 50, 1e30))
        #expect(limits[0] == -1 && limits[1] == -1 && limits[3] == 0 && abs(limits[4]) < 1e-6 && limits[6] == 1 && limits[7] == 1)
    }
}
