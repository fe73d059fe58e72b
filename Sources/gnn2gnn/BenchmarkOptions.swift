import ArgumentParser
import Foundation
import GNN2GNN

/// The options that choose a benchmark, shared by every command that reads one.
struct BenchmarkOptions: ParsableArguments {
    @Option(help: "Search space: nb101, nb201, nb201-noskip, nbgraph, or a custom space's JSON file.")
    var space: String?

    @Option(help: "Benchmark file (.csv, .csv.gz, .jsonl, .tfrecord). Without it, the embedded default benchmark.")
    var data: String?

    @Option(help: "Dataset of a multi-dataset table (NAS-Bench-201: cifar10, cifar100, ImageNet16-120).")
    var dataset: String?

    @Option(help: "Objective column, when not the table's default.")
    var objective: String?

    /// The space name these options resolve to.
    var spaceName: String {
        if let space { return space }
        if data == nil { return "nbgraph" }
        return data!.lowercased().hasSuffix(".tfrecord") || data!.contains("101") ? "nb101" : "nb201"
    }

    func load() throws -> Benchmark {
        try BenchmarkSource.load(space: spaceName, path: data, dataset: dataset, objective: objective)
    }
}

/// Writes a one-line message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
