import FileIO
import Foundation

/// Errors of the NAS-Bench-Graph space and its embedded table, each with a one-line description.
public enum NASBenchGraphError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A link list or operation names that do not describe an architecture of the space.
    case architecture(String)
    /// The embedded table is missing from the bundle (a packaging problem).
    case missingResource(String)
    /// A dataset the table does not hold.
    case unknownDataset(String, available: [String])
    /// A malformed line of the table: file, 1-based line, column, what is wrong.
    case malformedRow(file: String, line: Int, field: String, message: String)

    public var description: String {
        switch self {
        case .architecture(let message): return "NAS-Bench-Graph architecture: \(message)"
        case .missingResource(let name): return "NAS-Bench-Graph: embedded resource \(name) not found in the bundle"
        case .unknownDataset(let name, let available):
            return "NAS-Bench-Graph: unknown dataset '\(excerpt(name))' (embedded: \(available.joined(separator: ", ")))"
        case .malformedRow(let file, let line, let field, let message):
            return "\(file): line \(line): \(field): \(message)"
        }
    }
}

extension NASBenchGraphError: LocalizedError {
    public var errorDescription: String? { description }
}

/// One architecture of NAS-Bench-Graph with its results on one dataset.
public struct NASBenchGraphRecord: Hashable, Sendable {
    /// The package's look-up key (`Arch(link, ops).valid_hash()`).
    public let id: Int
    /// Input of each computing node: 0 for the graph input, k for computing node k.
    public let link: [Int]
    /// Operation of each computing node (names of `NASBenchGraphSpace.operations`).
    public let ops: [String]
    /// The architecture as a cell of `NASBenchGraphSpace`.
    public let cell: Cell
    /// Validation performance (the package's `valid_perf`, mean of three seeds), 6 decimals.
    public let validAccuracy: Double
    /// Test performance (the package's `perf`), 6 decimals.
    public let testAccuracy: Double
    /// The package's `latency`, 6 significant digits.
    public let latency: Double
    /// Number of trainable parameters (the package's `para` × 10⁶).
    public let parameters: Int

    /// The metrics by name: `validation_accuracy`, `test_accuracy`, `latency`, `parameters`.
    public var metrics: [String: Double] {
        [
            "validation_accuracy": validAccuracy, "test_accuracy": testAccuracy, "latency": latency,
            "parameters": Double(parameters),
        ]
    }
}

/// The NAS-Bench-Graph table embedded in the package (`Resources/nasbench_graph.tsv`, converted from
/// the PyPI package `nas-bench-graph` 1.4.0 by `scripts/convert_nasbench_graph.py`; Apache-2.0).
public enum NASBenchGraphData {
    /// File name of the embedded table.
    public static let resourceFileName = "nasbench_graph.tsv"
    /// Architectures per dataset in the benchmark (all but the proteins dataset).
    public static let architectureCount = 26_206

    /// URL of the embedded table.
    public static func resourceURL() throws -> URL {
        if let url = Bundle.module.url(forResource: "nasbench_graph", withExtension: "tsv", subdirectory: "Resources") {
            return url
        }
        throw NASBenchGraphError.missingResource("Resources/\(resourceFileName)")
    }

    /// Datasets of the embedded table, in column order (e.g. `cora`, `citeseer`, `pubmed`).
    public static func availableDatasets() throws -> [String] {
        let data = try Data(contentsOf: resourceURL())
        let header = data.prefix { $0 != UInt8(ascii: "\n") }
        return datasets(inHeader: String(decoding: header, as: UTF8.self).split(separator: "\t").map(String.init))
    }

    /// Every architecture of the embedded table with its results on `dataset`, in key order.
    public static func load(dataset: String) throws -> [NASBenchGraphRecord] {
        let url = try resourceURL()
        return try parse(Data(contentsOf: url), dataset: dataset, file: url.lastPathComponent)
    }

    /// Parses a table in the embedded layout (see `scripts/convert_nasbench_graph.py`); `file` names it in errors.
    public static func parse(_ data: Data, dataset: String, file: String) throws -> [NASBenchGraphRecord] {
        let space = NASBenchGraphSpace()
        var records: [NASBenchGraphRecord] = []
        records.reserveCapacity(architectureCount)
        let headerLine = data.prefix { $0 != UInt8(ascii: "\n") }
        guard !headerLine.isEmpty else {
            throw NASBenchGraphError.malformedRow(file: file, line: 1, field: "header", message: "empty file")
        }
        let header = String(decoding: headerLine, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        guard Array(header.prefix(3)) == ["arch_id", "link", "ops"] else {
            throw NASBenchGraphError.malformedRow(file: file, line: 1, field: "header", message: "expected arch_id, link, ops first")
        }
        let available = datasets(inHeader: header)
        let metricColumns = ["valid", "test", "latency", "params"].map { header.firstIndex(of: "\(dataset).\($0)") }
        guard available.contains(dataset), metricColumns.allSatisfy({ $0 != nil }) else {
            throw NASBenchGraphError.unknownDataset(dataset, available: available)
        }
        let columns = metricColumns.map { $0! }
        let opNames = space.operations.map { Array($0.utf8) }
        let m = NASBenchGraphSpace.computingNodeCount
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var lineStart = headerLine.count + 1
            var lineNumber = 1
            var fieldStarts = [Int](repeating: 0, count: header.count + 1)
            while lineStart < bytes.count {
                lineNumber += 1
                var lineEnd = lineStart
                while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
                defer { lineStart = lineEnd + 1 }
                if lineEnd == lineStart { continue }
                func fail(_ field: String, _ message: String) -> NASBenchGraphError {
                    .malformedRow(file: file, line: lineNumber, field: field, message: message)
                }
                // Field k spans fieldStarts[k] ..< fieldStarts[k + 1] - 1.
                var count = 1
                fieldStarts[0] = lineStart
                for p in lineStart..<lineEnd where bytes[p] == UInt8(ascii: "\t") {
                    if count < header.count { fieldStarts[count] = p + 1 }
                    count += 1
                }
                guard count == header.count else { throw fail("row", "\(count) columns, expected \(header.count)") }
                fieldStarts[count] = lineEnd + 1
                func field(_ k: Int) -> UnsafeBufferPointer<UInt8> {
                    UnsafeBufferPointer(rebasing: bytes[fieldStarts[k]..<(fieldStarts[k + 1] - 1)])
                }
                func text(_ k: Int) -> String { String(decoding: field(k), as: UTF8.self) }
                guard let id = Int(text(0)) else { throw fail("arch_id", "'\(excerpt(text(0)))' is not an integer") }
                let linkParts = field(1).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                var link: [Int] = []
                for (k, part) in linkParts.enumerated() {
                    guard part.count == 1, let digit = part.first, digit >= 0x30, Int(digit - 0x30) <= k else { break }
                    link.append(Int(digit - 0x30))
                }
                guard link.count == m, linkParts.count == m else {
                    throw fail("link", "'\(excerpt(text(1)))' is not 4 inputs with entry k (0-based) in 0...k")
                }
                let opParts = field(2).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                let ops = opParts.compactMap { part in opNames.firstIndex { $0.elementsEqual(part) } }
                guard ops.count == m, opParts.count == m else {
                    throw fail("ops", "'\(excerpt(text(2)))' is not 4 operations of \(space.operations.joined(separator: ","))")
                }
                var values: [Double] = []
                for (c, name) in zip(columns, ["valid", "test", "latency"]) {
                    guard let v = Double(text(c)), v.isFinite else {
                        throw fail("\(dataset).\(name)", "'\(excerpt(text(c)))' is not a number")
                    }
                    values.append(v)
                }
                guard let parameters = Int(text(columns[3])), parameters >= 0 else {
                    throw fail("\(dataset).params", "'\(excerpt(text(columns[3])))' is not a non-negative integer")
                }
                records.append(NASBenchGraphRecord(
                    id: id, link: link, ops: ops.map { space.operations[$0] }, cell: space.cell(link: link, operations: ops),
                    validAccuracy: values[0], testAccuracy: values[1], latency: values[2], parameters: parameters))
            }
        }
        return records
    }

    private static func datasets(inHeader header: [String]) -> [String] {
        var names: [String] = []
        for column in header.dropFirst(3) {
            guard let dot = column.lastIndex(of: ".") else { continue }
            let name = String(column[..<dot])
            if !names.contains(name) { names.append(name) }
        }
        return names
    }
}
