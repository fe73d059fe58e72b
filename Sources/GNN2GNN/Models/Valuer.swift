import GraphNets
import TensorCore

/// The valuer V (METHOD.md §4): GCN(features→32) + ReLU, GCN(32→64), global attention pooling,
/// dropout 0.2, then linear 64→2 (classification: class 1 = good) or linear 64→1 clamped to
/// [0, 1] (regression: the scaled objective). Beyond the paper, `width` w > 0 makes every layer w
/// wide and `layers` L > 2 inserts L − 2 more GCN(w→w) + ReLU layers between the two.
public struct Valuer: Sendable {
    public var parameters = ParameterStore()
    public let mode: ValuerMode
    /// The message-passing layers, first to last (GCNs, or `DirectedSumConv`s with `directedSum`).
    let gcnLayers: [GCNConv]
    let sumLayers: [DirectedSumConv]
    let pool: GlobalAttentionPool
    let head: Linear

    /// `directedSum` replaces the GCN layers by `DirectedSumConv` layers (beyond the paper).
    public init(featureCount: Int, mode: ValuerMode, width: Int = 0, layers: Int = 2, directedSum: Bool = false,
                using random: inout SeededGenerator) {
        precondition(width >= 0 && layers >= 2)
        var store = ParameterStore()
        self.mode = mode
        let inner = width > 0 ? width : 32, outer = width > 0 ? width : 64
        let inputs = [featureCount] + Array(repeating: inner, count: layers - 1)
        let outputs = Array(repeating: inner, count: layers - 1) + [outer]
        let names = ["gcn1"] + (0..<(layers - 2)).map { "gcn_mid\($0 + 1)" } + ["gcn2"]
        if directedSum {
            gcnLayers = []
            sumLayers = (0..<layers).map {
                DirectedSumConv(inputs[$0], outputs[$0], name: "valuer.sum\($0 + 1)", store: &store, using: &random)
            }
        } else {
            gcnLayers = (0..<layers).map {
                GCNConv(inputs[$0], outputs[$0], name: "valuer.\(names[$0])", store: &store, using: &random)
            }
            sumLayers = []
        }
        pool = GlobalAttentionPool(outer, outer, name: "valuer.attention", store: &store, using: &random)
        head = Linear(outer, mode == .classification ? 2 : 1, name: "valuer.linear", store: &store, using: &random)
        parameters = store
    }

    /// Classification logits `[graphs, 2]` or regression predictions `[graphs, 1]`.
    public func outputs(_ input: GraphInput, _ p: BoundParameters, using random: inout SeededGenerator) -> Variable {
        outputs(input.features, graph: input.graph, edgeWeights: input.edgeWeights, p, using: &random)
    }

    /// Classification logits `[graphs, 2]` or regression predictions `[graphs, 1]`.
    public func outputs(_ features: Variable, graph: GraphBatch, edgeWeights: Variable?,
                        _ p: BoundParameters, using random: inout SeededGenerator) -> Variable {
        let profile = StepProfile.begin(.valuer)
        defer { StepProfile.end(profile) }
        var h = features
        let count = max(gcnLayers.count, sumLayers.count)
        for k in 0..<count {
            h = sumLayers.isEmpty ? gcnLayers[k](h, graph: graph, edgeWeights: edgeWeights, p)
                                  : sumLayers[k](h, graph: graph, edgeWeights: edgeWeights, p)
            if k < count - 1 { h = h.relu() }  // no ReLU after the last layer (the paper's valuer)
        }
        let pooled = pool(h, graph: graph, p)
        let out = head(pooled.dropout(rate: Discriminator.dropoutRate, using: &random), p)
        return mode == .classification ? out : out.clamped(0, 1)
    }

    /// The valuer's loss for `outputs` against per-graph targets: class indices (classification) or
    /// scaled objectives in [0, 1] (regression).
    /// `weights` (one per cell, regression modes only): a weighted mean-squared error instead.
    public func loss(_ outputs: Variable, classTargets: [Int], regressionTargets: [Float], weights: [Float]? = nil) -> Variable {
        switch mode {
        case .classification: return outputs.crossEntropy(targets: classTargets)
        case .regression, .rank:
            let target = Tensor(shape: [regressionTargets.count, 1], scalars: regressionTargets)
            if let weights { return outputs.meanSquaredError(target: target, weights: weights) }
            return outputs.meanSquaredError(target: target)
        }
    }

    /// Scores in [0, 1] for ranking: P(good) or the predicted scaled objective.
    public func scores(_ outputs: Variable) -> [Float] {
        switch mode {
        case .classification:
            let probabilities = outputs.value
            return (0..<probabilities.rows).map { r in
                let a = probabilities[r, 0], b = probabilities[r, 1]
                let m = max(a, b)
                return expf(b - m) / (expf(a - m) + expf(b - m))
            }
        case .regression, .rank: return outputs.value.scalars
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
