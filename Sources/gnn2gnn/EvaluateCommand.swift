import ArgumentParser
import Foundation
import GNN2GNN

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a file of generated cells against a benchmark (METHOD.md §6 metrics).",
        discussion: """
        Novelty is measured against the training split of --top-removed/--complexity/--seed (the \
        defaults of `gnn2gnn train`).
        """
    )

    @OptionGroup var benchmark: BenchmarkOptions
    @Option(help: "File of cells (JSON Lines with matrix + ops, or NAS-Bench-201 arch_strings).") var generated: String
    @Option(help: "Top percentage withheld from training (for novelty).") var topRemoved: Double = 10
    @Option(help: "Fraction of the top withheld (for novelty).") var complexity: Double = 1
    @Option(help: "Seed of the training split (for novelty).") var seed: UInt64 = 0
    @Option(help: "The table a run learned from (same space, dataset and objective as --data), when --data is a larger ground truth: adds the share of new cells (not rows of this table) and of new cells in the ground truth's top 10%.")
    var table: String?
    @Flag(help: "Print one JSON object.") var json = false

    func run() throws {
        let data = try benchmark.load()
        let cells = try GeneratedCellsFile.readCells(path: generated, space: data.space)
        let split = data.split(topRemoved: topRemoved, complexity: complexity, seed: seed)
        var (metrics, scored) = GenerationMetrics.evaluate(cells, benchmark: data, trainingClasses: Set(split.training))
        if let table {
            var options = benchmark
            options.data = table
            let own = try options.load()
            metrics = GenerationMetrics.addingNewness(metrics, scored: scored, benchmark: data) { own.classIndex(ofHash: $0) != nil }
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(metrics), as: UTF8.self))
            return
        }
        print(MetricsTable.render(metrics, title: "\(generated) on \(data.name) (\(data.objectiveName))"))
    }
}

/// A plain-text table of generation metrics.
enum MetricsTable {
    static func render(_ m: GenerationMetrics, title: String) -> String {
        func percent(_ x: Double) -> String { String(format: "%6.1f%%", 100 * x) }
        func number(_ x: Double?) -> String { x.map { String(format: "%.4g", $0) } ?? "–" }
        let rows: [(String, String)] = [
            ("cells", "\(m.count)"), ("validity", percent(m.validity)), ("uniqueness", percent(m.uniqueness)),
            ("novelty", percent(m.novelty)), ("in benchmark", percent(m.top100)), ("top-5%", percent(m.top5)),
            ("top-10%", percent(m.top10)), ("top-20%", percent(m.top20)), ("top-50%", percent(m.top50)),
            ("mean objective", number(m.meanObjective)), ("best objective", number(m.bestObjective)),
            ("best top", m.bestTop.map { String(format: "%.2f%%", $0) } ?? "–"),
            ("mean footprint", number(m.meanFootprint)), ("distinct valid", "\(m.distinctValid)"),
            ("distinct found", "\(m.distinctFound)"),
            ("distinct top-5/10/20%", [m.distinctTop5, m.distinctTop10, m.distinctTop20].map { $0.map(String.init) ?? "–" }.joined(separator: " / ")),
            ("new (not in --table)", m.newShare.map(percent) ?? "–"),
            ("new and top-10%", m.newTop10.map(percent) ?? "–"),
            ("distinct new top-10%", m.distinctNewTop10.map(String.init) ?? "–"),
            ("best new objective", number(m.bestNewObjective)),
            ("best new top", m.bestNewTop.map { String(format: "%.2f%%", $0) } ?? "–"),
            ("Design-Bench 100th/50th (128 cells)", [m.normalizedMax128, m.normalizedMedian128].map { $0.map { String(format: "%.3f", $0) } ?? "–" }.joined(separator: " / ")),
        ]
        return ([title] + rows.map { $0.0.padding(toLength: 38, withPad: " ", startingAt: 0) + $0.1 }).joined(separator: "\n")
    }
}
