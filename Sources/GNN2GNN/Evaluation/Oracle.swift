import NASBench
import TensorCore

/// How many distinct architectures a run may have evaluated (their objective looked up).
///
/// Spelled out in both directions: `unlimited` is no cap, `limit(0)` is zero look-ups. In
/// `config.json` and on the command line it is a whole number or the word `unlimited`; files of format
/// version 1 and 2 wrote 0 for "no cap" and are read that way.
public enum QueryBudget: Sendable, Hashable, Codable, CustomStringConvertible {
    case unlimited
    case limit(Int)

    /// Whether `revealed` distinct look-ups leave room for one more.
    public func allowsAnother(after revealed: Int) -> Bool {
        switch self {
        case .unlimited: true
        case .limit(let n): revealed < n
        }
    }

    /// Whether `count` distinct look-ups are within the budget.
    public func admits(_ count: Int) -> Bool {
        switch self {
        case .unlimited: true
        case .limit(let n): count <= n
        }
    }

    public var description: String {
        switch self {
        case .unlimited: "unlimited"
        case .limit(let n): "\(n)"
        }
    }

    /// `unlimited` or a whole number ≥ 0; nil otherwise.
    public init?(text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "unlimited" { self = .unlimited } else if let n = Int(trimmed), n >= 0 { self = .limit(n) } else { return nil }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let n = try? container.decode(Int.self) {
            guard n >= 0 else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "a query budget is ≥ 0 or \"unlimited\", not \(n)") }
            self = .limit(n)
        } else if let text = try? container.decode(String.self), let budget = QueryBudget(text: text) {
            self = budget
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a query budget is a whole number ≥ 0 or \"unlimited\"")
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .unlimited: try container.encode("unlimited")
        case .limit(let n): try container.encode(n)
        }
    }
}

/// Benchmark look-ups made while training, with a cache, a count of distinct queries and the budget.
///
/// An *oracle query* is the first look-up of a distinct architecture whose objective the caller uses
/// (a valuer label, a reward or a score for checkpoint selection): the benchmark standing in for
/// training that cell. Every such look-up of a run goes through its one `Oracle`, which refuses a new
/// architecture once `budget` distinct ones were revealed. Look-ups that only ask whether a cell
/// exists are cached but not counted: they reveal no objective.
public struct Oracle: Sendable {
    public let benchmark: Benchmark
    /// The cap on distinct architectures revealed, for every purpose together.
    public let budget: QueryBudget
    private var cache: [Cell: Int] = [:]
    /// Classes whose objective was revealed, for queries by training.
    public private(set) var trainingQueries: Set<Int> = []
    /// Classes whose objective was revealed, for scoring checkpoints.
    public private(set) var selectionQueries: Set<Int> = []

    /// Every distinct class revealed (for any purpose), in the order of its first query; append-only.
    public private(set) var revealed: [Int] = []
    private var revealedSet: Set<Int> = []

    public init(benchmark: Benchmark, budget: QueryBudget = .unlimited) {
        self.benchmark = benchmark
        self.budget = budget
    }

    /// Distinct classes revealed for any purpose.
    public var distinctQueries: Int { revealed.count }

    /// Whether the objective of class `k` was revealed (for any purpose).
    public func isRevealed(_ k: Int) -> Bool { revealedSet.contains(k) }

    /// Restores counts from a saved run. `revealed` is the saved query order; runs saved before it
    /// was recorded get the revealed classes in ascending order.
    public mutating func restore(trainingQueries: [Int], selectionQueries: [Int], revealed: [Int]? = nil) {
        self.trainingQueries = Set(trainingQueries)
        self.selectionQueries = Set(selectionQueries)
        self.revealed = revealed ?? self.trainingQueries.union(self.selectionQueries).sorted()
        revealedSet = Set(self.revealed)
    }

    /// Why the objective of a cell is looked up.
    public enum Purpose: Sendable { case existence, training, selection }

    /// The class of `cell` in the benchmark, recording the query. nil when the cell is invalid or
    /// absent, or — for `training` and `selection` — when it is a class not yet revealed and the
    /// budget is spent (nothing is revealed then).
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
        case .existence: return index
        case .training, .selection:
            if !revealedSet.contains(index) {
                guard budget.allowsAnother(after: revealed.count) else { return nil }
                revealed.append(index)
                revealedSet.insert(index)
            }
            if purpose == .training { trainingQueries.insert(index) } else { selectionQueries.insert(index) }
            return index
        }
    }

    /// Whether the budget is spent (a new architecture would be refused).
    public var isSpent: Bool { !budget.allowsAnother(after: revealed.count) }
}
