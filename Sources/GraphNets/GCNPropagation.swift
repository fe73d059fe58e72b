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
        let xv = x.value.scalars
        let (out, d) = xv.withUnsafeBufferPointer { propagatedValues($0, features: features, edgeWeights: weights) }
        let (sources, targets, nodeCount, edgeCount) = (self.sources, self.targets, self.nodeCount, self.edgeCount)
        let inputs = edgeWeights.map { [x, $0] } ?? [x]
        let xID = x.id, weightID = edgeWeights?.id
        return x.tape.record(Tensor(shape: [nodeCount, features], scalars: out), inputs: inputs) { tape, g in
            StepProfile.countPropagation(flops: 2 * (nodeCount + edgeCount) * features)
            // The self-loop terms cover every element once: on the first write they assign.
            tape.accumulate(xID, overwritingFirst: { gx, overwrite in
                guard nodeCount > 0 && features > 0 else { return }
                g.withUnsafeBufferPointer { gp in
                    let gIn = gp.baseAddress!, gOut = gx.baseAddress!
                    for n in 0..<nodeCount {
                        let c = d[n] * d[n]
                        let from = gIn + n * features, to = gOut + n * features
                        if overwrite {
                            for f in 0..<features { to[f] = c * from[f] }
                        } else {
                            for f in 0..<features { to[f] += c * from[f] }
                        }
                    }
                    for e in 0..<edgeCount {
                        let s = sources[e], t = targets[e]
                        let c = d[s] * weights[e] * d[t]
                        let from = gIn + t * features, to = gOut + s * features
                        for f in 0..<features { to[f] += c * from[f] }
                    }
                }
            })
            guard let weightID, tape.needsGradient(weightID) else { return }
            // dL/dd_k, then through d_k = deg_k^(-1/2) and deg_t = 1 + Σ_{e→t} w_e.
            var dd = [Float](repeating: 0, count: nodeCount)
            var directTerm = [Float](repeating: 0, count: edgeCount)
            xv.withUnsafeBufferPointer { xp in
                g.withUnsafeBufferPointer { gp in
                    func dot(_ a: Int, _ b: Int) -> Float {
                        var total: Float = 0
                        guard features > 0 else { return total }
                        let u = gp.baseAddress! + a * features, v = xp.baseAddress! + b * features
                        for f in 0..<features { total += u[f] * v[f] }
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

    /// The forward values of `propagate` for node features `x` (`[nodeCount, features]`, row-major)
    /// and one weight per edge, without recording anything: the output and the per-node factors
    /// `deg^(-1/2)` (for a pullback).
    public func propagatedValues(_ x: UnsafeBufferPointer<Float>, features: Int, edgeWeights weights: [Float]) -> (values: [Float], inverseRootDegrees: [Float]) {
        precondition(x.count == nodeCount * features, "features for \(x.count / max(features, 1)) nodes, graph has \(nodeCount)")
        precondition(weights.count == edgeCount, "one weight per edge: \(weights.count) vs \(edgeCount)")
        StepProfile.countPropagation(flops: 2 * (nodeCount + edgeCount) * features)
        let (nodeCount, edgeCount) = (self.nodeCount, self.edgeCount)
        // Buffer pointers keep bounds checks and index arithmetic out of the loops, so that the inner
        // ones vectorise; every element is still computed in the same order (self-loop term first,
        // then edges in order).
        return sources.withUnsafeBufferPointer { sources in
            targets.withUnsafeBufferPointer { targets in
                weights.withUnsafeBufferPointer { weights in
                    let d = [Float](unsafeUninitializedCapacity: nodeCount) { d, initialized in
                        d.initialize(repeating: 1)
                        for e in 0..<edgeCount { d[targets[e]] += weights[e] }
                        for n in 0..<nodeCount { d[n] = d[n] > 0 ? 1 / d[n].squareRoot() : 0 }
                        initialized = nodeCount
                    }
                    let out = [Float](unsafeUninitializedCapacity: nodeCount * features) { op, initialized in
                        initialized = nodeCount * features
                        guard nodeCount > 0 && features > 0 else { return }
                        let x = x.baseAddress!, o = op.baseAddress!
                        d.withUnsafeBufferPointer { d in
                            for n in 0..<nodeCount {
                                let c = d[n] * d[n]
                                let from = x + n * features, to = o + n * features
                                for f in 0..<features { to[f] = c * from[f] }
                            }
                            for e in 0..<edgeCount {
                                let s = sources[e], t = targets[e]
                                let c = d[s] * weights[e] * d[t]
                                let from = x + s * features, to = o + t * features
                                for f in 0..<features { to[f] += c * from[f] }
                            }
                        }
                    }
                    return (out, d)
                }
            }
        }
    }
}
