import GraphNets
import TensorCore

/// The discriminator D (METHOD.md §4): GCN(features→32) + ReLU, GCN(32→32), mean pooling,
/// dropout 0.2, linear 32→2 (class 1 = real).
public struct Discriminator: Sendable {
    public var parameters = ParameterStore()
    let first: GCNConv
    let second: GCNConv
    let classifier: Linear
    public static let dropoutRate: Float = 0.2

    public init(featureCount: Int, using random: inout SeededGenerator) {
        var store = ParameterStore()
        first = GCNConv(featureCount, 32, name: "discriminator.gcn1", store: &store, using: &random)
        second = GCNConv(32, 32, name: "discriminator.gcn2", store: &store, using: &random)
        classifier = Linear(32, 2, name: "discriminator.linear", store: &store, using: &random)
        parameters = store
    }

    /// Real/generated logits `[graphs, 2]`.
    public func logits(_ input: GraphInput, _ p: BoundParameters, using random: inout SeededGenerator) -> Variable {
        logits(input.features, graph: input.graph, edgeWeights: input.edgeWeights, p, using: &random)
    }

    /// Real/generated logits `[graphs, 2]`.
    public func logits(_ features: Variable, graph: GraphBatch, edgeWeights: Variable?,
                       _ p: BoundParameters, using random: inout SeededGenerator) -> Variable {
        let profile = StepProfile.begin(.discriminator)
        defer { StepProfile.end(profile) }
        let h = first(features, graph: graph, edgeWeights: edgeWeights, p).relu()
        let pooled = globalMeanPool(second(h, graph: graph, edgeWeights: edgeWeights, p), graph: graph)
        return classifier(pooled.dropout(rate: Self.dropoutRate, using: &random), p)
    }
}
