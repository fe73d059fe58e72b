#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GraphNets
import NASBench
import TensorCore

extension Generator {
    /// Edges scored per chunk: the `[h_i ‖ h_j]` rows of one chunk (256 × 2 × hidden floats) stay in
    /// the processor's cache between being gathered and being multiplied.
    static let scoringChunk = 256

    /// Samples `count` cells as `sample(count:, hard: true)` does — the same pass (`Generator.forward`),
    /// the same random draws and, with OpenBLAS, the same values bit for bit — but without a tape
    /// (`PlainPass`), for generation and for the phases that train the discriminator and the valuer,
    /// where no gradient reaches the generator. Nothing is recorded; the choices and logits come
    /// back as constants on `tape`.
    ///
    /// It saves the tape's bookkeeping and, above all, the edge scorer's `[count · E, 2 · hidden]`
    /// matrix of node pairs, which is gathered and multiplied a cache-sized chunk at a time instead.
    /// (A matrix product's rows do not depend on how many rows are computed at once for the two-column
    /// scorer: checked against the taped sampler by `ForwardSamplingTests`.)
    public func sampleWithoutGradients(count: Int, on tape: Tape, using random: inout SeededGenerator) -> GeneratedCells {
        forward(count: count, PlainPass(generator: self, tape: tape), using: &random)
    }

    /// `GCNConv` forward, `Â (x · W) + b`, then ReLU when `relu`, on plain arrays (the values
    /// `GCNConv.callAsFunction` and `Variable.relu` compute).
    func convolve(_ x: [Float], _ convolution: GCNConv, graph: GraphBatch, edgeWeights: [Float], relu: Bool = false) -> [Float] {
        let rows = graph.nodeCount, input = convolution.inputSize, output = convolution.outputSize
        let weight = parameters[convolution.weight].scalars, bias = parameters[convolution.bias].scalars
        let product = Kernels.matmul(x, rows: rows, inner: input, weight, columns: output)
        var out = product.withUnsafeBufferPointer { graph.propagatedValues($0, features: output, edgeWeights: edgeWeights).values }
        guard rows * output > 0 else { return out }
        out.withUnsafeMutableBufferPointer { op in
            bias.withUnsafeBufferPointer { bp in
                let b = bp.baseAddress!
                for r in 0..<rows {
                    let row = op.baseAddress! + r * output
                    if relu {
                        for c in 0..<output { row[c] = max(row[c] + b[c], 0) }
                    } else {
                        for c in 0..<output { row[c] = row[c] + b[c] }
                    }
                }
            }
        }
        return out
    }

    /// The edge scorer `[h_i ‖ h_j] · W + b` of every candidate edge (`[edges, 2]`), a chunk of
    /// edges at a time.
    func scoreEdges(_ h: [Float], _ scorer: Linear, graph: GraphBatch) -> [Float] {
        let hidden = hiddenSize, width = 2 * hidden, edges = graph.edgeCount
        precondition(scorer.inputSize == width && scorer.outputSize == 2)
        let weight = parameters[scorer.weight].scalars
        let bias = scorer.bias.map { parameters[$0].scalars }
        var scores = [Float](repeating: 0, count: edges * 2)
        var pairs = [Float](unsafeUninitializedCapacity: Self.scoringChunk * width) { _, initialized in
            initialized = Self.scoringChunk * width   // every row a chunk uses is written before it is read
        }
        h.withUnsafeBufferPointer { hp in
            weight.withUnsafeBufferPointer { wp in
                scores.withUnsafeMutableBufferPointer { sp in
                    pairs.withUnsafeMutableBufferPointer { pp in
                        var start = 0
                        while start < edges {
                            let n = min(Self.scoringChunk, edges - start)
                            for k in 0..<n {
                                let a = hp.baseAddress! + graph.sources[start + k] * hidden
                                let b = hp.baseAddress! + graph.targets[start + k] * hidden
                                let to = pp.baseAddress! + k * width
                                (to).update(from: a, count: hidden)
                                (to + hidden).update(from: b, count: hidden)
                            }
                            BLAS.gemm(m: n, n: 2, k: width, a: pp.baseAddress!, b: wp.baseAddress!, c: sp.baseAddress! + start * 2)
                            start += n
                        }
                    }
                }
            }
        }
        if let bias { for e in 0..<edges { for c in 0..<2 { scores[e * 2 + c] = scores[e * 2 + c] + bias[c] } } }
        return scores
    }
}
