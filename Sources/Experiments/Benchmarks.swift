import Foundation
import GNN2GNN
import NASBench

/// A benchmark an experiment can run on, by the name the `experiment` command accepts:
/// `nb201-cifar10`, `nb201-cifar100`, `nb201-ImageNet16-120`, `nb101`, or `embedded` (the embedded
/// NAS-Bench-Graph table, Cora — small enough for debug builds).
public struct BenchmarkSpec: Sendable, Hashable, Codable {
    public let name: String
    public let space: String
    /// File under the data directory; nil for the embedded benchmark.
    public let file: String?
    public let dataset: String?

    public static let nb201Datasets = ["cifar10", "cifar100", "ImageNet16-120"]
    public static let nb201File = "nasbench201/nats_tss_test_accuracy_200ep.csv"
    public static let nb101File = "nasbench101/nasbench101_cifar10_108ep.csv.gz"

    /// Every known benchmark name.
    public static var knownNames: [String] { nb201Datasets.map { "nb201-\($0)" } + ["nb101", "embedded"] }

    /// The benchmark called `name` (case-insensitive for the dataset part).
    public static func named(_ name: String) throws -> BenchmarkSpec {
        let lower = name.lowercased()
        if lower == "nb101" { return BenchmarkSpec(name: "nb101", space: "nb101", file: nb101File, dataset: nil) }
        if lower == "embedded" || lower == "nbgraph" { return BenchmarkSpec(name: "embedded", space: "nbgraph", file: nil, dataset: nil) }
        if lower.hasPrefix("nb201-"), let dataset = nb201Datasets.first(where: { "nb201-" + $0.lowercased() == lower }) {
            return BenchmarkSpec(name: "nb201-\(dataset)", space: "nb201", file: nb201File, dataset: dataset)
        }
        throw ExperimentError("unknown benchmark '\(name)' (known: \(knownNames.joined(separator: ", ")))")
    }

    /// A readable title, e.g. "NAS-Bench-201 CIFAR-10".
    public var title: String {
        switch name {
        case "nb101": return "NAS-Bench-101 (CIFAR-10)"
        case "embedded": return "NAS-Bench-Graph (Cora, embedded)"
        default:
            let d = dataset ?? ""
            let pretty = ["cifar10": "CIFAR-10", "cifar100": "CIFAR-100", "ImageNet16-120": "ImageNet16-120"][d] ?? d
            return "NAS-Bench-201 \(pretty)"
        }
    }

    /// Full path of the benchmark file.
    public func path(dataDirectory: String) -> String? {
        file.map { URL(fileURLWithPath: dataDirectory).appendingPathComponent($0).path }
    }
}

/// An error of an experiment's settings or inputs.
public struct ExperimentError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Loads each benchmark once.
public final class BenchmarkLibrary: @unchecked Sendable {
    public let dataDirectory: String
    private var cache: [String: Benchmark] = [:]
    private let lock = NSLock()

    public init(dataDirectory: String) { self.dataDirectory = dataDirectory }

    public func load(_ spec: BenchmarkSpec) throws -> Benchmark {
        lock.lock(); defer { lock.unlock() }
        if let b = cache[spec.name] { return b }
        let path = spec.path(dataDirectory: dataDirectory)
        if let path, !FileManager.default.fileExists(atPath: path) {
            throw ExperimentError("benchmark file \(path) not found (set --data-dir)")
        }
        let b = try BenchmarkSource.load(space: spec.space, path: path, dataset: spec.dataset, objective: nil)
        cache[spec.name] = b
        return b
    }
}
