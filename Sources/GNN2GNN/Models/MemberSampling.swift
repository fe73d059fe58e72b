import NASBench
import TensorCore

/// Cells drawn by rejection onto the members of a search space, and what it took.
public struct MemberSample: Sendable {
    /// `count` cells: members first drawn, then — only when `maxDraws` ran out — the last non-members drawn.
    public var cells: [Cell]
    /// Cells drawn from the generator in all.
    public var draws: Int
    /// Members among `cells`.
    public var members: Int
    /// Share of the generator's draws that were members.
    public var memberShare: Double { draws > 0 ? Double(members) / Double(draws) : 0 }
}

extension GNN2GNNModel {
    /// Generates cells and keeps those that `isMember` accepts — the members of the search space —
    /// until `count` are found or `maxDrawsPerCell · count` cells have been drawn (beyond the paper: its
    /// refinement only makes a DAG valid, and a valid DAG need not be a cell of the space; for
    /// NAS-Bench-101 and -201, whose tables hold every cell of the space, membership is an existence
    /// look-up that reveals no objective). Draws come in batches of `batchSize` from `random`.
    public func generateMembers(count: Int, maxDrawsPerCell: Int = 50, batchSize: Int = 500,
                                generator random: inout SeededGenerator, isMember: (Cell) -> Bool) -> MemberSample {
        var members: [Cell] = [], others: [Cell] = []
        var draws = 0
        members.reserveCapacity(count)
        while members.count < count, draws < count * maxDrawsPerCell {
            for cell in generate(count: batchSize, batchSize: batchSize, generator: &random) {
                draws += 1
                if isMember(cell) {
                    members.append(cell)
                    if members.count == count { break }
                } else if others.count < count {
                    others.append(cell)
                }
            }
        }
        let found = members.count
        let fill = others.suffix(count - found)
        return MemberSample(cells: members + fill, draws: draws, members: found)
    }
}
