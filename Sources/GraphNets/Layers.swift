import TensorCore

/// A fully connected layer `x · W + b` (`W` stored `[in, out]`), initialised as `torch.nn.Linear`.
public struct Linear: Sendable {
    public let weight: ParameterID
    public let bias: ParameterID?
    public let inputSize: Int
    public let outputSize: Int

    public init(_ inputSize: Int, _ outputSize: Int, bias: Bool = true, name: String,
                store: inout ParameterStore, using random: inout SeededGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        weight = store.add("\(name).weight",
                           Initializer.kaimingUniform(shape: [inputSize, outputSize], fanIn: inputSize, using: &random))
        self.bias = bias
            ? store.add("\(name).bias",
                        Initializer.uniform(shape: [outputSize], bound: 1 / Float(inputSize).squareRoot(), using: &random))
            : nil
    }

    public func callAsFunction(_ x: Variable, _ parameters: BoundParameters) -> Variable {
        let product = x.matmul(parameters[weight])
        return bias.map { product + parameters[$0] } ?? product
    }
}

/// Graph convolution of Kipf & Welling, numerically as PyTorch Geometric's `GCNConv` with its defaults:
/// `out = Â (x · W) + b` with self-loops and symmetric in-degree normalisation, Glorot weights, zero bias.
public struct GCNConv: Sendable {
    public let weight: ParameterID
    public let bias: ParameterID
    public let inputSize: Int
    public let outputSize: Int

    public init(_ inputSize: Int, _ outputSize: Int, name: String,
                store: inout ParameterStore, using random: inout SeededGenerator) {
        self.inputSize = inputSize
        self.outputSize = outputSize
        weight = store.add("\(name).weight", Initializer.glorotUniform(
            shape: [inputSize, outputSize], fanIn: inputSize, fanOut: outputSize, using: &random))
        bias = store.add("\(name).bias", Tensor.zeros([outputSize]))
    }

    /// Convolves node features `x` (`[nodes, inputSize]`) over `graph`, optionally with edge weights (`[edges]`).
    public func callAsFunction(_ x: Variable, graph: GraphBatch, edgeWeights: Variable? = nil,
                               _ parameters: BoundParameters) -> Variable {
        graph.propagate(x.matmul(parameters[weight]), edgeWeights: edgeWeights) + parameters[bias]
    }
}

/// Mean of the node features of each graph (`[graphs, features]`).
public func globalMeanPool(_ x: Variable, graph: GraphBatch) -> Variable {
    x.segmentMean(graph.graphIndex, segmentCount: graph.graphCount)
}

/// Global attention pooling (Li et al.; PyG's `GlobalAttention`/`AttentionalAggregation`): a gate
/// network scores each node, a softmax over each graph's nodes turns the scores into weights, and the
/// graph vector is the weighted sum of a value network's outputs.
public struct GlobalAttentionPool: Sendable {
    public let gate: Linear
    public let value: Linear

    public init(_ inputSize: Int, _ outputSize: Int, name: String,
                store: inout ParameterStore, using random: inout SeededGenerator) {
        gate = Linear(inputSize, 1, name: "\(name).gate", store: &store, using: &random)
        value = Linear(inputSize, outputSize, name: "\(name).value", store: &store, using: &random)
    }

    public func callAsFunction(_ x: Variable, graph: GraphBatch, _ parameters: BoundParameters) -> Variable {
        let weights = gate(x, parameters).segmentSoftmax(graph.graphIndex, segmentCount: graph.graphCount)
        return (value(x, parameters) * weights).segmentSum(graph.graphIndex, segmentCount: graph.graphCount)
    }
}

/// A directed sum-aggregation layer (beyond the paper; GIN/GraphSAGE-style, Xu et al. 2019):
/// `out_v = x_v · W_self + Σ_{u → v} x_u · W_in + Σ_{v → w} x_w · W_out + b`, optionally weighting each
/// edge's two messages by its weight. Unlike GCN it keeps how many predecessors and successors a
/// node has (no degree normalisation) and reads both directions, which a ranking of DAG cells needs.
public struct DirectedSumConv: Sendable {
    public let selfWeight: Linear
    public let inWeight: Linear
    public let outWeight: Linear

    public init(_ inputSize: Int, _ outputSize: Int, name: String,
                store: inout ParameterStore, using random: inout SeededGenerator) {
        selfWeight = Linear(inputSize, outputSize, name: "\(name).self", store: &store, using: &random)
        inWeight = Linear(inputSize, outputSize, bias: false, name: "\(name).in", store: &store, using: &random)
        outWeight = Linear(inputSize, outputSize, bias: false, name: "\(name).out", store: &store, using: &random)
    }

    public func callAsFunction(_ x: Variable, graph: GraphBatch, edgeWeights: Variable? = nil,
                               _ parameters: BoundParameters) -> Variable {
        var result = selfWeight(x, parameters)
        guard graph.edgeCount > 0 else { return result }
        var fromSources = x.gatherRows(graph.sources), fromTargets = x.gatherRows(graph.targets)
        if let edgeWeights {
            let w = edgeWeights.reshaped([graph.edgeCount, 1])
            fromSources = fromSources * w
            fromTargets = fromTargets * w
        }
        result = result + inWeight(fromSources.segmentSum(graph.targets, segmentCount: graph.nodeCount), parameters)
        result = result + outWeight(fromTargets.segmentSum(graph.sources, segmentCount: graph.nodeCount), parameters)
        return result
    }
}
