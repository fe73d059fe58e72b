import FileIO
/// NAS-Bench-201 / NATS-Bench topology space (Dong & Yang, 2020) as the node-labelled DAGs of
/// METHOD.md §2: each of the 6 edges of the 4-node cell becomes a node (node 1 = edge 0→1; nodes
/// 2, 3 = edges 0→2, 1→2; nodes 4, 5, 6 = edges 0→3, 1→3, 2→3; node 7 = output), `none` nodes are
/// dropped with the nodes left off every input→output path, and with skip substitution (the paper's
/// setting) every `skip_connect` node is replaced by edges from its predecessors to its successors.
/// At most 8 nodes; canonical hash = `iterativeGraphHash(of:)`.
public struct NASBench201Space: SearchSpace, Hashable {
    /// Operations on the edges of an official cell, in NAS-Bench-201's order.
    public static let cellOperations = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
    /// Source cell node of each of the 6 edges, in official string order.
    public static let edgeSources = [0, 0, 1, 0, 1, 2]
    /// Target cell node of each of the 6 edges.
    public static let edgeTargets = [1, 2, 2, 3, 3, 3]
    /// Number of official cells (5^6).
    public static let cellCount = 15_625

    public let skipSubstitution: Bool
    public let name: String
    public let operations: [String]
    public let maxNodes = 8
    public let maxEdges: Int? = nil

    /// `skipSubstitution: true` is the paper's setting (operations `nor_conv_1x1`, `nor_conv_3x3`,
    /// `avg_pool_3x3`); without it `skip_connect` is a fourth operation.
    public init(skipSubstitution: Bool = true) {
        self.skipSubstitution = skipSubstitution
        self.name = skipSubstitution ? "nb201" : "nb201-noskip"
        self.operations = skipSubstitution
            ? ["nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
            : ["nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3", "skip_connect"]
    }

    public func invalidity(of cell: Cell) -> InvalidCell? {
        cell.invalidity(operationCount: operations.count, maxNodes: maxNodes, maxEdges: maxEdges)
    }

    public func canonicalHash(of cell: Cell) -> String { iterativeGraphHash(of: cell) }
    public var canonicalHashIsIterativeGraphHash: Bool { true }

    // MARK: Official cell strings

    /// Parses an official cell string (`|nor_conv_3x3~0|+|…~0|…~1|+|…~0|…~1|…~2|`) into the
    /// indices (into `cellOperations`) of its 6 edge operations, in string order.
    public static func parse(_ text: String) throws -> [Int] {
        func fail(_ message: String) -> NotationError { NotationError(field: "arch", "'\(excerpt(text))': \(message)") }
        let groups = text.split(separator: "+", omittingEmptySubsequences: false)
        guard groups.count == 3 else { throw fail("expected 3 groups separated by '+', found \(groups.count)") }
        var ops: [Int] = []
        for (g, group) in groups.enumerated() {
            let node = g + 1
            guard group.count >= 2, group.first == "|", group.last == "|" else {
                throw fail("group \(node) must start and end with '|'")
            }
            let entries = group.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
            guard entries.count == node else { throw fail("group \(node) has \(entries.count) edge(s), expected \(node)") }
            for (i, entry) in entries.enumerated() {
                let parts = entry.split(separator: "~", omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw fail("edge '\(excerpt(entry))' is not of the form op~input") }
                guard let op = cellOperations.firstIndex(of: String(parts[0])) else {
                    throw fail("unknown operation '\(excerpt(parts[0]))' (known: \(cellOperations.joined(separator: ", ")))")
                }
                guard parts[1] == Substring(String(i)) else {
                    throw fail("edge \(i) of group \(node) reads from '\(excerpt(parts[1]))', expected \(i)")
                }
                ops.append(op)
            }
        }
        return ops
    }

    /// Formats the 6 edge operations (indices into `cellOperations`) as an official cell string.
    public static func format(_ ops: [Int]) -> String {
        precondition(ops.count == 6 && ops.allSatisfy { cellOperations.indices.contains($0) }, "need 6 operation indices")
        func entry(_ e: Int) -> String { "\(cellOperations[ops[e]])~\(edgeSources[e])" }
        return "|\(entry(0))|+|\(entry(1))|\(entry(2))|+|\(entry(3))|\(entry(4))|\(entry(5))|"
    }

    /// All 15,625 official cell strings, enumerated with the first edge varying slowest.
    public static func allCellStrings() -> [String] {
        (0..<cellCount).map { format(edgeOperations(ofCode: $0)) }
    }

    /// The 6 edge operations of the official cell with base-5 code `code` (first edge most significant).
    public static func edgeOperations(ofCode code: Int) -> [Int] {
        precondition((0..<cellCount).contains(code), "code out of range")
        var c = code
        var ops = [Int](repeating: 0, count: 6)
        for e in (0..<6).reversed() { ops[e] = c % 5; c /= 5 }
        return ops
    }

    // MARK: Conversion to graphs

    /// The node-labelled graph of an official cell given by its 6 edge operations, or `nil` when the
    /// output is cut off from the input.
    public func graph(ofEdgeOperations ops: [Int]) -> Cell? {
        precondition(ops.count == 6, "need 6 operation indices")
        let n = 8
        var flat = [Bool](repeating: false, count: n * n)
        // Edge-node k + 1 carries edge k. It is fed by the input when its source is cell node 0, else by
        // every edge-node entering its source; edge-nodes entering cell node 3 feed the output.
        for k in 0..<6 {
            let node = k + 1
            if Self.edgeSources[k] == 0 { flat[node] = true }
            for m in 0..<6 where Self.edgeTargets[m] == Self.edgeSources[k] { flat[(m + 1) * n + node] = true }
            if Self.edgeTargets[k] == 3 { flat[node * n + 7] = true }
        }
        // Labels during construction: indices into cellOperations; input/output sentinels.
        let labels = [Cell.inputLabel] + ops + [Cell.outputLabel]
        for k in 0..<6 where ops[k] == 0 {  // none
            for m in 0..<n { flat[(k + 1) * n + m] = false; flat[m * n + k + 1] = false }
        }
        guard var cell = Cell(nodeCount: n, adjacency: flat, labels: labels).pruned() else { return nil }
        if skipSubstitution {
            while let v = (1..<(cell.nodeCount - 1)).first(where: { cell.labels[$0] == 1 }) {
                for p in cell.predecessors(of: v) { for s in cell.successors(of: v) { cell.setEdge(p, s, true) } }
                cell = cell.subcell((0..<cell.nodeCount).filter { $0 != v })
            }
        }
        // Map edge operations to this space's operation indices.
        cell.labels = cell.labels.map { label in
            switch label {
            case Cell.inputLabel, Cell.outputLabel: return label
            default: return operations.firstIndex(of: Self.cellOperations[label])!
            }
        }
        return cell
    }

    /// The node-labelled graph of an official cell string, or `nil` when its output is cut off;
    /// throws when the string is malformed.
    public func graph(ofCellString text: String) throws -> Cell? {
        try graph(ofEdgeOperations: Self.parse(text))
    }

    /// Every official cell string whose graph is isomorphic to `cell` (after pruning), sorted; empty
    /// when none is (or `cell` is not valid).
    public func officialStrings(for cell: Cell) -> [String] {
        guard case .success(let pruned) = prunedValidCell(cell) else { return [] }
        return table.stringsByHash[canonicalHash(of: pruned)] ?? []
    }

    /// Canonical hash of the graph of an official cell string (`nil` when the output is cut off);
    /// memoised over all 15,625 strings. Throws when the string is malformed.
    public func canonicalHash(ofCellString text: String) throws -> String? {
        if let entry = table.hashByString[text] { return entry.isEmpty ? nil : entry }
        _ = try Self.parse(text)  // a well-formed string is always in the table; this throws the reason
        return nil
    }

    /// The memoised enumeration of the official cells for this setting.
    public var table: NASBench201Table { skipSubstitution ? NASBench201Table.withSubstitution : NASBench201Table.withoutSubstitution }

    // MARK: Notation

    /// Matrix + ops, plus the official cell strings that map to the graph (when any).
    public func notation(of cell: Cell) -> CellNotation {
        var result = matrixNotation(of: cell)
        let strings = officialStrings(for: cell)
        if !strings.isEmpty { result.archStrings = strings }
        return result
    }

    /// Matrix + ops; or, when the matrix is empty, the graph of the first of `archStrings`.
    public func cell(from notation: CellNotation) throws -> Cell {
        if notation.matrix.isEmpty, let text = notation.archStrings?.first {
            guard let cell = try graph(ofCellString: text) else {
                throw NotationError(field: "arch", "'\(excerpt(text))': the output is cut off from the input (no valid graph)")
            }
            return cell
        }
        return try cell(fromMatrix: notation.matrix, ops: notation.ops)
    }
}

/// The enumeration of all 15,625 official NAS-Bench-201 cells for one skip-substitution setting,
/// computed once per process (lazily) and shared.
public struct NASBench201Table: Sendable {
    /// Canonical hash of each official string's graph; `""` when the output is cut off.
    public let hashByString: [String: String]
    /// Official strings (sorted) per canonical hash.
    public let stringsByHash: [String: [String]]
    /// Strings whose output is cut off (no valid graph).
    public let unmappable: [String]
    /// One graph per canonical hash.
    public let graphByHash: [String: Cell]
    /// The graph of each official string that has one.
    public let graphByString: [String: Cell]

    init(space: NASBench201Space) {
        var hashByString: [String: String] = [:]
        var stringsByHash: [String: [String]] = [:]
        var graphByHash: [String: Cell] = [:]
        var unmappable: [String] = []
        var hashByCell: [Cell: String] = [:]
        var graphByString: [String: Cell] = [:]
        for text in NASBench201Space.allCellStrings() {
            guard let cell = try! space.graph(ofCellString: text) else {
                unmappable.append(text); hashByString[text] = ""; continue
            }
            let hash: String
            if let known = hashByCell[cell] { hash = known } else {
                hash = space.canonicalHash(of: cell); hashByCell[cell] = hash
            }
            hashByString[text] = hash
            graphByString[text] = cell
            stringsByHash[hash, default: []].append(text)
            if graphByHash[hash] == nil { graphByHash[hash] = cell }
        }
        self.hashByString = hashByString
        self.stringsByHash = stringsByHash.mapValues { $0.sorted() }
        self.unmappable = unmappable
        self.graphByHash = graphByHash
        self.graphByString = graphByString
    }

    static let withSubstitution = NASBench201Table(space: NASBench201Space(skipSubstitution: true))
    static let withoutSubstitution = NASBench201Table(space: NASBench201Space(skipSubstitution: false))
}
