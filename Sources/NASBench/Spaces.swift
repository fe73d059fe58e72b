import FileIO
import Foundation

/// NAS-Bench-101 (Ying et al., 2019): at most 7 nodes and 9 edges, middle operations in the official
/// order `conv3x3-bn-relu`, `conv1x1-bn-relu`, `maxpool3x3`; the canonical hash is the official
/// module hash.
public struct NASBench101Space: SearchSpace, Hashable {
    public let name = "nb101"
    public let operations = ["conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"]
    public let maxNodes = 7
    public let maxEdges: Int? = 9
    public init() {}

    public func invalidity(of cell: Cell) -> InvalidCell? {
        cell.invalidity(operationCount: operations.count, maxNodes: maxNodes, maxEdges: maxEdges)
    }

    /// The official module hash (of the pruned cell).
    public func canonicalHash(of cell: Cell) -> String { iterativeGraphHash(of: cell) }
    public var canonicalHashIsIterativeGraphHash: Bool { true }
}

/// A user-defined space, described in JSON as
/// `{"name": "…", "operations": ["…", …], "maxNodes": N, "maxEdges": M}` (`maxEdges` optional).
/// Its canonical hash is `iterativeGraphHash(of:)`.
public struct CustomSpace: SearchSpace, Hashable, Codable {
    public let name: String
    public let operations: [String]
    public let maxNodes: Int
    public let maxEdges: Int?

    /// Checks the description: a non-empty name, at least one operation, distinct operation names
    /// other than `input`/`output`, `maxNodes` in 2...64, `maxEdges ≥ 1` when given.
    public init(name: String, operations: [String], maxNodes: Int, maxEdges: Int? = nil) throws {
        guard !name.isEmpty else { throw NotationError(field: "name", "must not be empty") }
        guard !operations.isEmpty else { throw NotationError(field: "operations", "must list at least one operation") }
        guard Set(operations).count == operations.count else { throw NotationError(field: "operations", "contains duplicates") }
        if let bad = operations.first(where: { $0 == NodeNames.input || $0 == NodeNames.output || $0.isEmpty }) {
            throw NotationError(field: "operations", "'\(excerpt(bad))' is not allowed as an operation name")
        }
        // The complete-DAG generator holds maxNodes² edge candidates per cell: 64 nodes is already 4,096.
        guard (2...64).contains(maxNodes) else { throw NotationError(field: "maxNodes", "must be in 2...64, found \(maxNodes)") }
        if let maxEdges, maxEdges < 1 { throw NotationError(field: "maxEdges", "must be at least 1, found \(maxEdges)") }
        self.name = name
        self.operations = operations
        self.maxNodes = maxNodes
        self.maxEdges = maxEdges
    }

    public init(from decoder: Decoder) throws {
        enum Keys: String, CodingKey { case name, operations, maxNodes, maxEdges }
        let c = try decoder.container(keyedBy: Keys.self)
        try self.init(
            name: c.decode(String.self, forKey: .name), operations: c.decode([String].self, forKey: .operations),
            maxNodes: c.decode(Int.self, forKey: .maxNodes), maxEdges: c.decodeIfPresent(Int.self, forKey: .maxEdges))
    }

    /// Reads a description from JSON data.
    public init(json data: Data) throws {
        do { self = try JSONDecoder().decode(CustomSpace.self, from: data) } catch let error as NotationError {
            throw error
        } catch {
            throw NotationError(field: "space", "not a valid space description: \(error)")
        }
    }

    public func invalidity(of cell: Cell) -> InvalidCell? {
        cell.invalidity(operationCount: operations.count, maxNodes: maxNodes, maxEdges: maxEdges)
    }

    public func canonicalHash(of cell: Cell) -> String { iterativeGraphHash(of: cell) }
    public var canonicalHashIsIterativeGraphHash: Bool { true }
}

/// The registry of named spaces.
public enum SearchSpaces {
    /// Names `named(_:)` accepts besides paths to JSON space descriptions.
    public static let builtInNames = ["nb101", "nb201", "nb201-noskip", "nbgraph"]

    /// `nb101`, `nb201` (skip substitution on, the paper's setting), `nb201-noskip`, `nbgraph`, or the path of a
    /// JSON file describing a `CustomSpace`.
    public static func named(_ name: String) throws -> any SearchSpace {
        switch name.lowercased() {
        case "nb101", "nasbench101", "nas-bench-101": return NASBench101Space()
        case "nb201", "nasbench201", "nas-bench-201": return NASBench201Space(skipSubstitution: true)
        case "nb201-noskip": return NASBench201Space(skipSubstitution: false)
        case "nbgraph", "nasbenchgraph", "nas-bench-graph": return NASBenchGraphSpace()
        default:
            if name.hasSuffix(".json") {
                guard let data = FileManager.default.contents(atPath: name) else {
                    throw JSONFileError(file: name, "cannot read the space description (missing or unreadable)")
                }
                // Errors name the space file and its key, not the benchmark file being read.
                return try JSONFile.decode(CustomSpace.self, from: data, file: name)
            }
            throw NotationError(field: "space", "unknown space '\(excerpt(name))' (known: \(builtInNames.joined(separator: ", ")), or a .json space description)")
        }
    }
}

/// Operations that NAS-Bench-101 and NAS-Bench-201 share (the paper's cross-benchmark vocabulary):
/// conv1x1 ↔ nor_conv_1x1, conv3x3 ↔ nor_conv_3x3, maxpool3x3 ↔ avg_pool_3x3.
public let sharedOperationVocabulary: [[String]] = [
    ["conv1x1-bn-relu", "nor_conv_1x1"],
    ["conv3x3-bn-relu", "nor_conv_3x3"],
    ["maxpool3x3", "avg_pool_3x3"],
]

/// The same graph with each operation replaced by its counterpart in `target`: the operation of the
/// same name, or its partner in `sharedOperationVocabulary`. `nil` when an operation has no
/// counterpart. Validity in `target` (e.g. its node limit) is left to the caller.
public func translate(_ cell: Cell, from source: any SearchSpace, to target: any SearchSpace) -> Cell? {
    var mapping: [Int: Int] = [:]
    for (k, op) in source.operations.enumerated() {
        if let j = target.operationIndex(named: op) {
            mapping[k] = j
        } else if let group = sharedOperationVocabulary.first(where: { $0.contains(op) }),
                  let j = group.lazy.compactMap({ target.operationIndex(named: $0) }).first {
            mapping[k] = j
        }
    }
    var labels = cell.labels
    for v in labels.indices where labels[v] != Cell.inputLabel && labels[v] != Cell.outputLabel {
        guard let j = mapping[labels[v]] else { return nil }
        labels[v] = j
    }
    var result = cell
    result.labels = labels
    return result
}
