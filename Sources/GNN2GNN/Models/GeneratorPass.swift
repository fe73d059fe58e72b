#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import GraphNets
import NASBench
import TensorCore

/// The arithmetic of one forward pass of the paper's generator. `Generator.forward` states the
/// generator's maths once — the order of the steps, the random draws and every option's branch —
/// and a pass computes each step: `TapedPass` records it on a tape for gradients (`Generator.sample`),
/// `PlainPass` computes the same values on plain arrays without recording (`sampleWithoutGradients`).
protocol GeneratorPass {
    associatedtype Values
    /// `rows × columns` values that need no gradient (the random node features).
    func constant(_ scalars: [Float], rows: Int, columns: Int) -> Values
    /// `h` plus the learned position embedding of each row's node (row `r` is node `r mod nodeCount`).
    func addPositions(_ h: Values, _ positions: ParameterID, nodeCount: Int) -> Values
    /// A GCN layer over the complete DAGs, ReLU after it when `relu`; `edgeWeights` nil = unit weights.
    func convolve(_ h: Values, _ layer: GCNConv, graph: GraphBatch, edgeWeights: Values?, relu: Bool) -> Values
    /// The edge scorer on `[h_i ‖ h_j]` of every candidate edge, `[edges, 2]`.
    func scoreEdges(_ h: Values, _ scorer: Linear, graph: GraphBatch) -> Values
    /// Softmax of each column over the edges entering the same node, plus 0.5 (the paper's edge logits).
    func targetSoftmaxPlusHalf(_ scores: Values, graph: GraphBatch) -> Values
    /// `bound · tanh(x)`.
    func bounded(_ x: Values, _ bound: Float) -> Values
    /// A Gumbel-softmax draw of every row of `logits` (`columns` wide; one-hot unless the pass is soft).
    func gumbelSoftmax(_ logits: Values, columns: Int, temperature: Float, using random: inout SeededGenerator) -> Values
    /// Column `column` of a two-column edge sample, `[edges, 1]` (1 = keep).
    func keepColumn(_ sample: Values, _ column: Int) -> Values
    /// The operation mapper's edge weights: `keep + floor`, one per edge.
    func mapperWeights(_ keep: Values, floor: Float, edgeCount: Int) -> Values
    /// The batch of cells from the pass's choices and logits.
    func cells(_ generator: Generator, count: Int, keep: Values, operations: Values, edgeLogits: Values, operationLogits: Values) -> GeneratedCells
}

extension Generator {
    /// One forward pass over `count` cells (METHOD.md §4): uniform node features (one draw each),
    /// μ GCN layers with ReLU, edge scores and their logits, a Gumbel draw per candidate edge (two
    /// per edge), the operation mapper over the kept edges, a Gumbel draw per node and operation.
    func forward<Pass: GeneratorPass>(count: Int, _ pass: Pass, using random: inout SeededGenerator) -> GeneratedCells {
        let profile = StepProfile.begin(.generatorForward)
        defer { StepProfile.end(profile) }
        let graph = completeGraphs(count: count)
        let rows = count * nodeCount
        let noise = random.uniformFloats(count: rows * hiddenSize)
        var h = pass.constant(noise, rows: rows, columns: hiddenSize)
        if let positions { h = pass.addPositions(h, positions, nodeCount: nodeCount) }
        for convolution in convolutions { h = pass.convolve(h, convolution, graph: graph, edgeWeights: nil, relu: true) }
        let scores = pass.scoreEdges(h, edgeScorer, graph: graph)
        let edgeLogits: Pass.Values
        if !directEdgeLogits {
            edgeLogits = pass.targetSoftmaxPlusHalf(scores, graph: graph)
        } else if logitBound > 0 {
            edgeLogits = pass.bounded(scores, logitBound)
        } else {
            edgeLogits = scores
        }
        let edgeSample = pass.gumbelSoftmax(edgeLogits, columns: 2, temperature: temperature, using: &random)
        let keep = pass.keepColumn(edgeSample, Self.keepColumn)
        let weights = pass.mapperWeights(keep, floor: Self.edgeWeightFloor, edgeCount: graph.edgeCount)
        let mapped = pass.convolve(h, operationMapper, graph: graph, edgeWeights: weights, relu: false)
        let operationLogits = logitBound > 0 ? pass.bounded(mapped, logitBound) : mapped
        let operations = pass.gumbelSoftmax(operationLogits, columns: operationCount, temperature: temperature, using: &random)
        return pass.cells(self, count: count, keep: keep, operations: operations, edgeLogits: edgeLogits, operationLogits: operationLogits)
    }
}

/// The generator's pass on a tape: every step a recorded operation, so gradients reach the
/// parameters bound in `parameters`. `hard: false` keeps the relaxed Gumbel-softmax choices.
struct TapedPass: GeneratorPass {
    let parameters: BoundParameters
    let hard: Bool
    var tape: Tape { parameters.variables[0].tape }

    func constant(_ scalars: [Float], rows: Int, columns: Int) -> Variable {
        tape.constant(Tensor(shape: [rows, columns], scalars: scalars))
    }
    func addPositions(_ h: Variable, _ positions: ParameterID, nodeCount: Int) -> Variable {
        h + parameters[positions].gatherRows((0..<h.value.shape[0]).map { $0 % nodeCount })
    }
    func convolve(_ h: Variable, _ layer: GCNConv, graph: GraphBatch, edgeWeights: Variable?, relu: Bool) -> Variable {
        let out = layer(h, graph: graph, edgeWeights: edgeWeights, parameters)
        return relu ? out.relu() : out
    }
    func scoreEdges(_ h: Variable, _ scorer: Linear, graph: GraphBatch) -> Variable {
        scorer(h.gatherRowPairs(graph.sources, graph.targets), parameters)
    }
    func targetSoftmaxPlusHalf(_ scores: Variable, graph: GraphBatch) -> Variable {
        scores.segmentSoftmax(graph.targets, segmentCount: graph.nodeCount) + 0.5
    }
    func bounded(_ x: Variable, _ bound: Float) -> Variable { x.tanh() * bound }
    func gumbelSoftmax(_ logits: Variable, columns: Int, temperature: Float, using random: inout SeededGenerator) -> Variable {
        logits.gumbelSoftmax(temperature: temperature, hard: hard, using: &random)
    }
    func keepColumn(_ sample: Variable, _ column: Int) -> Variable {
        // A product with a one-hot selector, so that the straight-through gradient reaches both columns.
        sample.matmul(tape.constant(Tensor(shape: [2, 1], scalars: column == 1 ? [0, 1] : [1, 0])))
    }
    func mapperWeights(_ keep: Variable, floor: Float, edgeCount: Int) -> Variable {
        (keep + floor).reshaped([edgeCount])
    }
    func cells(_ generator: Generator, count: Int, keep: Variable, operations: Variable, edgeLogits: Variable, operationLogits: Variable) -> GeneratedCells {
        GeneratedCells(generator: generator, count: count, keep: keep, operations: operations,
                       edgeLogits: edgeLogits, operationLogits: operationLogits)
    }
}

/// The generator's pass on plain arrays — the same values as `TapedPass` with hard choices (bit for
/// bit with OpenBLAS, checked by `ForwardSamplingTests`) without a tape's bookkeeping, and with the
/// edge scorer's node pairs gathered and multiplied a cache-sized chunk at a time. The results come
/// back as constants on `tape`.
struct PlainPass: GeneratorPass {
    /// Row-major values with their shape.
    struct Values {
        var scalars: [Float]
        let rows: Int
        let columns: Int
    }

    let generator: Generator
    let tape: Tape

    func constant(_ scalars: [Float], rows: Int, columns: Int) -> Values { Values(scalars: scalars, rows: rows, columns: columns) }
    func addPositions(_ h: Values, _ positions: ParameterID, nodeCount: Int) -> Values {
        let table = generator.parameters[positions].scalars, width = h.columns
        var out = h
        for r in 0..<h.rows {
            let offset = (r % nodeCount) * width
            for f in 0..<width { out.scalars[r * width + f] = out.scalars[r * width + f] + table[offset + f] }
        }
        return out
    }
    func convolve(_ h: Values, _ layer: GCNConv, graph: GraphBatch, edgeWeights: Values?, relu: Bool) -> Values {
        let weights = edgeWeights?.scalars ?? [Float](repeating: 1, count: graph.edgeCount)
        return Values(scalars: generator.convolve(h.scalars, layer, graph: graph, edgeWeights: weights, relu: relu),
                      rows: graph.nodeCount, columns: layer.outputSize)
    }
    func scoreEdges(_ h: Values, _ scorer: Linear, graph: GraphBatch) -> Values {
        Values(scalars: generator.scoreEdges(h.scalars, scorer, graph: graph), rows: graph.edgeCount, columns: 2)
    }
    func targetSoftmaxPlusHalf(_ scores: Values, graph: GraphBatch) -> Values {
        var out = scores.scalars.withUnsafeBufferPointer {
            Kernels.segmentSoftmax($0, columns: scores.columns, segments: graph.targets, segmentCount: graph.nodeCount)
        }
        for i in 0..<out.count { out[i] = Kernels.affine(out[i], scale: 1, shift: 0.5) }
        return Values(scalars: out, rows: scores.rows, columns: scores.columns)
    }
    func bounded(_ x: Values, _ bound: Float) -> Values {
        Values(scalars: x.scalars.map { Kernels.affine(tanhf($0), scale: bound, shift: 0) }, rows: x.rows, columns: x.columns)
    }
    func gumbelSoftmax(_ logits: Values, columns: Int, temperature: Float, using random: inout SeededGenerator) -> Values {
        let hard = logits.scalars.withUnsafeBufferPointer {
            Kernels.hardGumbelSoftmaxRows($0, rows: logits.rows, columns: columns, temperature: temperature, using: &random)
        }
        return Values(scalars: hard, rows: logits.rows, columns: columns)
    }
    func keepColumn(_ sample: Values, _ column: Int) -> Values {
        Values(scalars: (0..<sample.rows).map { sample.scalars[$0 * sample.columns + column] }, rows: sample.rows, columns: 1)
    }
    func mapperWeights(_ keep: Values, floor: Float, edgeCount: Int) -> Values {
        Values(scalars: keep.scalars.map { Kernels.affine($0, scale: 1, shift: floor) }, rows: edgeCount, columns: 1)
    }
    func cells(_ generator: Generator, count: Int, keep: Values, operations: Values, edgeLogits: Values, operationLogits: Values) -> GeneratedCells {
        func onTape(_ v: Values) -> Variable { tape.constant(Tensor(shape: [v.rows, v.columns], scalars: v.scalars)) }
        return GeneratedCells(generator: generator, count: count, keep: onTape(keep), operations: onTape(operations),
                              edgeLogits: onTape(edgeLogits), operationLogits: onTape(operationLogits))
    }
}
