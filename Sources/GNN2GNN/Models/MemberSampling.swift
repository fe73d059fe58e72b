import NASBench
import TensorCore

/// Cells drawn by rejection onto the members of a search space, and what it took.
public struct MemberSample: Sendable {
    /// `count` cells: the members drawn, then — only when the draws ran out — the first non-members drawn.
    public var cells: [Cell]
    /// Cells drawn from the generator in all.
    public var draws: Int
    /// Members among `cells`.
    public var members: Int
    /// Share of the generator's draws that were members.
    public var memberShare: Double { draws > 0 ? Double(members) / Double(draws) : 0 }
}

/// Rejection onto the members of a space: calls `draw` for more cells until `count` pass `isMember`
/// or at least `maxDraws` cells have been drawn (the check is made between calls to `draw`). The
/// sample holds the members found, then — only when the draws ran out — the first non-members drawn.
/// `isMember` is asked once per distinct cell (generators repeat themselves; a look-up that has to
/// prune and hash a cell costs more than remembering the answer).
public func drawMembers(count: Int, maxDraws: Int, draw: () -> [Cell], isMember: (Cell) -> Bool) -> MemberSample {
    var members: [Cell] = [], others: [Cell] = []
    var draws = 0
    var verdicts: [Cell: Bool] = [:]
    members.reserveCapacity(count)
    while members.count < count, draws < maxDraws {
        for cell in draw() {
            draws += 1
            let member: Bool
            if let known = verdicts[cell] {
                member = known
            } else {
                member = isMember(cell)
                if verdicts.count < memberVerdictLimit { verdicts[cell] = member }
            }
            if member {
                members.append(cell)
                if members.count == count { break }
            } else if others.count < count {
                others.append(cell)
            }
        }
    }
    return MemberSample(cells: members + others.prefix(count - members.count), draws: draws, members: members.count)
}

/// Distinct cells whose membership `drawMembers` remembers (about 100 MB at most).
let memberVerdictLimit = 500_000

extension GNN2GNNModel {
    /// Generates cells and keeps those that `isMember` accepts — the members of the search space —
    /// until `count` are found or `maxDrawsPerCell · count` cells have been drawn (beyond the paper: its
    /// refinement only makes a DAG valid, and a valid DAG need not be a cell of the space; for
    /// NAS-Bench-101 and -201, whose tables hold every cell of the space, membership is an existence
    /// look-up that reveals no objective). Draws come in batches of `batchSize` from `random`.
    public func generateMembers(count: Int, maxDrawsPerCell: Int = 50, batchSize: Int = 500,
                                using random: inout SeededGenerator, isMember: (Cell) -> Bool) -> MemberSample {
        drawMembers(count: count, maxDraws: count * maxDrawsPerCell,
                    draw: { generate(count: batchSize, batchSize: batchSize, using: &random) }, isMember: isMember)
    }
}
