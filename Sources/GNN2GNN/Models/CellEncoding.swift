import GraphNets
import NASBench
import TensorCore

/// What the discriminator and the valuer read: a graph batch, node features and optional edge weights.
public struct GraphInput {
    public let graph: GraphBatch
    public let features: Variable
    public let edgeWeights: Variable?

    public init(graph: GraphBatch, features: Variable, edgeWeights: Variable? = nil) {
        self.graph = graph; self.features = features; self.edgeWeights = edgeWeights
    }
}

/// Cells turned into the graph batches the discriminator and the valuer read: one-hot node
/// features of width `operationCount + 2` (input, operations…, output) over the disjoint union.
public struct EncodedCells {
    public let graph: GraphBatch
    public let features: Tensor

    /// Encodes `cells` of a space with `operationCount` operations.
    public init(_ cells: [Cell], operationCount: Int) {
        let profile = StepProfile.begin(.encoding)
        defer { StepProfile.end(profile) }
        let width = operationCount + 2
        let nodes = cells.reduce(0) { $0 + $1.nodeCount }
        var sources: [Int] = [], targets: [Int] = [], graphIndex: [Int] = []
        sources.reserveCapacity(nodes * 2); targets.reserveCapacity(nodes * 2); graphIndex.reserveCapacity(nodes)
        var scalars = [Float](repeating: 0, count: nodes * width)
        var offset = 0
        for (g, cell) in cells.enumerated() {
            let n = cell.nodeCount
            for i in 0..<n {
                for j in (i + 1)..<max(n, i + 1) where cell.hasEdge(i, j) {
                    sources.append(offset + i); targets.append(offset + j)
                }
                let column: Int
                switch cell.labels[i] {
                case Cell.inputLabel: column = 0
                case Cell.outputLabel: column = width - 1
                case let op: column = op + 1
                }
                scalars[(offset + i) * width + column] = 1
            }
            graphIndex.append(contentsOf: repeatElement(g, count: n))
            offset += n
        }
        graph = GraphBatch(nodeCount: offset, sources: sources, targets: targets, graphIndex: graphIndex, graphCount: cells.count)
        features = Tensor(shape: [offset, width], scalars: scalars)
    }

    /// The cells as constant input on `tape`.
    public func input(on tape: Tape) -> GraphInput { GraphInput(graph: graph, features: tape.constant(features)) }
}
