#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Variable {
    /// Mean cross-entropy of row-wise logits `[n, classes]` against integer class targets (PyTorch's
    /// `F.cross_entropy` with mean reduction). A scalar; zero when `n == 0`.
    public func crossEntropy(targets: [Int]) -> Variable {
        let x = value
        let rows = x.rows, columns = x.columns
        precondition(targets.count == rows, "one target per row: \(targets.count) vs \(rows)")
        let lse = rowLogSumExp(x)
        var probabilities = [Float](repeating: 0, count: x.count)
        var loss: Float = 0
        for r in 0..<rows {
            let base = r * columns
            precondition(targets[r] >= 0 && targets[r] < columns, "target \(targets[r]) out of 0..<\(columns)")
            for c in 0..<columns { probabilities[base + c] = expf(x.scalars[base + c] - lse[r]) }
            loss -= x.scalars[base + targets[r]] - lse[r]
        }
        let scale: Float = rows > 0 ? 1 / Float(rows) : 0
        let input = id
        return tape.record(Tensor(loss * scale), inputs: [self]) { [probabilities] tape, g in
            tape.accumulate(input) { gx in
                for r in 0..<rows {
                    let base = r * columns
                    for c in 0..<columns {
                        let target: Float = c == targets[r] ? 1 : 0
                        gx[base + c] += g[0] * scale * (probabilities[base + c] - target)
                    }
                }
            }
        }
    }

    /// Mean squared error against a constant target of the same number of elements (a scalar).
    public func meanSquaredError(target: Tensor) -> Variable {
        let x = value
        precondition(target.count == x.count, "MSE target has \(target.count) elements, prediction \(x.count)")
        let n = Float(max(x.count, 1))
        var loss: Float = 0
        for i in 0..<x.count { let d = x.scalars[i] - target.scalars[i]; loss += d * d }
        let input = id
        return tape.record(Tensor(loss / n), inputs: [self]) { tape, g in
            tape.accumulate(input) { gx in
                for i in 0..<gx.count { gx[i] += g[0] * 2 * (x.scalars[i] - target.scalars[i]) / n }
            }
        }
    }

    /// Weighted mean squared error, `Σ wᵢ (xᵢ − tᵢ)² / Σ wᵢ`, against a constant target with one
    /// non-negative weight per element (a scalar).
    public func meanSquaredError(target: Tensor, weights: [Float]) -> Variable {
        let x = value
        precondition(target.count == x.count && weights.count == x.count, "weighted MSE: \(x.count) predictions, \(target.count) targets, \(weights.count) weights")
        let total = max(weights.reduce(0, +), .leastNormalMagnitude)
        var loss: Float = 0
        for i in 0..<x.count { let d = x.scalars[i] - target.scalars[i]; loss += weights[i] * d * d }
        let input = id
        return tape.record(Tensor(loss / total), inputs: [self]) { tape, g in
            tape.accumulate(input) { gx in
                for i in 0..<gx.count { gx[i] += g[0] * 2 * weights[i] * (x.scalars[i] - target.scalars[i]) / total }
            }
        }
    }
}
