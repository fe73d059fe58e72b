#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Forward computations that the differentiable operations and forward-only code (sampling
/// without a tape) share, so that both compute every element with the same expressions, in the
/// same order, and give bit-identical values.
public enum Kernels {
    /// `x · scale + shift`, the element expression of `Variable.affine`.
    @inlinable @inline(__always)
    public static func affine(_ x: Float, scale: Float, shift: Float) -> Float { x * scale + shift }

    /// e^x for eight lanes at once (Cephes' `expf`: x = n·ln 2 + r with |r| ≤ ln 2 / 2, a degree-5
    /// polynomial for e^r, 2^n from the exponent bits): within 2 ulp of `expf` (test
    /// `simdExpAgreesWithExpf`); inputs are clamped to [−87.3, 88.3], so it never returns ∞ or a
    /// subnormal. Vectorises where a loop calling `expf` per element cannot.
    @inlinable @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let low = SIMD8<Float>(repeating: -87.3), high = SIMD8<Float>(repeating: 88.3)
        let v = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
        // n = round(v / ln 2) by adding 1.5·2²³: its low mantissa bits are then n (|n| ≤ 128).
        let shifter = SIMD8<Float>(repeating: 12_582_912)
        let shifted = v * 1.44269504088896341 + shifter
        let n = shifted - shifter
        let r = v - n * 0.693359375 + n * 2.12194440e-4
        var p = SIMD8<Float>(repeating: 1.9875691500e-4)
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let y = p * (r * r) + r + 1
        let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
        return y * unsafeBitCast(exponent &<< 23, to: SIMD8<Float>.self)
    }

    /// tanh for eight lanes, as `2 / (1 + e^(−2x)) − 1` with the vector `exp`: within 2.4e-7 of `tanhf` in
    /// absolute terms (test `simdExpAgreesWithExpf`), and one exponential where glibc's `tanhf` goes
    /// through a scalar `expm1f` (3–4× slower; a third of the RNN generator's step).
    @inlinable @inline(__always)
    public static func tanh(_ x: SIMD8<Float>) -> SIMD8<Float> { 2 / (1 + exp(-2 * x)) - 1 }

    /// 1 / (1 + e^−x) for eight lanes (with the vector `exp`).
    @inlinable @inline(__always)
    public static func sigmoid(_ x: SIMD8<Float>) -> SIMD8<Float> { 1 / (1 + exp(-x)) }

    /// `x · w` for row-major `x` (`rows × inner`) and `w` (`inner × columns`), through BLAS with β = 0.
    public static func matmul(_ x: [Float], rows: Int, inner: Int, _ w: [Float], columns: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows * columns) { out, initialized in
            initialized = rows * columns
            guard rows * columns > 0 else { return }
            if inner == 0 { out.initialize(repeating: 0); return }
            x.withUnsafeBufferPointer { xp in
                w.withUnsafeBufferPointer { wp in
                    BLAS.gemm(m: rows, n: columns, k: inner, a: xp.baseAddress!, b: wp.baseAddress!, c: out.baseAddress!)
                }
            }
        }
    }

    /// Stable log Σ exp of each row of a `rows × columns` matrix (shifted by the row maximum).
    public static func rowLogSumExp(_ x: UnsafeBufferPointer<Float>, rows: Int, columns: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: rows) { out, initialized in
            for r in 0..<rows {
                let base = r * columns
                var maximum = -Float.infinity
                for c in 0..<columns { maximum = max(maximum, x[base + c]) }
                var total: Float = 0
                for c in 0..<columns { total += expf(x[base + c] - maximum) }
                out[r] = logf(total) + maximum
            }
            initialized = rows
        }
    }

    /// Softmax of each row of a `rows × columns` matrix.
    public static func softmaxRows(_ x: UnsafeBufferPointer<Float>, rows: Int, columns: Int) -> [Float] {
        let lse = rowLogSumExp(x, rows: rows, columns: columns)
        return [Float](unsafeUninitializedCapacity: rows * columns) { out, initialized in
            for r in 0..<rows { for c in 0..<columns { out[r * columns + c] = expf(x[r * columns + c] - lse[r]) } }
            initialized = rows * columns
        }
    }

    /// Softmax over the rows of each segment, separately for every column: row `i` belongs to
    /// segment `segments[i]` of `segmentCount`.
    public static func segmentSoftmax(_ x: UnsafeBufferPointer<Float>, columns: Int, segments: [Int], segmentCount: Int) -> [Float] {
        var maximum = [Float](repeating: -.infinity, count: segmentCount * columns)
        for (i, s) in segments.enumerated() {
            precondition(s >= 0 && s < segmentCount, "segment \(s) out of 0..<\(segmentCount)")
            for c in 0..<columns { maximum[s * columns + c] = max(maximum[s * columns + c], x[i * columns + c]) }
        }
        var out = [Float](repeating: 0, count: segments.count * columns)
        var totals = [Float](repeating: 0, count: segmentCount * columns)
        for (i, s) in segments.enumerated() {
            for c in 0..<columns {
                let e = expf(x[i * columns + c] - maximum[s * columns + c])
                out[i * columns + c] = e
                totals[s * columns + c] += e
            }
        }
        for (i, s) in segments.enumerated() { for c in 0..<columns { out[i * columns + c] /= totals[s * columns + c] } }
        return out
    }

    /// `count` standard Gumbel samples, in stream order.
    public static func gumbelNoise(count: Int, using random: inout SeededGenerator) -> [Float] {
        random.gumbels(count: count)
    }

    /// The soft sample of a Gumbel-softmax over each row, `softmax((logits + noise) · (1/temperature))`,
    /// drawing the noise from `random` (one sample per element, in row-major order).
    public static func gumbelSoftmaxRows(_ logits: UnsafeBufferPointer<Float>, rows: Int, columns: Int, temperature: Float,
                                         using random: inout SeededGenerator) -> [Float] {
        let count = rows * columns
        let noise = gumbelNoise(count: count, using: &random)
        let scale = 1 / temperature
        let scaled = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            for i in 0..<count { out[i] = affine(logits[i] + noise[i], scale: scale, shift: 0) }
            initialized = count
        }
        return scaled.withUnsafeBufferPointer { softmaxRows($0, rows: rows, columns: columns) }
    }

    /// The hard sample of a Gumbel-softmax over each row: exactly
    /// `oneHotOfRowMaxima(gumbelSoftmaxRows(logits, …))` with the same draws, without the two
    /// exponentials per element where they cannot change the answer. A row whose largest scaled value
    /// leads every other one by more than 10⁻³ (relative to its size) has its one-hot there: the
    /// softmax keeps that order strictly, whatever its rounding. Other rows (near ties, non-finite
    /// values) take the softmax as `softmaxRows` computes it.
    public static func hardGumbelSoftmaxRows(_ logits: UnsafeBufferPointer<Float>, rows: Int, columns: Int, temperature: Float,
                                             using random: inout SeededGenerator) -> [Float] {
        let count = rows * columns
        let noise = gumbelNoise(count: count, using: &random)
        let scale = 1 / temperature
        var out = [Float](repeating: 0, count: count)
        guard columns > 0 else { return out }
        var row = [Float](repeating: 0, count: columns)
        for r in 0..<rows {
            let base = r * columns
            var best = 0, finite = true
            for c in 0..<columns {
                row[c] = affine(logits[base + c] + noise[base + c], scale: scale, shift: 0)
                finite = finite && row[c].isFinite
                if row[c] > row[best] { best = c }
            }
            let margin = 1e-3 * max(1, abs(row[best]))
            var clear = finite
            for c in 0..<columns where c != best && row[c] >= row[best] - margin { clear = false; break }
            if !clear {
                // As softmaxRows: the row's log-sum-exp, then each exponential, first maximum on ties.
                let soft = row.withUnsafeBufferPointer { softmaxRows($0, rows: 1, columns: columns) }
                best = soft.withUnsafeBufferPointer { rowArgMax($0, rows: 1, columns: columns)[0] }
            }
            out[base + best] = 1
        }
        return out
    }

    /// The column of each row's maximum (the first one on ties).
    public static func rowArgMax(_ x: UnsafeBufferPointer<Float>, rows: Int, columns: Int) -> [Int] {
        (0..<rows).map { r in
            var best = 0
            for c in 1..<max(columns, 1) where x[r * columns + c] > x[r * columns + best] { best = c }
            return best
        }
    }

    /// One-hot of each row's maximum (the first one on ties).
    public static func oneHotOfRowMaxima(_ x: UnsafeBufferPointer<Float>, rows: Int, columns: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rows * columns)
        guard columns > 0 else { return out }
        for (r, best) in rowArgMax(x, rows: rows, columns: columns).enumerated() { out[r * columns + best] = 1 }
        return out
    }
}
