import Testing
@testable import TensorCore

/// The vectorised kernels must give bit-identical values and gradients to their scalar definitions
/// (training with a fixed seed must not change when kernels get faster).
@Suite struct KernelEquivalenceTests {
    static func random(_ shape: [Int], _ g: inout SeededGenerator, awayFromZero: Bool = false) -> Tensor {
        let count = shape.reduce(1, *)
        return Tensor(shape: shape, scalars: (0..<count).map { _ in
            let x = g.uniform(-2, 2)
            return awayFromZero ? (x < 0 ? x - 0.5 : x + 0.5) : x
        })
    }

    /// The element-wise binary operations as first written: one scalar loop, `g` of ones·weights.
    static func reference(_ a: Tensor, _ b: Tensor, _ g: [Float], _ op: Int) -> (out: [Float], ga: [Float], gb: [Float]) {
        let rows = a.rows, columns = a.columns
        func j(_ r: Int, _ c: Int) -> Int {
            if b.shape == a.shape { return r * columns + c }
            if b.count == 1 { return 0 }
            if a.shape.count == 2 && b.shape == [rows, 1] { return r }
            return c
        }
        var out = [Float](repeating: 0, count: a.count), ga = out, gb = [Float](repeating: 0, count: b.count)
        for r in 0..<rows {
            for c in 0..<columns {
                let i = r * columns + c, k = j(r, c)
                switch op {
                case 0: out[i] = a.scalars[i] + b.scalars[k]; ga[i] += g[i]; gb[k] += g[i]
                case 1: out[i] = a.scalars[i] - b.scalars[k]; ga[i] += g[i]; gb[k] -= g[i]
                case 2: out[i] = a.scalars[i] * b.scalars[k]; ga[i] += g[i] * b.scalars[k]; gb[k] += g[i] * a.scalars[i]
                default:
                    out[i] = a.scalars[i] / b.scalars[k]; ga[i] += g[i] / b.scalars[k]
                    gb[k] -= g[i] * a.scalars[i] / (b.scalars[k] * b.scalars[k])
                }
            }
        }
        return (out, ga, gb)
    }

    @Test(arguments: [[7, 13], [13], [1, 13], [7, 1], [1], []])
    func binaryOperationsMatchTheScalarDefinition(rhsShape: [Int]) {
        var g = SeededGenerator(seed: 3)
        let a = Self.random([7, 13], &g)
        let shape = rhsShape.isEmpty ? [7, 13] : rhsShape
        let b = Self.random(shape, &g, awayFromZero: true)
        let weights = Self.random([7, 13], &g)
        for op in 0..<4 {
            let tape = Tape()
            let x = tape.variable(a), y = tape.variable(b)
            let z: Variable
            switch op {
            case 0: z = x + y
            case 1: z = x - y
            case 2: z = x * y
            default: z = x / y
            }
            tape.backward(from: (z * tape.constant(weights)).sum())
            // Gradient reaching z: the weights (times 1 from the sum).
            let expected = Self.reference(a, b, weights.scalars, op)
            #expect(z.value.scalars.map(\.bitPattern) == expected.out.map(\.bitPattern), "op \(op) forward")
            #expect(tape.gradient(of: x).scalars.map(\.bitPattern) == expected.ga.map(\.bitPattern), "op \(op) lhs gradient")
            #expect(tape.gradient(of: y).scalars.map(\.bitPattern) == expected.gb.map(\.bitPattern), "op \(op) rhs gradient")
        }
    }

    @Test func bulkDrawsEqualOneAtATimeDraws() {
        for count in [0, 1, 7, 22_400] {
            var a = SeededGenerator(seed: 99), b = a
            #expect(a.uniformFloats(count: count) == (0..<count).map { _ in b.nextFloat() })
            #expect(a.gumbels(count: count) == (0..<count).map { _ in b.gumbel() })
            #expect(a.state == b.state, "the stream goes on where the loop would")
        }
    }

    /// The plain pass's hard Gumbel-softmax must pick the column the soft one's one-hot picks, for
    /// every draw, including near ties, exact ties, huge values and non-finite logits.
    @Test func hardGumbelSoftmaxEqualsTheOneHotOfTheSoftSample() {
        var g = SeededGenerator(seed: 5)
        var cases: [(columns: Int, logits: [Float])] = []
        for columns in [1, 2, 5] {
            cases.append((columns, (0..<(columns * 400)).map { _ in g.uniform(-3, 3) }))
            // Rows of equal values, of neighbouring floats, and of values 10⁻⁴ apart.
            cases.append((columns, (0..<(columns * 200)).map { (i: Int) -> Float in i % columns == 0 ? 0.2 : Float(0.2).nextUp }))
            cases.append((columns, [Float](repeating: 1.5, count: columns * 200)))
            cases.append((columns, (0..<(columns * 200)).map { (i: Int) -> Float in 1 + Float(i % columns) * 1e-4 }))
            cases.append((columns, (0..<(columns * 50)).map { (i: Int) -> Float in i % 3 == 0 ? 1e6 : Float(i) - 1e6 }))
            cases.append((columns, (0..<(columns * 20)).map { (i: Int) -> Float in
                if i % 7 == 0 { return .nan }
                return i % 5 == 0 ? .infinity : Float(i)
            }))
        }
        for (columns, logits) in cases {
            let rows = logits.count / columns
            for temperature: Float in [0.1, 0.5, 1, 4] {
                var a = SeededGenerator(seed: UInt64(rows * columns) &+ UInt64(temperature * 10)), b = a
                let hard = logits.withUnsafeBufferPointer {
                    Kernels.hardGumbelSoftmaxRows($0, rows: rows, columns: columns, temperature: temperature, using: &a)
                }
                let soft = logits.withUnsafeBufferPointer {
                    Kernels.gumbelSoftmaxRows($0, rows: rows, columns: columns, temperature: temperature, using: &b)
                }
                let reference = soft.withUnsafeBufferPointer { Kernels.oneHotOfRowMaxima($0, rows: rows, columns: columns) }
                #expect(hard == reference, "columns \(columns), τ \(temperature), first logits \(logits.prefix(3))")
                #expect(a.state == b.state)
            }
        }
    }

    @Test func gatherAndConcatenationMatchTheScalarDefinition() {
        var g = SeededGenerator(seed: 4)
        let a = Self.random([9, 5], &g), b = Self.random([6, 3], &g)
        let indices = [3, 0, 8, 3, 3, 1]
        let weights = Self.random([6, 8], &g)
        let tape = Tape()
        let x = tape.variable(a), y = tape.variable(b)
        let gathered = x.gatherRows(indices)
        let joined = concatColumns([gathered, y])
        tape.backward(from: (joined * tape.constant(weights)).sum())
        var expectedOut = [Float](), expectedGx = [Float](repeating: 0, count: 45), expectedGy = [Float](repeating: 0, count: 18)
        for (k, row) in indices.enumerated() {
            expectedOut += Array(a.scalars[(row * 5)..<(row * 5 + 5)]) + Array(b.scalars[(k * 3)..<(k * 3 + 3)])
        }
        // Concatenation's pullback first fills the gathered rows' gradient, then gathering scatters it.
        var gatheredGradient = [Float](repeating: 0, count: 30)
        for k in 0..<6 {
            for c in 0..<5 { gatheredGradient[k * 5 + c] += weights.scalars[k * 8 + c] }
            for c in 0..<3 { expectedGy[k * 3 + c] += weights.scalars[k * 8 + 5 + c] }
        }
        for (k, row) in indices.enumerated() { for c in 0..<5 { expectedGx[row * 5 + c] += gatheredGradient[k * 5 + c] } }
        #expect(joined.value.scalars.map(\.bitPattern) == expectedOut.map(\.bitPattern))
        #expect(tape.gradient(of: x).scalars.map(\.bitPattern) == expectedGx.map(\.bitPattern))
        #expect(tape.gradient(of: y).scalars.map(\.bitPattern) == expectedGy.map(\.bitPattern))
    }

    @Test func gatheredRowPairsEqualGatherThenConcatenate() {
        var g = SeededGenerator(seed: 5)
        let a = Self.random([8, 6], &g), weights = Self.random([10, 12], &g), other = Self.random([8, 6], &g)
        let first = [0, 0, 1, 2, 7, 3, 3, 5, 6, 0], second = [1, 2, 2, 3, 7, 4, 5, 6, 7, 7]
        func run(fused: Bool) -> (value: [UInt32], gradient: [UInt32]) {
            let tape = Tape()
            let x = tape.variable(a)
            let pairs = fused ? x.gatherRowPairs(first, second) : concatColumns([x.gatherRows(first), x.gatherRows(second)])
            // Another use of x recorded later, so that gradient order matters.
            let loss = (pairs * tape.constant(weights)).sum() + (x * tape.constant(other)).sum()
            tape.backward(from: loss)
            return (pairs.value.scalars.map(\.bitPattern), tape.gradient(of: x).scalars.map(\.bitPattern))
        }
        let fused = run(fused: true), separate = run(fused: false)
        #expect(fused.value == separate.value)
        #expect(fused.gradient == separate.gradient)
    }
}
