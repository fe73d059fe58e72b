import TensorCore

extension GraphBatch {
    /// GCN propagation (Kipf & Welling) as PyTorch Geometric's `GCNConv` does it by default:
    /// self-loops of weight 1 are added, `deg(t) = 1 + Σ_{e→t} w_e` (in-degree), and
    /// `out_t = x_t / deg(t) + Σ_{e: s→t} w_e · x_s / √(deg(s)·deg(t))`. Messages flow along edge
    /// direction. Without `edgeWeights` every edge weighs 1. Differentiable in `x` and in the weights
    /// (including their effect on the degrees).
    public func propagate(_ x: Variable, edgeWeights: Variable? = nil) -> Variable {
        precondition(x.rows == nodeCount, "features for \(x.rows) nodes, graph has \(nodeCount)")
        let features = x.columns
        let weights: [Float] = edgeWeights.map { $0.value.scalars } ?? [Float](repeating: 1, count: edgeCount)
        precondition(weights.count == edgeCount, "one weight per edge: \(weights.count) vs \(edgeCount)")
        var degree = [Float](repeating: 1, count: nodeCount)
        for e in 0..<edgeCount { degree[targets[e]] += weights[e] }
        let d = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        let xv = x.value.scalars
        var out = [Float](repeating: 0, count: nodeCount * features)
        let (sources, targets, nodeCount, edgeCount) = (self.sources, self.targets, self.nodeCount, self.edgeCount)
        xv.withUnsafeBufferPointer { xp in
            out.withUnsafeMutableBufferPointer { op in
                for n in 0..<nodeCount {
                    let c = d[n] * d[n]
                    for f in 0..<features { op[n * features + f] = c * xp[n * features + f] }
                }
                for e in 0..<edgeCount {
                    let s = sources[e], t = targets[e]
                    let c = d[s] * weights[e] * d[t]
                    for f in 0..<features { op[t * features + f] += c * xp[s * features + f] }
                }
            }
        }
        let inputs = edgeWeights.map { [x, $0] } ?? [x]
        let xID = x.id, weightID = edgeWeights?.id
        return x.tape.record(Tensor(shape: [nodeCount, features], scalars: out), inputs: inputs) { tape, g in
            tape.accumulate(xID) { gx in
                g.withUnsafeBufferPointer { gp in
                    for n in 0..<nodeCount {
                        let c = d[n] * d[n]
                        for f in 0..<features { gx[n * features + f] += c * gp[n * features + f] }
                    }
                    for e in 0..<edgeCount {
                        let s = sources[e], t = targets[e]
                        let c = d[s] * weights[e] * d[t]
                        for f in 0..<features { gx[s * features + f] += c * gp[t * features + f] }
                    }
                }
            }
            guard let weightID, tape.needsGradient(weightID) else { return }
            // dL/dd_k, then through d_k = deg_k^(-1/2) and deg_t = 1 + Σ_{e→t} w_e.
            var dd = [Float](repeating: 0, count: nodeCount)
            var directTerm = [Float](repeating: 0, count: edgeCount)
            xv.withUnsafeBufferPointer { xp in
                g.withUnsafeBufferPointer { gp in
                    func dot(_ a: Int, _ b: Int) -> Float {
                        var total: Float = 0
                        for f in 0..<features { total += gp[a * features + f] * xp[b * features + f] }
                        return total
                    }
                    for n in 0..<nodeCount { dd[n] += 2 * d[n] * dot(n, n) }
                    for e in 0..<edgeCount {
                        let s = sources[e], t = targets[e]
                        let inner = dot(t, s)
                        directTerm[e] = d[s] * d[t] * inner
                        dd[s] += d[t] * weights[e] * inner
                        dd[t] += d[s] * weights[e] * inner
                    }
                }
            }
            tape.accumulate(weightID) { gw in
                for e in 0..<edgeCount {
                    let t = targets[e]
                    gw[e] += directTerm[e] - 0.5 * d[t] * d[t] * d[t] * dd[t]
                }
            }
        }
    }
}
