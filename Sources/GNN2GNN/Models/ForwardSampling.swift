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

    /// Samples `count` cells as `sample(count:, hard: true)` does — the same random draws and, with
    /// OpenBLAS, the same values bit for bit — but without a tape, for generation and for the phases
    /// that train the discriminator and the valuer, where no gradient reaches the generator. Nothing
    /// is recorded; the choices and logits come back as constants on `tape`.
    ///
    /// It saves the tape's bookkeeping and, above all, the edge scorer's `[count · E, 2 · hidden]`
    /// matrix of node pairs, which is gathered and multiplied a cache-sized chunk at a time instead.
    /// (A matrix product's rows do not depend on how many rows are computed at once for the two-column
    /// scorer: checked against the taped sampler by `ForwardSamplingTests`.)
    public func sampleWithoutGradients(count: Int, on tape: Tape, using generator: inout SeededGenerator) -> GeneratedCells {
        let profile = StepProfile.begin(.generatorForward)
        defer { StepProfile.end(profile) }
        let graph = completeGraphs(count: count)
        let rows = count * nodeCount, hidden = hiddenSize
        var h = [Float](unsafeUninitializedCapacity: rows * hidden) { buffer, initialized in
            for i in 0..<(rows * hidden) { buffer[i] = generator.nextFloat() }
            initialized = rows * hidden
        }
        if let positions {
            let table = parameters[positions].scalars
            for r in 0..<rows {
                let offset = (r % nodeCount) * hidden
                for f in 0..<hidden { h[r * hidden + f] = h[r * hidden + f] + table[offset + f] }
            }
        }
        let unitWeights = [Float](repeating: 1, count: graph.edgeCount)
        for convolution in convolutions { h = convolve(h, convolution, graph: graph, edgeWeights: unitWeights, relu: true) }
        let scores = scoreEdges(h, graph: graph)
        let edgeCount = graph.edgeCount
        var edgeLogits: [Float]
        if !directEdgeLogits {
            edgeLogits = scores.withUnsafeBufferPointer {
                Kernels.segmentSoftmax($0, columns: 2, segments: graph.targets, segmentCount: graph.nodeCount)
            }
            for i in 0..<edgeLogits.count { edgeLogits[i] = Kernels.affine(edgeLogits[i], scale: 1, shift: 0.5) }
        } else if logitBound > 0 {
            edgeLogits = scores.map { Kernels.affine(tanhf($0), scale: logitBound, shift: 0) }
        } else {
            edgeLogits = scores
        }
        let edgeSample = edgeLogits.withUnsafeBufferPointer {
            Kernels.gumbelSoftmaxRows($0, rows: edgeCount, columns: 2, temperature: temperature, using: &generator)
        }
        let keep: [Float] = edgeSample.withUnsafeBufferPointer {
            Kernels.rowArgMax($0, rows: edgeCount, columns: 2).map { $0 == Self.keepColumn ? 1 : 0 }
        }
        let mapperWeights = keep.map { Kernels.affine($0, scale: 1, shift: Self.edgeWeightFloor) }
        var operationLogits = convolve(h, operationMapper, graph: graph, edgeWeights: mapperWeights)
        if logitBound > 0 {
            for i in 0..<operationLogits.count { operationLogits[i] = Kernels.affine(tanhf(operationLogits[i]), scale: logitBound, shift: 0) }
        }
        let operationSample = operationLogits.withUnsafeBufferPointer {
            Kernels.gumbelSoftmaxRows($0, rows: rows, columns: operationCount, temperature: temperature, using: &generator)
        }
        let operations = operationSample.withUnsafeBufferPointer {
            Kernels.oneHotOfRowMaxima($0, rows: rows, columns: operationCount)
        }
        return GeneratedCells(
            generator: self, count: count,
            keep: tape.constant(Tensor(shape: [edgeCount, 1], scalars: keep)),
            operations: tape.constant(Tensor(shape: [rows, operationCount], scalars: operations)),
            edgeLogits: tape.constant(Tensor(shape: [edgeCount, 2], scalars: edgeLogits)),
            operationLogits: tape.constant(Tensor(shape: [rows, operationCount], scalars: operationLogits)))
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
    func scoreEdges(_ h: [Float], graph: GraphBatch) -> [Float] {
        let hidden = hiddenSize, width = 2 * hidden, edges = graph.edgeCount
        let weight = parameters[edgeScorer.weight].scalars
        let bias = edgeScorer.bias.map { parameters[$0].scalars }
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
