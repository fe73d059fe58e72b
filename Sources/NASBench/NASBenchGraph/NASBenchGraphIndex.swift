import FileIO
import Foundation

/// A valid graph of `NASBenchGraphSpace` that the table does not list, with the listed architecture
/// the benchmark package maps it to (its `valid_hash` treats some arrangements of skip nodes as equal).
public struct NASBenchGraphAlias: Hashable, Sendable {
    /// A representative link list of the graph's isomorphism class.
    public let link: [Int]
    /// The representative's operations.
    public let ops: [String]
    /// The representative as a cell.
    public let cell: Cell
    /// `NASBenchGraphRecord.id` of the listed architecture it is equivalent to.
    public let id: Int
}

extension NASBenchGraphData {
    /// File name of the embedded alias table.
    public static let aliasResourceFileName = "nasbench_graph_aliases.tsv"
    /// Isomorphism classes of valid graphs the table does not list.
    public static let aliasCount = 9_704

    /// The embedded alias table: one row per isomorphism class of valid graphs not in the table.
    public static func loadAliases() throws -> [NASBenchGraphAlias] {
        guard let url = Bundle.module.url(forResource: "nasbench_graph_aliases", withExtension: "tsv", subdirectory: "Resources") else {
            throw NASBenchGraphError.missingResource("Resources/\(aliasResourceFileName)")
        }
        return try parseAliases(Data(contentsOf: url), file: url.lastPathComponent)
    }

    /// Parses an alias table (`link`, `ops`, `arch_id` columns); `file` names it in errors.
    public static func parseAliases(_ data: Data, file: String) throws -> [NASBenchGraphAlias] {
        let space = NASBenchGraphSpace()
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        guard let header = lines.first, String(decoding: header, as: UTF8.self) == "link\tops\tarch_id" else {
            throw NASBenchGraphError.malformedRow(file: file, line: 1, field: "header", message: "expected link, ops, arch_id")
        }
        var aliases: [NASBenchGraphAlias] = []
        aliases.reserveCapacity(aliasCount)
        for (index, line) in lines.enumerated().dropFirst() where !line.isEmpty {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self) }
            guard fields.count == 3 else {
                throw NASBenchGraphError.malformedRow(file: file, line: index + 1, field: "row", message: "\(fields.count) columns, expected 3")
            }
            guard let id = Int(fields[2]) else {
                throw NASBenchGraphError.malformedRow(file: file, line: index + 1, field: "arch_id", message: "'\(excerpt(fields[2]))' is not an integer")
            }
            let link = fields[0].split(separator: ",", omittingEmptySubsequences: false).compactMap { Int($0) }
            let ops = fields[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let cell: Cell
            do {
                cell = try space.cell(link: link, ops: ops)
            } catch {
                throw NASBenchGraphError.malformedRow(file: file, line: index + 1, field: "link/ops", message: "\(error)")
            }
            aliases.append(NASBenchGraphAlias(link: link, ops: ops, cell: cell, id: id))
        }
        return aliases
    }
}

/// Look-up of any valid cell of `NASBenchGraphSpace` in the embedded table for one dataset: cells
/// isomorphic to a listed architecture, and cells the benchmark package maps onto one (aliases).
public struct NASBenchGraphIndex: Sendable {
    /// The dataset whose results `records` hold.
    public let dataset: String
    /// The table's architectures, in key order.
    public let records: [NASBenchGraphRecord]
    private let positionByHash: [String: Int]

    /// Loads the embedded table and aliases for `dataset`.
    public init(dataset: String) throws {
        try self.init(dataset: dataset, records: NASBenchGraphData.load(dataset: dataset), aliases: NASBenchGraphData.loadAliases())
    }

    /// Indexes `records`, resolving `aliases` to them; an alias naming an unknown id is ignored.
    public init(dataset: String, records: [NASBenchGraphRecord], aliases: [NASBenchGraphAlias]) {
        let space = NASBenchGraphSpace()
        var positions: [String: Int] = [:]
        positions.reserveCapacity(records.count + aliases.count)
        var positionById: [Int: Int] = [:]
        for (i, record) in records.enumerated() {
            positions[space.canonicalHash(of: record.cell)] = i
            positionById[record.id] = i
        }
        for alias in aliases {
            if let i = positionById[alias.id] { positions[space.canonicalHash(of: alias.cell)] = i }
        }
        self.dataset = dataset
        self.records = records
        self.positionByHash = positions
    }

    /// Number of distinct graphs that resolve (listed and aliased).
    public var resolvableGraphCount: Int { positionByHash.count }

    /// The architecture `cell` is, or is equivalent to; `nil` when the cell is not in the space.
    public func record(for cell: Cell) -> NASBenchGraphRecord? {
        let space = NASBenchGraphSpace()
        guard space.isValid(cell) else { return nil }
        return positionByHash[space.canonicalHash(of: cell)].map { records[$0] }
    }
}
