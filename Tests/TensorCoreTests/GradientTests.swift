import Testing
@testable import TensorCore

/// Random inputs kept away from the kinks of relu/clamp so finite differences are meaningful.
func randomTensor(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -1...1, awayFromZero: Bool = false) -> Tensor {
    var g = SeededGenerator(seed: seed)
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, scalars: (0..<count).map { _ in
        var v = g.uniform(range.lowerBound, range.upperBound)
        if awayFromZero && abs(v) < 0.1 { v += v < 0 ? -0.1 : 0.1 }
        return v
    })
}

let checker = GradientCheck()

@Suite("Gradients of every differentiable operation match finite differences")
struct GradientTests {
    @Test func matmul() {
        let r = checker.check([randomTensor([3, 4], seed: 1), randomTensor([4, 5], seed: 2)]) { $0[0].matmul($0[1]) }
        #expect(r.passed, "\(r)")
    }

    @Test(arguments: [[3, 4], [4], [1, 4], [3, 1], [1]])
    func binaryOperationsWithBroadcast(rhsShape: [Int]) {
        let a = randomTensor([3, 4], seed: 3)
        let b = randomTensor(rhsShape, seed: 4, range: 0.5...1.5)
        for (name, op) in [("+", { (x: Variable, y: Variable) in x + y }), ("-", { $0 - $1 }),
                           ("*", { $0 * $1 }), ("/", { $0 / $1 })] as [(String, (Variable, Variable) -> Variable)] {
            let r = checker.check([a, b]) { op($0[0], $0[1]) }
            #expect(r.passed, "\(name) with rhs \(rhsShape): \(r)")
        }
    }

    @Test func scalarOperations() {
        let a = randomTensor([2, 3], seed: 5)
        #expect(checker.check([a]) { $0[0] * 3 + 2 }.passed)
        #expect(checker.check([a]) { 1 - $0[0] / 4 }.passed)
        #expect(checker.check([a]) { -$0[0] - 0.5 }.passed)
    }

    @Test func activations() {
        let a = randomTensor([3, 4], seed: 6, range: -2...2, awayFromZero: true)
        let positive = randomTensor([3, 4], seed: 7, range: 0.2...2)
        #expect(checker.check([a]) { $0[0].relu() }.passed)
        #expect(checker.check([a]) { $0[0].sigmoid() }.passed)
        #expect(checker.check([a]) { $0[0].tanh() }.passed)
        #expect(checker.check([a]) { $0[0].exp() }.passed)
        #expect(checker.check([positive]) { $0[0].log() }.passed)
        // Clamp bounds ±0.55 sit between the grid of inputs (all ≥ 0.1 from zero); keep away from them.
        let b = Tensor(shape: [6], scalars: [-1.2, -0.3, 0.2, 0.4, 0.9, 1.4])
        #expect(checker.check([b]) { $0[0].clamped(-0.55, 0.55) }.passed)
    }

    @Test func reductions() {
        let a = randomTensor([3, 4], seed: 8)
        #expect(checker.check([a]) { $0[0].sum() }.passed)
        #expect(checker.check([a]) { $0[0].mean() }.passed)
        #expect(checker.check([a]) { $0[0].sum(alongAxis: 0) }.passed)
        #expect(checker.check([a]) { $0[0].sum(alongAxis: 1) }.passed)
        #expect(checker.check([a]) { $0[0].mean(alongAxis: 0) }.passed)
        #expect(checker.check([a]) { $0[0].mean(alongAxis: 1) }.passed)
    }

    @Test func softmaxAndLogSoftmax() {
        let a = randomTensor([3, 5], seed: 9, range: -3...3)
        #expect(checker.check([a]) { $0[0].softmax() }.passed)
        #expect(checker.check([a]) { $0[0].logSoftmax() }.passed)
    }

    @Test func indexingAndSegments() {
        let a = randomTensor([5, 3], seed: 10)
        let segments = [0, 2, 0, 1, 2]
        #expect(checker.check([a]) { $0[0].gatherRows([4, 0, 0, 2]) }.passed)
        #expect(checker.check([a]) { $0[0].segmentSum(segments, segmentCount: 4) }.passed)
        #expect(checker.check([a]) { $0[0].segmentMean(segments, segmentCount: 4) }.passed)
        #expect(checker.check([a]) { $0[0].segmentSoftmax(segments, segmentCount: 3) }.passed)
        #expect(checker.check([a]) { $0[0].sliceRows(1..<4) }.passed)
        #expect(checker.check([a]) { $0[0].reshaped([15]) }.passed)
        let b = randomTensor([5, 2], seed: 11)
        #expect(checker.check([a, b]) { concatColumns([$0[0], $0[1], $0[0]]) }.passed)
        let c = randomTensor([2, 3], seed: 12)
        #expect(checker.check([a, c]) { concatRows([$0[0], $0[1]]) }.passed)
    }

    @Test func losses() {
        let logits = randomTensor([4, 3], seed: 13, range: -2...2)
        #expect(checker.check([logits]) { $0[0].crossEntropy(targets: [0, 2, 1, 2]) }.passed)
        let target = randomTensor([4, 3], seed: 14)
        #expect(checker.check([logits]) { $0[0].meanSquaredError(target: target) }.passed)
        let weights: [Float] = [1, 0.5, 3, 0, 2, 1, 1, 4, 0.25, 1, 2, 1]
        #expect(checker.check([logits]) { $0[0].meanSquaredError(target: target, weights: weights) }.passed)
        // Equal weights are the plain mean; the weights' scale does not matter.
        let tape = Tape()
        let x = tape.constant(logits)
        #expect(abs(x.meanSquaredError(target: target, weights: Array(repeating: 2, count: 12)).scalar - x.meanSquaredError(target: target).scalar) < 1e-6)
        #expect(abs(x.meanSquaredError(target: target, weights: weights).scalar
            - x.meanSquaredError(target: target, weights: weights.map { $0 * 10 }).scalar) < 1e-6)
    }

    @Test func dropoutIsAFixedMaskInTrainingAndIdentityOtherwise() {
        let a = randomTensor([4, 6], seed: 15)
        // With the same seed the mask is the same in every evaluation, so the op is differentiable.
        let r = checker.check([a]) { v in
            var g = SeededGenerator(seed: 99)
            v[0].tape.isTraining = true
            return v[0].dropout(rate: 0.3, using: &g)
        }
        #expect(r.passed, "\(r)")
        let tape = Tape(training: false)
        var g = SeededGenerator(seed: 1)
        #expect(tape.constant(a).dropout(rate: 0.5, using: &g).value == a)
    }

    @Test func gumbelSoftmaxSoftAndStraightThrough() {
        let a = randomTensor([3, 4], seed: 16, range: -1...1)
        let soft = checker.check([a]) { v in
            var g = SeededGenerator(seed: 5)
            return v[0].gumbelSoftmax(temperature: 0.7, hard: false, using: &g)
        }
        #expect(soft.passed, "\(soft)")
        // The hard sample's gradient is the soft sample's (straight-through), checked against a
        // finite difference of the soft sample under the same noise.
        let tape = Tape()
        var g1 = SeededGenerator(seed: 5), g2 = SeededGenerator(seed: 5)
        let x = tape.variable(a)
        let hard = x.gumbelSoftmax(temperature: 0.7, hard: true, using: &g1)
        let softSample = x.gumbelSoftmax(temperature: 0.7, hard: false, using: &g2)
        for r in 0..<3 {
            let row = Array(hard.value.scalars[(r * 4)..<(r * 4 + 4)])
            #expect(row.filter { $0 == 1 }.count == 1 && row.filter { $0 == 0 }.count == 3)
            let softRow = Array(softSample.value.scalars[(r * 4)..<(r * 4 + 4)])
            #expect(row.firstIndex(of: 1) == softRow.firstIndex(of: softRow.max()!))
        }
        let weights = tape.constant(randomTensor([3, 4], seed: 17))
        tape.backward(from: (hard * weights).sum())
        let hardGradient = tape.gradient(of: x)
        let tape2 = Tape()
        let x2 = tape2.variable(a)
        var g3 = SeededGenerator(seed: 5)
        tape2.backward(from: (x2.gumbelSoftmax(temperature: 0.7, hard: false, using: &g3) * tape2.constant(weights.value)).sum())
        #expect(hardGradient == tape2.gradient(of: x2))
    }

    @Test func straightThroughPassesGradientUnchanged() {
        let a = randomTensor([2, 2], seed: 18)
        let tape = Tape()
        let x = tape.variable(a)
        let y = x.straightThrough(value: Tensor(shape: [2, 2], scalars: [1, 0, 0, 1]))
        #expect(y.value.scalars == [1, 0, 0, 1])
        tape.backward(from: (y * 3).sum())
        #expect(tape.gradient(of: x).scalars == [3, 3, 3, 3])
    }

    @Test func checkerDetectsAWrongGradient() {
        // A deliberately wrong pullback must be caught, so the checks above could fail.
        let a = randomTensor([3], seed: 19)
        let r = checker.check([a]) { v in
            let x = v[0], xs = x.value.scalars
            return x.tape.record(Tensor(shape: [3], scalars: xs.map { $0 * $0 }), inputs: [x]) { tape, g in
                tape.accumulate(x.id) { gx in for i in 0..<3 { gx[i] += g[i] * xs[i] } } // should be 2x
            }
        }
        #expect(!r.passed)
    }
}
