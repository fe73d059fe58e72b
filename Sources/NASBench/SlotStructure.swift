/// A space whose members are choices over a fixed set of *slots*, one option per slot
/// (NAS-Bench-201: one of five operations on each of the six edges of its 4-node cell; NAS-Bench-101:
/// one of three operations on each of the five middle nodes of a 7-node DAG and, for each of its 21
/// possible edges, absent or present). A generator that knows the structure draws one option per
/// slot, so every draw is a member or one of the choice vectors the space rejects, instead of a
/// complete DAG that is usually not a member.
public protocol SlotStructuredSpace: SearchSpace {
    /// Number of slots of a cell.
    var slotCount: Int { get }
    /// The options of each slot, by name (`slotOptions[slot][option]`; slots may differ in how many).
    var slotOptions: [[String]] { get }
    /// How slots relate, as directed pairs `(a, b)` over `0..<slotCount` (slot `a` feeds slot `b`);
    /// the generator's graph network propagates along them.
    var slotEdges: [(Int, Int)] { get }
    /// The member of the space given by one option index per slot, or `nil` when those choices form
    /// no valid cell (e.g. a NAS-Bench-201 cell whose output is cut off).
    func cell(fromSlotChoices choices: [Int]) -> Cell?
    /// Every slot once, in the order a node-by-node generator emits them (GraphRNN-style: each node's
    /// operation, then its incoming edges). Default: the slot order.
    var generationOrder: [Int] { get }
    /// One choice vector whose `cell(fromSlotChoices:)` is `cell` (the inverse, for teaching a
    /// generator cells of the space), or `nil` when the cell cannot be written in slots.
    func slotChoices(of cell: Cell) -> [Int]?
}

extension SlotStructuredSpace {
    /// The largest number of options of any slot.
    public var maxSlotOptionCount: Int { slotOptions.map(\.count).max() ?? 0 }

    /// The slot order (NAS-Bench-201's edges already come node by node: those entering node 1, 2, 3).
    public var generationOrder: [Int] { Array(0..<slotCount) }
}

extension NASBench101Space: SlotStructuredSpace {
    /// Node by node: for node `v = 1…6`, its operation slot (middle nodes) and then the slots of its
    /// incoming edges `(u, v)`, `u < v`.
    public var generationOrder: [Int] {
        (1..<7).flatMap { v -> [Int] in
            (v <= Self.middleNodes ? [v - 1] : []) + Self.dagEdges.indices.filter { Self.dagEdges[$0].1 == v }.map { Self.middleNodes + $0 }
        }
    }

    /// Slots `0..<5`: the operation of middle node `1...5`; slots `5..<26`: the edges `(a, b)`,
    /// `a < b`, of the 7-node DAG in row-major order, each absent (0) or present (1).
    public var slotCount: Int { Self.middleNodes + Self.dagEdges.count }
    public var slotOptions: [[String]] {
        Array(repeating: operations, count: Self.middleNodes) + Array(repeating: ["absent", "present"], count: Self.dagEdges.count)
    }

    /// A node's operation slot feeds the slots of its outgoing edges; an edge's slot feeds the
    /// operation slot of the node it enters.
    public var slotEdges: [(Int, Int)] {
        Self.dagEdges.enumerated().flatMap { e, edge -> [(Int, Int)] in
            let slot = Self.middleNodes + e
            var relations: [(Int, Int)] = []
            if (1...Self.middleNodes).contains(edge.0) { relations.append((edge.0 - 1, slot)) }
            if (1...Self.middleNodes).contains(edge.1) { relations.append((slot, edge.1 - 1)) }
            return relations
        }
    }

    /// The pruned cell of the 7-node DAG these choices describe, or `nil` when the output is cut off
    /// or the pruned cell has more than 9 edges.
    public func cell(fromSlotChoices choices: [Int]) -> Cell? {
        precondition(choices.count == slotCount, "need \(slotCount) slot choices")
        let n = maxNodes
        var adjacency = [Bool](repeating: false, count: n * n)
        for (e, edge) in Self.dagEdges.enumerated() where choices[Self.middleNodes + e] == 1 { adjacency[edge.0 * n + edge.1] = true }
        let labels = [Cell.inputLabel] + choices.prefix(Self.middleNodes) + [Cell.outputLabel]
        guard case .success(let cell) = prunedValidCell(Cell(nodeCount: n, adjacency: adjacency, labels: labels)) else { return nil }
        return cell
    }

    /// The pruned cell's nodes in order on the DAG's first positions and its output on the last; the
    /// positions left over get operation 0 and no edge (pruning drops them again). `nil` for a cell
    /// of more than 7 nodes, an edge that does not go forward, or a label outside the operations.
    public func slotChoices(of cell: Cell) -> [Int]? {
        let n = cell.nodeCount, m = maxNodes
        guard n >= 2, n <= m else { return nil }
        func position(_ v: Int) -> Int { v == n - 1 ? m - 1 : v }
        var choices = [Int](repeating: 0, count: slotCount)
        for v in 1..<(n - 1) {
            guard (0..<operations.count).contains(cell.labels[v]) else { return nil }
            choices[v - 1] = cell.labels[v]
        }
        for a in 0..<n {
            for b in 0..<n where cell.hasEdge(a, b) {
                guard a < b else { return nil }
                let (pa, pb) = (position(a), position(b))
                choices[Self.middleNodes + pa * (2 * m - pa - 1) / 2 + (pb - pa - 1)] = 1
            }
        }
        return choices
    }

    static let middleNodes = 5
    /// The 21 possible edges of an upper-triangular 7-node DAG, row-major.
    static let dagEdges: [(Int, Int)] = (0..<7).flatMap { a in ((a + 1)..<7).map { (a, $0) } }
}

extension NASBench201Space: SlotStructuredSpace {
    public var slotCount: Int { 6 }
    public var slotOptions: [[String]] { Array(repeating: Self.cellOperations, count: 6) }

    /// Edge `k` feeds edge `m` when `k` enters the cell node that `m` leaves.
    public var slotEdges: [(Int, Int)] {
        (0..<6).flatMap { k in (0..<6).filter { Self.edgeTargets[k] == Self.edgeSources[$0] }.map { (k, $0) } }
    }

    /// The node-labelled graph of the official cell with these 6 edge operations (memoised over all
    /// 15,625 cells).
    public func cell(fromSlotChoices choices: [Int]) -> Cell? {
        precondition(choices.count == 6 && choices.allSatisfy { (0..<5).contains($0) }, "need 6 operation indices in 0..<5")
        var code = 0
        for c in choices { code = code * 5 + c }
        return slotTable.cells[code]
    }

    /// The operations of the class's smallest official cell string.
    public func slotChoices(of cell: Cell) -> [Int]? {
        guard let text = officialStrings(for: cell).min() else { return nil }
        return try? Self.parse(text)
    }

    var slotTable: NASBench201SlotTable {
        skipSubstitution ? NASBench201SlotTable.withSubstitution : NASBench201SlotTable.withoutSubstitution
    }
}

/// The graph of every official NAS-Bench-201 cell indexed by its base-5 code (first edge most
/// significant, as `NASBench201Space.allCellStrings()` enumerates them).
struct NASBench201SlotTable: Sendable {
    let cells: [Cell?]

    init(space: NASBench201Space) {
        cells = (0..<NASBench201Space.cellCount).map { space.graph(ofEdgeOperations: NASBench201Space.edgeOperations(ofCode: $0)) }
    }

    static let withSubstitution = NASBench201SlotTable(space: NASBench201Space(skipSubstitution: true))
    static let withoutSubstitution = NASBench201SlotTable(space: NASBench201Space(skipSubstitution: false))
}
