/// A neural-network cell as a node-labelled DAG.
///
/// Nodes are in topological order: node 0 is the input, node `nodeCount - 1` the output, and the
/// adjacency is strictly upper triangular (`i → j` only for `i < j`). Each middle node carries an
/// operation, an index into its search space's `operations`; the input and output carry the
/// sentinel labels `Cell.inputLabel` and `Cell.outputLabel`.
public struct Cell: Hashable, Sendable, Codable {
    /// Label of the input node (node 0).
    public static let inputLabel = -1
    /// Label of the output node (the last node).
    public static let outputLabel = -2

    /// Number of nodes, input and output included.
    public let nodeCount: Int
    /// Row-major `nodeCount × nodeCount` adjacency: `adjacency[i * nodeCount + j] == true` means edge `i → j`.
    public private(set) var adjacency: [Bool]
    /// One label per node: `inputLabel`, an operation index, or `outputLabel`.
    public var labels: [Int]

    /// Builds a cell from a square adjacency (rows of 0/1) and per-node labels. Only shape is checked
    /// here (a programmer error if wrong); use a `SearchSpace` to check validity.
    public init(adjacency rows: [[Int]], labels: [Int]) {
        let n = labels.count
        precondition(rows.count == n && rows.allSatisfy { $0.count == n }, "adjacency must be \(n)×\(n)")
        self.nodeCount = n
        self.labels = labels
        self.adjacency = rows.flatMap { $0.map { $0 != 0 } }
    }

    /// Builds a cell from a flat row-major adjacency.
    public init(nodeCount: Int, adjacency: [Bool], labels: [Int]) {
        precondition(adjacency.count == nodeCount * nodeCount && labels.count == nodeCount)
        self.nodeCount = nodeCount
        self.adjacency = adjacency
        self.labels = labels
    }

    /// Whether the edge `from → to` exists.
    @inlinable
    public func hasEdge(_ from: Int, _ to: Int) -> Bool { adjacency[from * nodeCount + to] }

    /// Adds or removes the edge `from → to`.
    public mutating func setEdge(_ from: Int, _ to: Int, _ present: Bool) {
        adjacency[from * nodeCount + to] = present
    }

    /// Number of edges.
    public var edgeCount: Int { adjacency.reduce(0) { $0 + ($1 ? 1 : 0) } }

    /// The adjacency as rows of 0/1, as the NAS-Bench-101 API writes it.
    public var adjacencyRows: [[Int]] {
        (0..<nodeCount).map { i in (0..<nodeCount).map { j in hasEdge(i, j) ? 1 : 0 } }
    }

    /// Predecessors of `node`.
    public func predecessors(of node: Int) -> [Int] { (0..<nodeCount).filter { hasEdge($0, node) } }
    /// Successors of `node`.
    public func successors(of node: Int) -> [Int] { (0..<nodeCount).filter { hasEdge(node, $0) } }
}
