import ArgumentParser
import Foundation
import GNN2GNN
import NASBench

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

    /// The space name these options resolve to: `--space`, else `nbgraph` for the embedded benchmark
    /// and `nb101` for TFRecord files (the only space they hold).
    var spaceName: String? {
        if let space { return space }
        guard let data else { return "nbgraph" }
        return data.lowercased().hasSuffix(".tfrecord") ? "nb101" : nil
    }

    func load() throws -> Benchmark {
        guard let space = spaceName else { throw ValidationError("pass --space for \(data ?? "the benchmark file") (nb101, nb201, nb201-noskip, nbgraph or a .json space)") }
        return try BenchmarkSource.load(space: space, path: data, dataset: dataset, objective: objective)
    }
}

/// Writes a one-line message to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
