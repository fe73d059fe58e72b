/// A space whose members are exactly the choices of a fixed set of *slots*, one option per slot
/// (NAS-Bench-201: one of five operations on each of the six edges of its 4-node cell). A generator
/// that knows the structure draws one option per slot, so every draw is a member (or one of the few
/// choice vectors the space rejects), instead of a complete DAG that is usually not a member.
public protocol SlotStructuredSpace: SearchSpace {
    /// Number of slots of a cell.
    var slotCount: Int { get }
    /// Options of each slot, by name (the same for every slot).
    var slotOptions: [String] { get }
    /// How slots relate, as directed pairs `(a, b)` over `0..<slotCount` (slot `a` feeds slot `b`);
    /// the generator's graph network propagates along them.
    var slotEdges: [(Int, Int)] { get }
    /// The member of the space given by one option index per slot, or `nil` when those choices form
    /// no valid cell (e.g. a NAS-Bench-201 cell whose output is cut off).
    func cell(fromSlotChoices choices: [Int]) -> Cell?
}

extension NASBench201Space: SlotStructuredSpace {
    public var slotCount: Int { 6 }
    public var slotOptions: [String] { Self.cellOperations }

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
