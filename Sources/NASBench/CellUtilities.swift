extension Cell {
    /// Whether every edge goes from a lower to a higher node index (nodes in topological order).
    public var isUpperTriangular: Bool {
        for i in 0..<nodeCount { for j in 0...i where hasEdge(i, j) { return false } }
        return true
    }

    /// The cell with nodes reordered: node `k` of the result is node `order[k]` of this cell.
    public func reordered(_ order: [Int]) -> Cell {
        precondition(order.count == nodeCount && Set(order).count == nodeCount && order.allSatisfy { (0..<nodeCount).contains($0) },
                     "order must be a permutation of 0..<\(nodeCount)")
        var flat = [Bool](repeating: false, count: nodeCount * nodeCount)
        for a in 0..<nodeCount { for b in 0..<nodeCount where hasEdge(order[a], order[b]) { flat[a * nodeCount + b] = true } }
        return Cell(nodeCount: nodeCount, adjacency: flat, labels: order.map { labels[$0] })
    }

    /// The sub-cell on the nodes in `kept` (in that order).
    public func subcell(_ kept: [Int]) -> Cell {
        let m = kept.count
        var flat = [Bool](repeating: false, count: m * m)
        for a in 0..<m { for b in 0..<m where hasEdge(kept[a], kept[b]) { flat[a * m + b] = true } }
        return Cell(nodeCount: m, adjacency: flat, labels: kept.map { labels[$0] })
    }

    /// The cell restricted to the nodes that lie on a path from the input (node 0) to the output (the
    /// last node), compacted and in topological order (the original order is kept when it already is
    /// one; otherwise a stable topological sort, smallest index first). `nil` when the output is not
    /// reachable from the input, when there are fewer than two nodes, or when the kept nodes contain a
    /// cycle. Idempotent: `c.pruned()?.pruned() == c.pruned()`.
    public func pruned() -> Cell? {
        let n = nodeCount
        guard n >= 2 else { return nil }
        var fromInput = [Bool](repeating: false, count: n), toOutput = [Bool](repeating: false, count: n)
        var stack = [0]
        fromInput[0] = true
        while let v = stack.popLast() {
            for w in 0..<n where hasEdge(v, w) && !fromInput[w] { fromInput[w] = true; stack.append(w) }
        }
        guard fromInput[n - 1] else { return nil }
        stack = [n - 1]
        toOutput[n - 1] = true
        while let v = stack.popLast() {
            for w in 0..<n where hasEdge(w, v) && !toOutput[w] { toOutput[w] = true; stack.append(w) }
        }
        let kept = (0..<n).filter { fromInput[$0] && toOutput[$0] }
        var result = kept.count == n ? self : subcell(kept)
        if !result.isUpperTriangular {
            guard let order = result.topologicalOrder() else { return nil }
            result = result.reordered(order)
        }
        return result
    }

    /// A topological order (Kahn's algorithm, smallest available index first), or `nil` on a cycle.
    public func topologicalOrder() -> [Int]? {
        let n = nodeCount
        var indegree = (0..<n).map { j in (0..<n).reduce(0) { $0 + (hasEdge($1, j) ? 1 : 0) } }
        var order: [Int] = []
        var done = [Bool](repeating: false, count: n)
        while order.count < n {
            guard let v = (0..<n).first(where: { !done[$0] && indegree[$0] == 0 }) else { return nil }
            done[v] = true
            order.append(v)
            for w in 0..<n where hasEdge(v, w) { indegree[w] -= 1 }
        }
        return order
    }

    /// Why the cell breaks METHOD.md §2's rules or a space's limits, or `nil` when it is valid:
    /// at least two nodes, node 0 input and the last node output and no other node either, middle
    /// labels in `0..<operationCount`, strictly upper-triangular adjacency, the input with a successor,
    /// the output with a predecessor, every middle node with a predecessor and a successor, at most
    /// `maxNodes` nodes and `maxEdges` edges. A valid cell is pruned (every node lies on an
    /// input→output path).
    public func invalidity(operationCount: Int, maxNodes: Int, maxEdges: Int?) -> InvalidCell? {
        let n = nodeCount
        if n < 2 { return InvalidCell("a cell needs at least an input and an output node, found \(n) node(s)") }
        if n > maxNodes { return InvalidCell("\(n) nodes exceed the space's limit of \(maxNodes)") }
        if labels[0] != Cell.inputLabel { return InvalidCell("node 0 is not the input") }
        if labels[n - 1] != Cell.outputLabel { return InvalidCell("the last node (\(n - 1)) is not the output") }
        for v in 1..<(n - 1) {
            let l = labels[v]
            if l == Cell.inputLabel || l == Cell.outputLabel { return InvalidCell("middle node \(v) is labelled as \(l == Cell.inputLabel ? "input" : "output")") }
            if l < 0 || l >= operationCount { return InvalidCell("node \(v) has operation index \(l), outside 0..<\(operationCount)") }
        }
        for i in 0..<n { for j in 0...i where hasEdge(i, j) {
            return InvalidCell(i == j ? "self-loop on node \(i)" : "edge \(i)→\(j) goes backwards (adjacency not strictly upper triangular)")
        } }
        if !(1..<n).contains(where: { hasEdge(0, $0) }) { return InvalidCell("the input has no successor") }
        if !(0..<(n - 1)).contains(where: { hasEdge($0, n - 1) }) { return InvalidCell("the output has no predecessor") }
        for v in 1..<(n - 1) {
            if !(0..<v).contains(where: { hasEdge($0, v) }) { return InvalidCell("node \(v) has no predecessor") }
            if !((v + 1)..<n).contains(where: { hasEdge(v, $0) }) { return InvalidCell("node \(v) has no successor") }
        }
        if let maxEdges, edgeCount > maxEdges { return InvalidCell("\(edgeCount) edges exceed the space's limit of \(maxEdges)") }
        return nil
    }
}
