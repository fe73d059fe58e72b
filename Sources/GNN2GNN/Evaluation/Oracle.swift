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

    public init(benchmark: Benchmark) { self.benchmark = benchmark }

    /// Distinct classes revealed for any purpose.
    public var distinctQueries: Int { trainingQueries.union(selectionQueries).count }

    /// Restores counts from a saved run.
    public mutating func restore(trainingQueries: [Int], selectionQueries: [Int]) {
        self.trainingQueries = Set(trainingQueries)
        self.selectionQueries = Set(selectionQueries)
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
        case .training: trainingQueries.insert(index)
        case .selection: selectionQueries.insert(index)
        }
        return index
    }
}
