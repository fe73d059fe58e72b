import ArgumentParser
import Foundation
import GNN2GNN

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a benchmark's facts: records, invalid cells, distinct graphs, best/median objective, node counts.",
        discussion: """
        Examples:
          gnn2gnn inspect --space nb201 --data ../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv --dataset cifar10
          gnn2gnn inspect --space nb101 --data ../shared/data/nasbench101/nasbench101_cifar10_108ep.csv.gz
        """
    )

    @Option(help: "Search space: nb101, nb201 (skip substitution), nb201-noskip, or a .json space description.")
    var space: String = "nb201"

    @Option(help: "Benchmark file (.csv, .csv.gz, .jsonl, .tfrecord). Without it, the embedded default benchmark.")
    var data: String?

    @Option(help: "NAS-Bench-201 dataset: cifar10, cifar100 or ImageNet16-120.")
    var dataset: String?

    @Option(help: "Column (metric) to use as the objective.")
    var objective: String?

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        guard let data else {
            // HOOK(embedded): the embedded default benchmark (NAS-Bench-Graph) is loaded here once available.
            throw ValidationError("no embedded benchmark is available yet; pass --space and --data")
        }
        let start = Date()
        let benchmark: Benchmark
        do {
            benchmark = try Benchmark.load(space: space, path: data, dataset: dataset, objectiveColumn: objective)
        } catch let error as BenchmarkError {
            throw ValidationError(error.description)
        }
        let seconds = Date().timeIntervalSince(start)
        let summary = BenchmarkSummary(benchmark)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(summary.text)
            print(String(format: "loaded in        %.2f s", seconds))
        }
    }
}
