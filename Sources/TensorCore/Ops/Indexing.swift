#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Variable {
    /// Rows `indices` of a rank-2 tensor, in that order (index select); rows may repeat.
    public func gatherRows(_ indices: [Int]) -> Variable {
        let x = value
        let rows = x.rows, columns = x.columns
        for row in indices { precondition(row >= 0 && row < rows, "row index \(row) out of 0..<\(rows)") }
        let count = indices.count * columns
        let out = [Float](unsafeUninitializedCapacity: count) { op, initialized in
            if count > 0 {
                x.scalars.withUnsafeBufferPointer { xp in
                    let source = xp.baseAddress!, target = op.baseAddress!
                    for (k, row) in indices.enumerated() {
                        (target + k * columns).initialize(from: source + row * columns, count: columns)
                    }
                }
            }
            initialized = count
        }
        let input = id
        return tape.record(Tensor(shape: [indices.count, columns], scalars: out), inputs: [self]) { tape, g in
            tape.accumulate(input) { gx in
                guard count > 0 else { return }
                g.withUnsafeBufferPointer { gp in
                    let gradient = gp.baseAddress!, target = gx.baseAddress!
                    for (k, row) in indices.enumerated() {
                        let from = gradient + k * columns, to = target + row * columns
                        for c in 0..<columns { to[c] += from[c] }
                    }
                }
            }
        }
    }

    /// Sums rows that share a segment: row `i` is added into output row `segments[i]`
    /// (scatter-add); the result has `segmentCount` rows. Empty segments are zero.
    public func segmentSum(_ segments: [Int], segmentCount: Int) -> Variable {
        let x = value
        precondition(segments.count == x.rows, "one segment index per row: \(segments.count) vs \(x.rows)")
        let columns = x.columns
        var out = [Float](repeating: 0, count: segmentCount * columns)
        x.scalars.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                for (i, s) in segments.enumerated() {
                    precondition(s >= 0 && s < segmentCount, "segment \(s) out of 0..<\(segmentCount)")
                    for c in 0..<columns { op[s * columns + c] += xp[i * columns + c] }
                }
            }
        }
        let input = id
        return tape.record(Tensor(shape: [segmentCount, columns], scalars: out), inputs: [self]) { tape, g in
            // Every row receives exactly one term.
            tape.accumulate(input, overwritingFirst: { gx, overwrite in
                for (i, s) in segments.enumerated() {
                    if overwrite {
                        for c in 0..<columns { gx[i * columns + c] = g[s * columns + c] }
                    } else {
                        for c in 0..<columns { gx[i * columns + c] += g[s * columns + c] }
                    }
                }
            })
        }
    }

    /// Mean of the rows of each segment (zero for empty segments).
    public func segmentMean(_ segments: [Int], segmentCount: Int) -> Variable {
        var counts = [Float](repeating: 0, count: segmentCount)
        for s in segments { counts[s] += 1 }
        let inverse = counts.map { $0 > 0 ? 1 / $0 : 0 }
        let scale = tape.constant(Tensor(shape: [segmentCount, 1], scalars: inverse))
        let sums = segmentSum(segments, segmentCount: segmentCount)
        return sums * scale
    }

    /// Softmax over the rows of each segment, separately for every column.
    public func segmentSoftmax(_ segments: [Int], segmentCount: Int) -> Variable {
        let x = value
        precondition(segments.count == x.rows, "one segment index per row")
        let columns = x.columns
        let out = x.scalars.withUnsafeBufferPointer {
            Kernels.segmentSoftmax($0, columns: columns, segments: segments, segmentCount: segmentCount)
        }
        let input = id
        return tape.record(Tensor(shape: x.shape, scalars: out), inputs: [self]) { [out] tape, g in
            var dots = [Float](repeating: 0, count: segmentCount * columns)
            for (i, s) in segments.enumerated() {
                for c in 0..<columns { dots[s * columns + c] += g[i * columns + c] * out[i * columns + c] }
            }
            tape.accumulate(input) { gx in
                for (i, s) in segments.enumerated() {
                    for c in 0..<columns {
                        let k = i * columns + c
                        gx[k] += out[k] * (g[k] - dots[s * columns + c])
                    }
                }
            }
        }
    }

    /// Rows `range` of a rank-2 tensor.
    public func sliceRows(_ range: Range<Int>) -> Variable {
        let x = value
        precondition(range.lowerBound >= 0 && range.upperBound <= x.rows, "rows \(range) out of 0..<\(x.rows)")
        let columns = x.columns
        let out = Array(x.scalars[(range.lowerBound * columns)..<(range.upperBound * columns)])
        let input = id
        var shape = x.shape
        shape[0] = range.count
        return tape.record(Tensor(shape: shape, scalars: out), inputs: [self]) { tape, g in
            tape.accumulate(input) { gx in
                let offset = range.lowerBound * columns
                for k in 0..<g.count { gx[offset + k] += g[k] }
            }
        }
    }

    /// The same elements under a new shape.
    public func reshaped(_ shape: [Int]) -> Variable {
        let input = id
        return tape.record(value.reshaped(shape), inputs: [self]) { tape, g in
            tape.accumulate(input, overwritingFirst: { gx, overwrite in
                if overwrite { for k in 0..<g.count { gx[k] = g[k] } } else { for k in 0..<g.count { gx[k] += g[k] } }
            })
        }
    }
}

extension Variable {
    /// `concatColumns([gatherRows(first), gatherRows(second)])` in one pass: row `k` is row
    /// `first[k]` followed by row `second[k]`. Values and gradients are bit-identical to the three
    /// operations (the gradient adds the `second` halves, then the `first` halves, each in row
    /// order, as the two gathers' pullbacks would in reverse tape order).
    public func gatherRowPairs(_ first: [Int], _ second: [Int]) -> Variable {
        precondition(first.count == second.count, "gatherRowPairs needs equally many indices")
        let x = value
        let rows = x.rows, columns = x.columns
        for row in first { precondition(row >= 0 && row < rows, "row index \(row) out of 0..<\(rows)") }
        for row in second { precondition(row >= 0 && row < rows, "row index \(row) out of 0..<\(rows)") }
        let width = 2 * columns, count = first.count * width
        let out = [Float](unsafeUninitializedCapacity: count) { op, initialized in
            if count > 0 {
                x.scalars.withUnsafeBufferPointer { xp in
                    let source = xp.baseAddress!
                    for k in 0..<first.count {
                        let a = source + first[k] * columns, b = source + second[k] * columns
                        let toA = op.baseAddress! + k * width, toB = toA + columns
                        for c in 0..<columns { toA[c] = a[c] }
                        for c in 0..<columns { toB[c] = b[c] }
                    }
                }
            }
            initialized = count
        }
        let input = id
        return tape.record(Tensor(shape: [first.count, width], scalars: out), inputs: [self]) { tape, g in
            tape.accumulate(input) { gx in
                guard count > 0 else { return }
                g.withUnsafeBufferPointer { gp in
                    let gradient = gp.baseAddress!, target = gx.baseAddress!
                    for (k, row) in second.enumerated() {
                        let from = gradient + k * width + columns, to = target + row * columns
                        for c in 0..<columns { to[c] += from[c] }
                    }
                    for (k, row) in first.enumerated() {
                        let from = gradient + k * width, to = target + row * columns
                        for c in 0..<columns { to[c] += from[c] }
                    }
                }
            }
        }
    }
}

/// Concatenates rank-2 tensors with the same number of rows side by side (`[r, c1 + c2 + …]`).
public func concatColumns(_ parts: [Variable]) -> Variable {
    precondition(!parts.isEmpty)
    let tape = parts[0].tape
    let rows = parts[0].rows
    let widths = parts.map { $0.columns }
    precondition(parts.allSatisfy { $0.rows == rows }, "concatColumns needs equal row counts")
    let total = widths.reduce(0, +)
    let out = [Float](unsafeUninitializedCapacity: rows * total) { op, initialized in
        var offset = 0
        for (part, width) in zip(parts, widths) {
            if rows > 0 && width > 0 {
                part.value.scalars.withUnsafeBufferPointer { xp in
                    let source = xp.baseAddress!, target = op.baseAddress! + offset
                    for r in 0..<rows { (target + r * total).initialize(from: source + r * width, count: width) }
                }
            }
            offset += width
        }
        initialized = rows * total
    }
    let ids = parts.map(\.id)
    return tape.record(Tensor(shape: [rows, total], scalars: out), inputs: parts) { tape, g in
        var offset = 0
        for (part, width) in zip(ids, widths) {
            let start = offset
            tape.accumulate(part) { gx in
                guard rows > 0 && width > 0 else { return }
                g.withUnsafeBufferPointer { gp in
                    let gradient = gp.baseAddress! + start, target = gx.baseAddress!
                    for r in 0..<rows {
                        let from = gradient + r * total, to = target + r * width
                        for c in 0..<width { to[c] += from[c] }
                    }
                }
            }
            offset += width
        }
    }
}

/// Stacks rank-2 tensors with the same number of columns on top of each other.
public func concatRows(_ parts: [Variable]) -> Variable {
    precondition(!parts.isEmpty)
    let tape = parts[0].tape
    let columns = parts[0].columns
    precondition(parts.allSatisfy { $0.columns == columns && $0.shape.count == 2 }, "concatRows needs equal column counts")
    var out: [Float] = []
    out.reserveCapacity(parts.reduce(0) { $0 + $1.value.count })
    for part in parts { out.append(contentsOf: part.value.scalars) }
    let counts = parts.map { $0.value.count }
    let ids = parts.map(\.id)
    return tape.record(Tensor(shape: [out.count / max(columns, 1), columns], scalars: out), inputs: parts) { tape, g in
        var offset = 0
        for (part, count) in zip(ids, counts) {
            let start = offset
            tape.accumulate(part) { gx in for k in 0..<count { gx[k] += g[start + k] } }
            offset += count
        }
    }
}
