import NASBench

/// Which cells are members of a run's search space — free to ask, since it reveals no objective.
///
/// Where the space enumerates its members from its rules (`SearchSpace.allMembers`: nb101, nb201),
/// a member is any architecture of the space, whether or not the run's table holds it: a run on a
/// sample of a benchmark generates architectures beyond its table. Other spaces' members are the
/// rows of the table.
public struct SpaceMembership: Sendable {
    public let benchmark: Benchmark
    /// The space's members, when it enumerates them.
    public let members: SpaceMembers?

    public init(benchmark: Benchmark, members: SpaceMembers?) {
        self.benchmark = benchmark
        self.members = members
    }

    /// The membership of `benchmark`'s space: enumerated from its rules where it can be.
    public init(benchmark: Benchmark) {
        self.init(benchmark: benchmark, members: benchmark.space.allMembers())
    }

    /// Whether `cell` (in any node order, unpruned allowed) is a member of the space.
    public func contains(_ cell: Cell) -> Bool {
        guard case .success(let pruned) = benchmark.space.prunedValidCell(cell) else { return false }
        // One pruning and at most one hash: the table's look-up hands back the hash it computed.
        let (index, hash) = benchmark.lookUp(pruned: pruned)
        if index != nil { return true }
        guard let members else { return false }
        return members.index(ofHash: hash ?? benchmark.space.canonicalHash(of: pruned)) != nil
    }

    /// Whether `cell` is a row of the table (a member of the space that the table lacks is *new*).
    public func inTable(_ cell: Cell) -> Bool { benchmark.classIndex(of: cell) != nil }
}
