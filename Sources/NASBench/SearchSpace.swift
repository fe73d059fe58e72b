/// Why a cell is not a valid member of a search space.
public struct InvalidCell: Error, Equatable, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// A space of cells: its operation vocabulary, its limits, validity, identity and notation.
///
/// Node features of a cell in a space with `k` operations are one-hot vectors of width `k + 2`:
/// column 0 is the input, columns `1...k` the operations in `operations` order, column `k + 1` the output
/// (see `featureColumn(ofLabel:)`).
public protocol SearchSpace: Sendable {
    /// Short identifier, e.g. `nb101`.
    var name: String { get }
    /// Operations a middle node may carry, in the order of operation indices.
    var operations: [String] { get }
    /// Maximum number of nodes, input and output included.
    var maxNodes: Int { get }
    /// Maximum number of edges, if the space limits it.
    var maxEdges: Int? { get }

    /// `nil` when `cell` is a valid member of the space, otherwise the reason it is not.
    func invalidity(of cell: Cell) -> InvalidCell?
    /// An isomorphism-invariant identifier of the pruned cell.
    func canonicalHash(of cell: Cell) -> String

    /// The cell in the space's notation (default: matrix + ops).
    func notation(of cell: Cell) -> CellNotation
    /// Reads a cell from the space's notation (default: matrix + ops); throws on malformed input.
    func cell(from notation: CellNotation) throws -> Cell
    /// For spaces with a rigid wiring: the member of the space closest to an arbitrary DAG on
    /// `maxNodes` nodes (used by generators whose raw output is such a DAG), or `nil` when the space
    /// has no such projection (default) or the DAG's operations cannot form a member.
    func projected(_ dag: Cell) -> Cell?
    /// Whether `projected(_:)` can return a cell at all (false for the default); lets callers skip
    /// building the DAG for spaces without a projection.
    var hasProjection: Bool { get }
    /// Whether `canonicalHash(of:)` is `iterativeGraphHash(of:)` (false for the default), which
    /// lets benchmarks rule cells out by their degrees and labels before hashing.
    var canonicalHashIsIterativeGraphHash: Bool { get }
    /// Every member of the space from its rules alone (`SpaceMembers`), or nil when the space does not
    /// enumerate them (default): its members are then the rows of the table a run is given.
    func allMembers() -> SpaceMembers?
}

extension SearchSpace {
    public func notation(of cell: Cell) -> CellNotation { matrixNotation(of: cell) }
    public func cell(from notation: CellNotation) throws -> Cell { try cell(fromMatrix: notation.matrix, ops: notation.ops) }
    public func projected(_ dag: Cell) -> Cell? { nil }
    public var hasProjection: Bool { false }
    public var canonicalHashIsIterativeGraphHash: Bool { false }
    public func allMembers() -> SpaceMembers? { nil }

    /// The pruned form of `cell` when it is a valid member of the space, otherwise why not
    /// (output unreachable, or the pruned cell breaks a rule).
    public func prunedValidCell(_ cell: Cell) -> Result<Cell, InvalidCell> {
        guard let pruned = cell.pruned() else {
            return .failure(InvalidCell(cell.nodeCount < 2 ? "fewer than two nodes" : "the output is not reachable from the input (or the graph has a cycle)"))
        }
        if let reason = invalidity(of: pruned) { return .failure(reason) }
        return .success(pruned)
    }

    /// Width of the one-hot node features: input + operations + output.
    public var featureCount: Int { operations.count + 2 }

    /// Whether `cell` is valid in this space.
    public func isValid(_ cell: Cell) -> Bool { invalidity(of: cell) == nil }

    /// Column of the one-hot node feature for a node label.
    public func featureColumn(ofLabel label: Int) -> Int {
        switch label {
        case Cell.inputLabel: return 0
        case Cell.outputLabel: return operations.count + 1
        default:
            precondition(label >= 0 && label < operations.count, "label \(label) out of range")
            return label + 1
        }
    }
}
