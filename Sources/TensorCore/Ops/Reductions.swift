#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Variable {
    /// Sum of all elements (a scalar).
    public func sum() -> Variable {
        let x = id
        let total = value.scalars.reduce(0, +)
        return tape.record(Tensor(total), inputs: [self]) { tape, g in
            tape.accumulate(x) { gx in for i in 0..<gx.count { gx[i] += g[0] } }
        }
    }

    /// Mean of all elements (a scalar).
    public func mean() -> Variable { sum() / Float(max(value.count, 1)) }

    /// Sum along `axis` of a rank-2 tensor: axis 0 sums over rows (→ `[columns]`), axis 1 over columns (→ `[rows]`).
    public func sum(alongAxis axis: Int) -> Variable {
        let x = value
        precondition(x.shape.count == 2 && (axis == 0 || axis == 1), "sum(alongAxis:) needs a matrix and axis 0 or 1")
        let rows = x.rows, columns = x.columns
        var out = [Float](repeating: 0, count: axis == 0 ? columns : rows)
        for r in 0..<rows {
            for c in 0..<columns { out[axis == 0 ? c : r] += x.scalars[r * columns + c] }
        }
        let input = id
        return tape.record(Tensor(shape: [out.count], scalars: out), inputs: [self]) { tape, g in
            tape.accumulate(input) { gx in
                for r in 0..<rows { for c in 0..<columns { gx[r * columns + c] += g[axis == 0 ? c : r] } }
            }
        }
    }

    /// Mean along `axis` (see `sum(alongAxis:)`).
    public func mean(alongAxis axis: Int) -> Variable {
        let n = axis == 0 ? value.rows : value.columns
        return sum(alongAxis: axis) / Float(max(n, 1))
    }

    /// Softmax over the last axis (each row sums to 1).
    public func softmax() -> Variable {
        let x = value
        let rows = x.rows, columns = x.columns
        let out = x.scalars.withUnsafeBufferPointer { Kernels.softmaxRows($0, rows: rows, columns: columns) }
        let input = id
        return tape.record(Tensor(shape: x.shape, scalars: out), inputs: [self]) { [out] tape, g in
            tape.accumulate(input) { gx in
                for r in 0..<rows {
                    let base = r * columns
                    var dot: Float = 0
                    for c in 0..<columns { dot += g[base + c] * out[base + c] }
                    for c in 0..<columns { gx[base + c] += out[base + c] * (g[base + c] - dot) }
                }
            }
        }
    }

    /// Logarithm of the softmax over the last axis, computed stably.
    public func logSoftmax() -> Variable {
        let x = value
        let rows = x.rows, columns = x.columns
        let lse = rowLogSumExp(x)
        var out = [Float](repeating: 0, count: x.count)
        for r in 0..<rows { for c in 0..<columns { out[r * columns + c] = x.scalars[r * columns + c] - lse[r] } }
        let input = id
        return tape.record(Tensor(shape: x.shape, scalars: out), inputs: [self]) { [out] tape, g in
            tape.accumulate(input) { gx in
                for r in 0..<rows {
                    let base = r * columns
                    var total: Float = 0
                    for c in 0..<columns { total += g[base + c] }
                    for c in 0..<columns { gx[base + c] += g[base + c] - expf(out[base + c]) * total }
                }
            }
        }
    }
}

/// log Σ exp over the last axis, per row, computed stably (shifted by the row maximum).
func rowLogSumExp(_ x: Tensor) -> [Float] {
    x.scalars.withUnsafeBufferPointer { Kernels.rowLogSumExp($0, rows: x.rows, columns: x.columns) }
}
