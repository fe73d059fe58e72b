/// The facts `gnn2gnn inspect` prints about a benchmark.
public struct BenchmarkSummary: Codable, Sendable, Equatable {
    public var name: String
    public var space: String
    public var objective: String
    /// Rows read from the source.
    public var rowsRead: Int
    /// Rows whose cell cannot form a valid graph of the space.
    public var invalidCells: Int
    /// Distinct graphs (isomorphism classes of pruned cells).
    public var distinctGraphs: Int
    /// Best and median class objective.
    public var best: Double
    public var median: Double
    /// Objective of the worst class still in the top 10% (top ≤ 10).
    public var top10Threshold: Double
    /// Number of distinct graphs per node count (keys are node counts).
    public var nodeCountHistogram: [String: Int]
    /// Number of rejected rows per reason.
    public var invalidReasons: [String: Int]
    /// Members of the space enumerated from its rules (`SearchSpace.allMembers`), when asked for and
    /// the space enumerates them; `membersInTable` of them are rows of the table.
    public var spaceMembers: Int?
    public var membersInTable: Int?

    /// `members`: the space's enumerated members, to report how much of its space the table covers.
    public init(_ benchmark: Benchmark, members: SpaceMembers? = nil) {
        name = benchmark.name
        space = benchmark.space.name
        objective = benchmark.objectiveName
        rowsRead = benchmark.rowsRead
        invalidCells = benchmark.rejected.count
        distinctGraphs = benchmark.classes.count
        let values = benchmark.classes.map(\.objective).sorted()
        best = benchmark.higherIsBetter ? values.last ?? .nan : values.first ?? .nan
        let m = values.count
        median = m == 0 ? .nan : m % 2 == 1 ? values[m / 2] : (values[m / 2 - 1] + values[m / 2]) / 2
        top10Threshold = benchmark.classes.last(where: { $0.top <= 10 })?.objective ?? best
        var histogram: [String: Int] = [:]
        for c in benchmark.classes { histogram[String(c.cell.nodeCount), default: 0] += 1 }
        nodeCountHistogram = histogram
        var reasons: [String: Int] = [:]
        for r in benchmark.rejected { reasons[r.reason, default: 0] += 1 }
        invalidReasons = reasons
        if let members {
            spaceMembers = members.count
            membersInTable = members.hashes.reduce(0) { $0 + (benchmark.classIndex(ofHash: $1) == nil ? 0 : 1) }
        }
    }

    /// Human-readable lines.
    public var text: String {
        func format(_ x: Double) -> String { String(format: "%.6g", x) }
        var lines = [
            "benchmark        \(name) (space \(space), objective \(objective))",
            "records read     \(rowsRead)",
            "invalid cells    \(invalidCells)",
            "distinct graphs  \(distinctGraphs)",
            "best objective   \(format(best))",
            "median objective \(format(median))",
            "top-10% threshold \(format(top10Threshold))",
            "nodes per graph  " + nodeCountHistogram.keys.sorted { Int($0)! < Int($1)! }
                .map { "\($0): \(nodeCountHistogram[$0]!)" }.joined(separator: ", "),
        ]
        if let spaceMembers, let membersInTable {
            let share = spaceMembers == 0 ? 0 : 100 * Double(membersInTable) / Double(spaceMembers)
            lines.append("space members    \(spaceMembers) from the space's rules; \(membersInTable) in the table ("
                         + String(format: "%.1f%%", share) + "), \(spaceMembers - membersInTable) new to it")
        }
        for (reason, count) in invalidReasons.sorted(by: { $0.value > $1.value }) { lines.append("  invalid: \(count) × \(reason)") }
        return lines.joined(separator: "\n")
    }
}

import Foundation
