import FileIO
/// The cell space of NAS-Bench-Graph (Qin et al., NeurIPS 2022 Datasets & Benchmarks).
///
/// An architecture has 4 computing nodes; computing node `k` (1-based) takes its input from the graph
/// input (0) or from an earlier computing node, its `link` entry, and applies one of 9 GNN operations.
/// Computing nodes whose output no other computing node uses feed the output. As a `Cell`: node 0 is
/// the input, nodes 1...4 the computing nodes in order, node 5 the output.
public struct NASBenchGraphSpace: SearchSpace, Hashable {
    public let name = "nbgraph"
    /// The package's operation names (`gnn_list`), in its order: GAT (2 heads), GCN, GIN, ChebNet,
    /// GraphSAGE, ARMA, k-GNN (`graph`), fully connected, skip connection.
    public let operations = ["gat", "gcn", "gin", "cheb", "sage", "arma", "graph", "fc", "skip"]
    public let maxNodes = 6
    /// 4 links plus at most 4 edges into the output.
    public let maxEdges: Int? = 8

    /// Number of computing nodes.
    public static let computingNodeCount = 4
    /// The benchmark's 9 link patterns (`link_list`): every architecture of its table uses one of them.
    /// Other links with `link[k] <= k` describe isomorphic or equivalent graphs.
    public static let linkPatterns: [[Int]] = [
        [0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 1, 1], [0, 0, 1, 2], [0, 0, 1, 3],
        [0, 1, 1, 1], [0, 1, 1, 2], [0, 1, 2, 2], [0, 1, 2, 3],
    ]

    public init() {}

    /// The cell of an architecture given by its links and operation names; throws for names outside
    /// `operations` or links that do not point to the input or an earlier computing node.
    public func cell(link: [Int], ops: [String]) throws -> Cell {
        guard ops.count == Self.computingNodeCount else {
            throw NASBenchGraphError.architecture("ops: expected \(Self.computingNodeCount) operations, found \(ops.count)")
        }
        let indices = try ops.map { name in
            guard let i = operations.firstIndex(of: name) else {
                throw NASBenchGraphError.architecture("ops: unknown operation '\(excerpt(name))' (known: \(operations.joined(separator: ", ")))")
            }
            return i
        }
        guard link.count == Self.computingNodeCount, link.enumerated().allSatisfy({ $1 >= 0 && $1 <= $0 }) else {
            throw NASBenchGraphError.architecture("link: expected \(Self.computingNodeCount) entries, entry k (0-based) in 0...k, found \(link)")
        }
        return cell(link: link, operations: indices)
    }

    public var hasProjection: Bool { true }

    /// The cell of an architecture given by its links and operation indices (programmer errors trap).
    /// Each computing node keeps one input: its latest predecessor in `dag` (the input when it has
    /// none); computing nodes nobody uses feed the output. `nil` when `dag` has the wrong size or all
    /// four operations are skip.
    public func projected(_ dag: Cell) -> Cell? {
        let m = Self.computingNodeCount
        guard dag.nodeCount == m + 2 else { return nil }
        let link = (1...m).map { node in (0..<node).last { dag.hasEdge($0, node) } ?? 0 }
        let ops = Array(dag.labels[1...m])
        guard ops.allSatisfy({ $0 >= 0 && $0 < operations.count }) else { return nil }
        let candidate = cell(link: link, operations: ops)
        return invalidity(of: candidate) == nil ? candidate : nil
    }

    public func cell(link: [Int], operations ops: [Int]) -> Cell {
        let m = Self.computingNodeCount
        precondition(link.count == m && ops.count == m, "NAS-Bench-Graph architectures have \(m) computing nodes")
        let n = m + 2
        var adjacency = [Bool](repeating: false, count: n * n)
        var used = [Bool](repeating: false, count: m + 1)
        for (k, source) in link.enumerated() {
            precondition(source >= 0 && source <= k, "link[\(k)] = \(source) must be in 0...\(k)")
            adjacency[source * n + (k + 1)] = true
            used[source] = true
        }
        for node in 1...m where !used[node] { adjacency[node * n + (n - 1)] = true }
        precondition(ops.allSatisfy { $0 >= 0 && $0 < operations.count }, "operation index out of range")
        return Cell(nodeCount: n, adjacency: adjacency, labels: [Cell.inputLabel] + ops + [Cell.outputLabel])
    }

    /// Links and operation names of a valid cell (the inverse of `cell(link:ops:)`), `nil` if invalid.
    public func architecture(of cell: Cell) -> (link: [Int], ops: [String])? {
        guard invalidity(of: cell) == nil else { return nil }
        let link = (1...Self.computingNodeCount).map { cell.predecessors(of: $0)[0] }
        return (link, (1...Self.computingNodeCount).map { operations[cell.labels[$0]] })
    }

    public func invalidity(of cell: Cell) -> InvalidCell? {
        let m = Self.computingNodeCount
        let n = m + 2
        guard cell.nodeCount == n else {
            return InvalidCell("NAS-Bench-Graph cells have \(n) nodes (input, \(m) computing nodes, output), found \(cell.nodeCount)")
        }
        guard cell.labels[0] == Cell.inputLabel else { return InvalidCell("node 0 must be the input") }
        guard cell.labels[n - 1] == Cell.outputLabel else { return InvalidCell("node \(n - 1) must be the output") }
        for node in 1...m where !(0..<operations.count).contains(cell.labels[node]) {
            return InvalidCell("node \(node) has label \(cell.labels[node]), not an operation index 0..<\(operations.count)")
        }
        for i in 0..<n {
            for j in 0...i where cell.hasEdge(i, j) {
                return InvalidCell("edge \(i)→\(j) is not forward (the adjacency must be strictly upper triangular)")
            }
        }
        var used = [Bool](repeating: false, count: n)
        for node in 1...m {
            let inputs = cell.predecessors(of: node)
            guard inputs.count == 1 else {
                return InvalidCell("computing node \(node) has \(inputs.count) inputs, expected exactly 1")
            }
            used[inputs[0]] = true
        }
        if cell.hasEdge(0, n - 1) { return InvalidCell("the input may not feed the output directly") }
        for node in 1...m where cell.hasEdge(node, n - 1) == used[node] {
            return used[node]
                ? InvalidCell("computing node \(node) feeds another computing node and must not feed the output")
                : InvalidCell("computing node \(node) feeds no computing node and must feed the output")
        }
        if (1...m).allSatisfy({ operations[cell.labels[$0]] == "skip" }) {
            return InvalidCell("all four operations are skip (not part of the benchmark)")
        }
        return nil
    }

    /// `iterativeGraphHash(of:)` with the space's labels; distinct for all 35,910 isomorphism classes of
    /// valid graphs (checked by the tests).
    public func canonicalHash(of cell: Cell) -> String { iterativeGraphHash(of: cell) }
    public var canonicalHashIsIterativeGraphHash: Bool { true }
}
