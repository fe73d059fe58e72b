import FileIO
/// A cell written in its space's notation, as stored in JSON: the adjacency `matrix` (rows of 0/1),
/// the `ops` (`input`, middle operation names, `output`) and, for NAS-Bench-201, the official cell
/// strings (`arch_strings`) that map to the graph, when there are any.
public struct CellNotation: Codable, Hashable, Sendable {
    public var matrix: [[Int]]
    public var ops: [String]
    public var archStrings: [String]?

    public init(matrix: [[Int]], ops: [String], archStrings: [String]? = nil) {
        self.matrix = matrix
        self.ops = ops
        self.archStrings = archStrings
    }

    enum CodingKeys: String, CodingKey {
        case matrix, ops
        case archStrings = "arch_strings"
    }
}

/// Why a notation could not be read as a cell: the offending `field` and a message.
public struct NotationError: Error, Equatable, Sendable, CustomStringConvertible {
    public let field: String
    public let message: String
    public init(field: String, _ message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { "\(field): \(message)" }
}

/// Names of the input and output nodes in a cell's `ops`.
public enum NodeNames {
    public static let input = "input"
    public static let output = "output"
}

extension SearchSpace {
    /// Index of the operation called `name`, if the space has it.
    public func operationIndex(named name: String) -> Int? { operations.firstIndex(of: name) }

    /// Name of a node label: `input`, `output` or the operation's name.
    public func labelName(_ label: Int) -> String {
        switch label {
        case Cell.inputLabel: return NodeNames.input
        case Cell.outputLabel: return NodeNames.output
        default: return operations.indices.contains(label) ? operations[label] : "op\(label)"
        }
    }

    /// Matrix + ops notation of `cell` (what `notation(of:)` returns unless a space adds more).
    public func matrixNotation(of cell: Cell) -> CellNotation {
        CellNotation(matrix: cell.adjacencyRows, ops: cell.labels.map { labelName($0) })
    }

    /// Reads matrix + ops: the matrix must be square with entries 0/1, `ops` as long as the matrix,
    /// its first entry `input`, its last `output`, the others operations of this space. Only the
    /// shape is checked; use `invalidity(of:)` for the graph rules.
    public func cell(fromMatrix matrix: [[Int]], ops: [String]) throws -> Cell {
        let n = matrix.count
        guard n >= 2 else { throw NotationError(field: "matrix", "needs at least 2 rows, found \(n)") }
        for (i, row) in matrix.enumerated() {
            guard row.count == n else { throw NotationError(field: "matrix", "row \(i) has \(row.count) entries, expected \(n)") }
            if let bad = row.first(where: { $0 != 0 && $0 != 1 }) { throw NotationError(field: "matrix", "row \(i) has entry \(bad), expected 0 or 1") }
        }
        guard ops.count == n else { throw NotationError(field: "ops", "has \(ops.count) entries for a \(n)×\(n) matrix") }
        guard ops[0] == NodeNames.input else { throw NotationError(field: "ops", "first entry is '\(excerpt(ops[0]))', expected 'input'") }
        guard ops[n - 1] == NodeNames.output else { throw NotationError(field: "ops", "last entry is '\(excerpt(ops[n - 1]))', expected 'output'") }
        var labels = [Cell.inputLabel]
        for op in ops[1..<(n - 1)] {
            guard let k = operationIndex(named: op) else {
                throw NotationError(field: "ops", "unknown operation '\(excerpt(op))' for space \(name) (known: \(operations.joined(separator: ", ")))")
            }
            labels.append(k)
        }
        labels.append(Cell.outputLabel)
        return Cell(adjacency: matrix, labels: labels)
    }
}
