import GraphNets
import TensorCore

/// The valuer V (METHOD.md §4): GCN(features→32) + ReLU, GCN(32→64), global attention pooling,
/// dropout 0.2, then linear 64→2 (classification: class 1 = good) or linear 64→1 clamped to
/// [0, 1] (regression: the scaled objective).
public struct Valuer: Sendable {
    public var parameters = ParameterStore()
    public let mode: ValuerMode
    let first: GCNConv
    let second: GCNConv
    let pool: GlobalAttentionPool
    let head: Linear

    public init(featureCount: Int, mode: ValuerMode, generator: inout SeededGenerator) {
        var store = ParameterStore()
        self.mode = mode
        first = GCNConv(featureCount, 32, name: "valuer.gcn1", store: &store, generator: &generator)
        second = GCNConv(32, 64, name: "valuer.gcn2", store: &store, generator: &generator)
        pool = GlobalAttentionPool(64, 64, name: "valuer.attention", store: &store, generator: &generator)
        head = Linear(64, mode == .classification ? 2 : 1, name: "valuer.linear", store: &store, generator: &generator)
        parameters = store
    }

    /// Classification logits `[graphs, 2]` or regression predictions `[graphs, 1]`.
    public func outputs(_ input: GraphInput, _ p: BoundParameters, generator: inout SeededGenerator) -> Variable {
        outputs(input.features, graph: input.graph, edgeWeights: input.edgeWeights, p, generator: &generator)
    }

    /// Classification logits `[graphs, 2]` or regression predictions `[graphs, 1]`.
    public func outputs(_ features: Variable, graph: GraphBatch, edgeWeights: Variable?,
                        _ p: BoundParameters, generator: inout SeededGenerator) -> Variable {
        let profile = StepProfile.begin(.valuer)
        defer { StepProfile.end(profile) }
        let h = first(features, graph: graph, edgeWeights: edgeWeights, p).relu()
        let pooled = pool(second(h, graph: graph, edgeWeights: edgeWeights, p), graph: graph, p)
        let out = head(pooled.dropout(rate: Discriminator.dropoutRate, generator: &generator), p)
        return mode == .classification ? out : out.clamped(0, 1)
    }

    /// The valuer's loss for `outputs` against per-graph targets: class indices (classification) or
    /// scaled objectives in [0, 1] (regression).
    public func loss(_ outputs: Variable, classTargets: [Int], regressionTargets: [Float]) -> Variable {
        switch mode {
        case .classification: return outputs.crossEntropy(targets: classTargets)
        case .regression, .rank: return outputs.meanSquaredError(target: Tensor(shape: [regressionTargets.count, 1], scalars: regressionTargets))
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
