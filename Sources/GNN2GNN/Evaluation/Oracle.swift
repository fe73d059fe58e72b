import NASBench
import TensorCore

/// Benchmark look-ups made while training, with a cache and a count of distinct queries.
///
/// An *oracle query* is the first look-up of a distinct architecture whose objective the caller uses
/// (a valuer label or a score for checkpoint selection): the benchmark standing in for training
/// that cell. Look-ups that only ask whether a cell exists are cached but not counted.
public struct Oracle: Sendable {
    public let benchmark: Benchmark
    private var cache: [Cell: Int] = [:]
    /// Classes whose objective was revealed, for queries by training.
    public private(set) var trainingQueries: Set<Int> = []
    /// Classes whose objective was revealed, for scoring checkpoints.
    public private(set) var selectionQueries: Set<Int> = []

    /// Every distinct class revealed (for any purpose), in the order of its first query; append-only.
    public private(set) var revealed: [Int] = []

    public init(benchmark: Benchmark) { self.benchmark = benchmark }

    /// Distinct classes revealed for any purpose.
    public var distinctQueries: Int { revealed.count }

    /// Restores counts from a saved run. `revealed` is the saved query order; runs saved before it
    /// was recorded get the revealed classes in ascending order.
    public mutating func restore(trainingQueries: [Int], selectionQueries: [Int], revealed: [Int]? = nil) {
        self.trainingQueries = Set(trainingQueries)
        self.selectionQueries = Set(selectionQueries)
        self.revealed = revealed ?? self.trainingQueries.union(self.selectionQueries).sorted()
    }

    /// Why the objective of a cell is looked up.
    public enum Purpose: Sendable { case existence, training, selection }

    /// The class of `cell` in the benchmark (nil when invalid or absent), recording the query.
    public mutating func classIndex(of cell: Cell, for purpose: Purpose) -> Int? {
        let profile = StepProfile.begin(.lookups)
        defer { StepProfile.end(profile) }
        let index: Int
        if let cached = cache[cell] {
            index = cached
        } else {
            index = benchmark.classIndex(of: cell) ?? -1
            cache[cell] = index
        }
        guard index >= 0 else { return nil }
        switch purpose {
        case .existence: break
        case .training: reveal(index); trainingQueries.insert(index)
        case .selection: reveal(index); selectionQueries.insert(index)
        }
        return index
    }

    /// The class of `cell` for a training label under a query budget: a class already revealed is
    /// always returned; a new one only while fewer than `budget` classes were revealed (0 = no cap).
    /// A cell that is not in the benchmark, or over the budget, gives `nil` and reveals nothing.
    public mutating func trainingClassIndex(of cell: Cell, budget: Int) -> Int? {
        guard let k = classIndex(of: cell, for: .existence) else { return nil }
        let known = trainingQueries.contains(k) || selectionQueries.contains(k)
        if budget > 0, !known, revealed.count >= budget { return nil }
        return classIndex(of: cell, for: .training)
    }

    private mutating func reveal(_ index: Int) {
        if !trainingQueries.contains(index), !selectionQueries.contains(index) { revealed.append(index) }
    }
}
