import ArgumentParser
import Foundation
import GNN2GNN
import NASBench

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a benchmark's facts: records, invalid cells, distinct graphs, best/median objective, node counts.",
        discussion: """
        Examples:
          gnn2gnn inspect --space nb201 --data ../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv --dataset cifar10
          gnn2gnn inspect --space nb101 --data ../shared/data/nasbench101/nasbench101_cifar10_108ep.csv.gz --members
          gnn2gnn inspect --data ../shared/data/nasbench101/ecnas_energy_5V9E.tfrecord
          gnn2gnn inspect                      (the embedded NAS-Bench-Graph benchmark, Cora)
        """
    )

    @OptionGroup var benchmarkOptions: BenchmarkOptions

    @Flag(help: "Print one JSON object.")
    var json = false

    @Flag(help: "Also enumerate the space's members from its rules (nb101, nb201) and count how many the table holds.")
    var members = false

    func run() throws {
        let start = Date()
        let benchmark = try benchmarkOptions.load()
        let seconds = Date().timeIntervalSince(start)
        let summary = BenchmarkSummary(benchmark, members: members ? benchmark.space.allMembers() : nil)
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
