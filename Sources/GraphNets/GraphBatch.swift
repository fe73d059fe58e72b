import TensorCore

/// The structure of a batch of graphs as one disjoint union: directed edges `sources[e] → targets[e]`
/// over `nodeCount` nodes, and the graph each node belongs to.
///
/// Node features travel separately (as a `Variable` of shape `[nodeCount, features]`), so that the
/// same structure can carry differentiable features and edge weights.
public struct GraphBatch: Sendable, Equatable {
    public let nodeCount: Int
    public let sources: [Int]
    public let targets: [Int]
    /// `graphIndex[node]` is the graph of `node`, in `0..<graphCount`.
    public let graphIndex: [Int]
    public let graphCount: Int

    public init(nodeCount: Int, sources: [Int], targets: [Int], graphIndex: [Int], graphCount: Int) {
        precondition(sources.count == targets.count, "one target per source")
        precondition(graphIndex.count == nodeCount, "one graph index per node")
        precondition(sources.allSatisfy { $0 >= 0 && $0 < nodeCount } && targets.allSatisfy { $0 >= 0 && $0 < nodeCount },
                     "edge endpoint out of range")
        precondition(graphIndex.allSatisfy { $0 >= 0 && $0 < graphCount }, "graph index out of range")
        self.nodeCount = nodeCount
        self.sources = sources
        self.targets = targets
        self.graphIndex = graphIndex
        self.graphCount = graphCount
    }

    /// Number of edges (self-loops of GCN not included).
    public var edgeCount: Int { sources.count }

    /// The disjoint union of graphs given as (node count, edges) pairs.
    public init(graphs: [(nodeCount: Int, edges: [(Int, Int)])]) {
        var sources: [Int] = [], targets: [Int] = [], graphIndex: [Int] = []
        var offset = 0
        for (g, graph) in graphs.enumerated() {
            for (s, t) in graph.edges {
                precondition(s < graph.nodeCount && t < graph.nodeCount, "edge outside its graph")
                sources.append(offset + s); targets.append(offset + t)
            }
            graphIndex.append(contentsOf: repeatElement(g, count: graph.nodeCount))
            offset += graph.nodeCount
        }
        self.init(nodeCount: offset, sources: sources, targets: targets, graphIndex: graphIndex, graphCount: graphs.count)
    }
}
