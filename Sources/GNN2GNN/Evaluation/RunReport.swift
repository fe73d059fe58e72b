import Foundation
import NASBench
import Reports

/// The HTML report of a training run: training curves, the metrics table, the best generated cells
/// and the accuracy-vs-footprint scatter of generated cells over the whole benchmark.
public enum RunReport {
    public static func html(configuration c: TrainingConfiguration, benchmark: Benchmark, log: [EpochLog],
                            final: FinalMetrics, scored: [ScoredCell]) -> String {
        var report = HTMLReport(
            title: "GNN2GNN run on \(benchmark.name)",
            subtitle: "\(scored.count) cells generated from the epoch-\(final.checkpointEpoch) checkpoint",
            metadata: [("Space", benchmark.space.name), ("Objective", benchmark.objectiveName),
                       ("Top withheld", "\(format(c.topRemoved))% (complexity \(format(c.complexity)))"),
                       ("μ / τ / λ", "\(c.generatorLayers) / \(format(Double(c.temperature))) / \(format(Double(c.lambda)))"),
                       ("Epochs", "\(c.epochs)"), ("Seed", "\(c.seed)"),
                       ("Oracle queries", "\(final.oracleQueries)"),
                       ("Training time", String(format: "%.1f s", final.trainingSeconds))],
            footer: "Every number here is computed from the run's files: config.json, log.jsonl, generated.jsonl.")

        report.section("Generated cells")
        var table = ReportTable(caption: "Metrics of the generated cells (METHOD.md §6). " + GenerationMetrics.definitions, columns: [
            .init("Metric"), .init("Value", format: .automatic)], boldBest: false)
        let m = final.metrics
        for (name, value) in [("Validity", m.validity), ("Uniqueness", m.uniqueness), ("Novelty", m.novelty),
                              ("In benchmark (top-100%)", m.top100), ("Top-50%", m.top50), ("Top-20%", m.top20),
                              ("Top-10%", m.top10), ("Top-5%", m.top5)] {
            table.addRow([.text(name), .text(String(format: "%.1f%%", 100 * value))])
        }
        table.addRow([.text("Mean / best objective"), .text("\(m.meanObjective.map(format) ?? "–") / \(m.bestObjective.map(format) ?? "–")")])
        table.addRow([.text("Distinct valid / found"), .text("\(m.distinctValid) / \(m.distinctFound)")])
        table.addRow([.text("Distinct in the top 5 / 10 / 20%"),
                      .text([m.distinctTop5, m.distinctTop10, m.distinctTop20].map { $0.map(String.init) ?? "–" }.joined(separator: " / "))])
        if let best = m.normalizedMax128, let median = m.normalizedMedian128 {
            table.addRow([.text("Design-Bench 100th / 50th percentile (128 cells, normalised)"), .text(String(format: "%.3f / %.3f", best, median))])
        }
        if let v = final.valuer {
            table.addRow([.text("Valuer: Spearman all / test / withheld top"),
                          .text(String(format: "%.3f / %.3f / %.3f", v.spearman, v.spearmanTest, v.spearmanWithheld))])
            table.addRow([.text("Valuer: Kendall τ test; top-10% share of its 100 best"),
                          .text(String(format: "%.3f; %.0f%%", v.kendallTest, 100 * v.top10PrecisionAt100))])
            if let tenth = v.top10PrecisionAtTenth {
                table.addRow([.text("Valuer: top-10% share of its best-scored tenth (the ceiling of an even spread)"),
                              .text(String(format: "%.0f%%", 100 * tenth))])
            }
        }
        report.table(table)

        // Best generated cells, distinct, in the benchmark's order (best first; equal objectives by the
        // benchmark's tie order, so that "top %" grows down the grid).
        var seen = Set<Int>()
        let best = scored.compactMap { s -> (Int, ScoredCell)? in
            guard let k = s.classIndex, seen.insert(k).inserted else { return nil }
            return (k, s)
        }.sorted { $0.0 < $1.0 }.map { ($0.1, benchmark.classes[$0.0]) }
        if !best.isEmpty {
            report.subsection("Best generated cells")
            report.cellGrid(best.prefix(8).map { s, c in
                Figure(CellDrawing.svg(cell: c.cell, operationNames: benchmark.space.operations,
                                       caption: "\(format(c.objective)) · top \(formatTopPercent(c.top))%"))
            })
        }

        // Accuracy vs footprint over the whole benchmark.
        let withFootprint = benchmark.classes.filter { $0.footprint != nil }
        if !withFootprint.isEmpty {
            let generated = best.compactMap { _, c in c.footprint.map { ($0, c.objective) } }
            let chart = ScatterChart(
                title: "Generated cells over the benchmark",
                x: Axis("Footprint (parameters)", scale: .log), y: Axis(benchmark.objectiveName),
                background: ScatterGroup("\(benchmark.name) architectures",
                                         x: withFootprint.map { $0.footprint! }, y: withFootprint.map(\.objective)),
                groups: [ScatterGroup("generated (distinct)", x: generated.map(\.0), y: generated.map(\.1))])
            report.figure(Figure(chart.svg(), caption: "Each dot is a distinct architecture; coloured dots were generated."))
        }

        if !log.isEmpty {
            report.section("Training")
            let epochs = log.map { Double($0.epoch) }
            let losses = LineChart(title: "Losses", x: Axis("Epoch"), y: Axis("Mean loss"), series: [
                LineSeries("discriminator", x: epochs, y: log.map(\.lossDiscriminator)),
                LineSeries("valuer", x: epochs, y: log.map(\.lossValuer)),
                LineSeries("generator", x: epochs, y: log.map(\.lossGenerator)),
            ])
            let shares = LineChart(title: "Generated cells per epoch", x: Axis("Epoch"), y: Axis("Share", format: .fractionAsPercent(0)), series: [
                LineSeries("validity", x: epochs, y: log.map(\.metrics.validity)),
                LineSeries("in benchmark", x: epochs, y: log.map(\.metrics.top100), dashed: true),  // dashed: validity shows through at 100%
                LineSeries("top-50%", x: epochs, y: log.map(\.metrics.top50)),
                LineSeries("top-10%", x: epochs, y: log.map(\.metrics.top10)),
                LineSeries("uniqueness", x: epochs, y: log.map(\.metrics.uniqueness)),
            ])
            report.figures([Figure(losses.svg(), caption: "Mean losses per epoch."),
                            Figure(shares.svg(), caption: "Metrics of \(c.evaluationCount) cells generated after each epoch.")])
        }
        return report.html()
    }

    static func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e6 ? String(Int(x)) : String(format: "%.4g", x)
    }
}
