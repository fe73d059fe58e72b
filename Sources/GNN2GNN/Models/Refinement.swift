import NASBench

/// Turns the generator's raw choices over the complete DAG into a cell (METHOD.md §4, step 4):
/// node 0 becomes the input and node n−1 the output, dropped edges are removed, nodes without a path
/// from the input or to the output are removed, and if nothing connects the input to the output the
/// two are wired directly.
public struct RefinedCell: Equatable, Sendable {
    /// The cell, in the node order of the complete DAG restricted to the surviving nodes.
    public let cell: Cell
    /// The complete-DAG nodes that survived, ascending (always starts with 0 and ends with n−1).
    public let survivingNodes: [Int]
    /// Whether the input→output edge was added because no path connected them.
    public let wiredDirectly: Bool

    private init(cell: Cell, survivingNodes: [Int], wiredDirectly: Bool) {
        self.cell = cell
        self.survivingNodes = survivingNodes
        self.wiredDirectly = wiredDirectly
    }

    /// The choices projected onto a space with a rigid wiring (`SearchSpace.projected`): all nodes
    /// survive and the edges are the projection's. Falls back to the paper's refinement when the
    /// space has no projection for these choices.
    public init(nodeCount n: Int, operations: [Int], space: any SearchSpace, kept: (Int, Int) -> Bool) {
        guard space.hasProjection else {
            self.init(nodeCount: n, operations: operations, kept: kept)
            return
        }
        var rows = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in (i + 1)..<n where kept(i, j) { rows[i][j] = 1 } }
        var labels = operations
        labels[0] = Cell.inputLabel
        labels[n - 1] = Cell.outputLabel
        if let cell = space.projected(Cell(adjacency: rows, labels: labels)) {
            self.init(cell: cell, survivingNodes: Array(0..<n), wiredDirectly: false)
        } else {
            self.init(nodeCount: n, operations: operations, kept: kept)
        }
    }

    /// Refines choices over the complete DAG on `nodeCount` nodes: `kept(i, j)` says whether edge
    /// `i → j` (i < j) was kept; `operations[v]` is the operation index of node `v` (ignored for the
    /// first and last node).
    public init(nodeCount n: Int, operations: [Int], kept: (Int, Int) -> Bool) {
        precondition(n >= 2 && n <= 64 && operations.count == n)
        // adjacency[i] bit j: edge i → j (a stack buffer: this runs for every generated cell).
        (survivingNodes, wiredDirectly, cell) = withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { adjacency in
            adjacency.initialize(repeating: 0)
            for i in 0..<n { for j in (i + 1)..<n where kept(i, j) { adjacency[i] |= 1 << UInt64(j) } }
            return Self.refine(n, operations, adjacency)
        }
    }

    private static func refine(_ n: Int, _ operations: [Int], _ adjacency: UnsafeMutableBufferPointer<UInt64>) -> ([Int], Bool, Cell) {
        var fromInput: UInt64 = 1
        for j in 1..<n {
            for i in 0..<j where fromInput & (1 << UInt64(i)) != 0 && adjacency[i] & (1 << UInt64(j)) != 0 {
                fromInput |= 1 << UInt64(j); break
            }
        }
        var toOutput: UInt64 = 1 << UInt64(n - 1)
        for i in stride(from: n - 2, through: 0, by: -1) where adjacency[i] & toOutput != 0 { toOutput |= 1 << UInt64(i) }
        let alive = fromInput & toOutput
        if alive & (1 << UInt64(n - 1)) == 0 {
            return ([0, n - 1], true, Cell(nodeCount: 2, adjacency: [false, true, false, false], labels: [Cell.inputLabel, Cell.outputLabel]))
        }
        let m = alive.nonzeroBitCount
        var survivors: [Int] = []
        survivors.reserveCapacity(m)
        for v in 0..<n where alive & (1 << UInt64(v)) != 0 { survivors.append(v) }
        var flat = [Bool](repeating: false, count: m * m)
        for (a, i) in survivors.enumerated() {
            for (b, j) in survivors.enumerated() where b > a && adjacency[i] & (1 << UInt64(j)) != 0 { flat[a * m + b] = true }
        }
        var labels = survivors.map { operations[$0] }
        labels[0] = Cell.inputLabel
        labels[m - 1] = Cell.outputLabel
        return (survivors, false, Cell(nodeCount: m, adjacency: flat, labels: labels))
    }
}
