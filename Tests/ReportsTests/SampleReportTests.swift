import Foundation
import NASBench
import Testing
@testable import Reports

/// Writes a sample report with every figure type to `$REPORTS_SAMPLE_DIR/report.html` for a visual check
/// (e.g. `REPORTS_SAMPLE_DIR=/tmp/report-sample swift test --filter SampleReport`, then open it in a browser).
@Suite("Sample report")
struct SampleReportTests {
    static let directory = ProcessInfo.processInfo.environment["REPORTS_SAMPLE_DIR"]

    @Test(.enabled(if: directory != nil)) func writeSampleReport() throws {
        let dir = Self.directory!
        var rng = LCG(2022)
        func gauss() -> Double { (-2 * log(max(rng.next(), 1e-12))).squareRoot() * cos(2 * .pi * rng.next()) }

        // Training curves.
        let epochs = (1...20).map(Double.init)
        let lossD = epochs.map { 0.69 - 0.25 * (1 - exp(-$0 / 4)) + 0.02 * gauss() }
        let lossG = epochs.map { 0.75 + 0.9 * (1 - exp(-$0 / 5)) + 0.04 * gauss() }
        let lossV = epochs.map { 0.55 * exp(-$0 / 8) + 0.2 + 0.015 * gauss() }
        let losses = LineChart(title: "Training losses", x: Axis("Epoch"), y: Axis("Cross-entropy"),
                               series: [LineSeries("Generator", x: epochs, y: lossG), LineSeries("Discriminator", x: epochs, y: lossD),
                                        LineSeries("Valuer", x: epochs, y: lossV)], width: 560, height: 380)
        let seeds = (0..<3).map { _ in epochs.map { 45 * (1 - exp(-$0 / 6)) + 3 * gauss() } }
        let top10 = LineChart(title: "Top-10% share (mean ± std, 3 seeds)", x: Axis("Epoch"),
                              y: Axis("Share of generated cells", format: .percent(0), includeZero: true),
                              series: [LineSeries(meanOf: "GNN2GNN (edge gradients)", x: epochs, runs: seeds),
                                       LineSeries(meanOf: "GNN2GNN (faithful)", x: epochs, runs: (0..<3).map { _ in epochs.map { _ in 3 + 0.8 * gauss() } })],
                              references: [ReferenceLine(y: 10, label: "uniform sampling 10%")], width: 560, height: 380)

        // Budget: best accuracy found vs oracle queries (log x) with the optimum.
        let queries = (0...40).map { 10 * pow(10, Double($0) / 10) }
        func bestCurve(_ speed: Double) -> [[Double]] {
            (0..<10).map { _ in
                var best = 85.0
                return queries.map { q in best = max(best, min(94.37, 94.37 - 9 / pow(q / speed, 0.45) + 0.3 * gauss())); return best }
            }
        }
        let budget = LineChart(title: "Best test accuracy found vs oracle queries (NAS-Bench-201, CIFAR-10)",
                               x: Axis("Oracle queries", scale: .log), y: Axis("Best test accuracy (%)"),
                               series: [LineSeries(meanOf: "GNN2GNN", x: queries, runs: bestCurve(3)),
                                        LineSeries(meanOf: "Regularized evolution", x: queries, runs: bestCurve(6)),
                                        LineSeries(meanOf: "Random search", x: queries, runs: bestCurve(12))],
                               references: [ReferenceLine(y: 94.37, label: "benchmark optimum 94.37%")])

        // Scatter over the whole benchmark.
        func benchmark(_ n: Int, low: Double, high: Double) -> ([Double], [Double]) {
            var x: [Double] = [], y: [Double] = []
            for _ in 0..<n {
                let p = pow(10, low + (high - low) * pow(rng.next(), 0.8))
                let quality = (log10(p) - low) / (high - low)
                x.append(p)
                y.append(min(94.4, 82 + 11 * quality - abs(gauss()) * (6 - 4 * quality) - (rng.next() < 0.04 ? 40 * rng.next() : 0)))
            }
            return (x, y)
        }
        let (bx, by) = benchmark(15_625, low: 4.9, high: 6.2)
        let genIdx = (0..<300).map { _ in rng.int(bx.count) }.filter { by[$0] > 91 }
        let randIdx = (0..<300).map { _ in rng.int(bx.count) }
        let scatter201 = ScatterChart(title: "Generated cells over NAS-Bench-201 (CIFAR-10)", x: Axis("Parameters", scale: .log),
                                      y: Axis("Test accuracy (%)"),
                                      background: ScatterGroup("All cells", x: bx, y: by),
                                      groups: [ScatterGroup("Random generator", x: randIdx.map { bx[$0] }, y: randIdx.map { by[$0] }),
                                               ScatterGroup("GNN2GNN", x: genIdx.map { bx[$0] }, y: genIdx.map { by[$0] })])
        let (cx, cy) = benchmark(423_624, low: 5.3, high: 7.7)
        let gen101 = (0..<1000).map { _ in rng.int(cx.count) }.filter { cy[$0] > 92 }
        let scatter101 = ScatterChart(title: "Generated cells over NAS-Bench-101", x: Axis("Parameters", scale: .log),
                                      y: Axis("Test accuracy (%)", range: 80...95),
                                      background: ScatterGroup("All cells", x: cx, y: cy),
                                      groups: [ScatterGroup("GNN2GNN", x: gen101.map { cx[$0] }, y: gen101.map { cy[$0] })])

        // Top-k shares.
        let bars = BarChart(title: "Share of generated cells in the benchmark's top k%",
                            categories: ["top 5%", "top 10%", "top 20%", "top 50%", "in benchmark"],
                            y: Axis("Share of 1,000 generated cells", format: .percent(0)),
                            series: [BarSeries("GNN2GNN", values: [24.1, 41.7, 63.2, 88.4, 99.1], errors: [3.2, 4.1, 3.3, 1.9, 0.4]),
                                     BarSeries("MolGAN-style", values: [2.2, 5.1, 11.8, 37.5, 61.0], errors: [0.9, 1.5, 2.0, 3.1, 4.4]),
                                     BarSeries("Predictor-ranked", values: [12.5, 22.3, 38.0, 71.2, 100], errors: [1.1, 1.4, 2.2, 1.8, 0]),
                                     BarSeries("Random generator", values: [0.1, 0.3, 1.1, 6.2, 39.4]),
                                     BarSeries("Uniform sampling", values: [5, 10, 20, 50, 100])])

        var table = ReportTable(caption: "Generation quality on NAS-Bench-201 CIFAR-10, top 10% withheld, 3 seeds (mean ± std)", columns: [
            .init("Method"), .init("Validity", better: .higher, format: .percent(1)), .init("Uniqueness", better: .higher, format: .percent(1)),
            .init("Novelty", better: .higher, format: .percent(1)), .init("Top-10%", better: .higher, format: .percent(1)),
            .init("Best acc.", better: .higher, format: .fixed(2)), .init("Oracle queries", better: .lower, format: .integer),
            .init("Time (s)", better: .lower, format: .fixed(0)),
        ])
        table.addRow(["GNN2GNN", .mean(99.9, std: 0.1), .mean(57.2, std: 4.4), .mean(31.0, std: 2.2), .mean(41.7, std: 4.1), .mean(94.37, std: 0.0), .mean(2143, std: 120), .mean(184, std: 9)])
        table.addRow(["MolGAN-style", .mean(97.2, std: 1.0), .mean(12.5, std: 6.1), .mean(44.2, std: 3.0), .mean(5.1, std: 1.5), .mean(93.9, std: 0.2), .mean(2410, std: 95), .mean(160, std: 7)])
        table.addRow(["Predictor-ranked", 100, .mean(92.0, std: 1.1), .mean(28.1, std: 0.9), .mean(22.3, std: 1.4), .mean(94.2, std: 0.1), 0, .mean(41, std: 2)])
        table.addRow(["Random generator", 100, 69.0, 61.0, 0.3, 93.28, 0, 1])
        table.addRow(["Uniform sampling", 100, 93.8, 25.0, 10.0, 94.37, 0, 1])

        // Cells.
        let nb101 = ["conv1x1-bn-relu", "conv3x3-bn-relu", "maxpool3x3"]
        let nb201 = ["nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
        let cells: [(Cell, [String], String)] = [
            (makeCell(7, [(0, 1), (0, 2), (0, 3), (0, 4), (1, 5), (2, 5), (3, 5), (4, 6), (5, 6)], [0, 1, 1, 2, 0]), nb101, "95.06% · top 0.01%\nNAS-Bench-101, 7 nodes"),
            (makeCell(7, [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (0, 6), (1, 4), (0, 3)], [1, 1, 0, 2, 1]), nb101, "94.81% · top 0.3%\nresidual chain"),
            (makeCell(8, [(0, 1), (0, 2), (0, 4), (1, 3), (1, 5), (2, 6), (3, 6), (4, 7), (5, 7), (6, 7)], [1, 0, 1, 2, 1, 1]), nb201, "94.37% · top 0.1%\nNAS-Bench-201, 8 nodes"),
            (makeCell(3, [(0, 1), (1, 2), (0, 2)], [1]), nb201, "93.76% · top 1.2%"),
            (makeCell(5, [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (0, 4)], [1, 2, 0]), nb101, "93.90% · top 2.1%"),
            (makeCell(2, [(0, 1)], []), nb101, "identity cell"),
        ]
        var report = HTMLReport(title: "GNN2GNN — sample report", subtitle: "NAS-Bench-201 · CIFAR-10 · top 10% withheld from training",
                                metadata: [("Seeds", "0, 1, 2"), ("Epochs", "20"), ("μ", "2"), ("τ", "0.1"), ("λ", "0.1"), ("Oracle queries", "2,143"), ("Wall time", "3 min 04 s")],
                                footer: "Generated by `gnn2gnn experiment quality` — synthetic data for a visual check.")
        report.section("Summary")
        report.paragraph("GNN2GNN puts **41.7%** of its cells in the top 10% of the benchmark, against 10% for uniform sampling and 0.3% for the random generator. Values in bold are the best of each column; arrows show whether higher (↑) or lower (↓) is better.")
        report.table(table)
        report.section("Training")
        report.figures([Figure(losses.svg(), caption: "Losses per epoch (seed 0)."), Figure(top10.svg(), caption: "Top-10% share of generated cells during training.")])
        report.section("Generated cells")
        report.figure(Figure(scatter201.svg(), caption: "Accuracy vs parameters: every NAS-Bench-201 cell in grey, generated cells on top."))
        report.figure(Figure(scatter101.svg(), caption: "NAS-Bench-101 (423,624 cells, drawn as a density grid)."))
        report.figure(Figure(bars.svg(), caption: "Share of generated cells in the top k% (error bars: std over 3 seeds)."))
        report.subsection("Best generated cells")
        report.cellGrid(cells.map { Figure(CellDrawing.svg(cell: $0.0, operationNames: $0.1, caption: $0.2)) })
        report.section("Search budget")
        report.figure(Figure(budget.svg(), caption: "Best cell found vs oracle queries, mean ± std over 10 seeds."))
        report.code("gnn2gnn experiment budget --space nb201 --dataset cifar10 --seeds 10")

        let html = report.html()
        #expect(xmlError(html) == nil)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try html.write(toFile: dir + "/report.html", atomically: true, encoding: .utf8)
        for (name, svg) in [("losses", losses.svg()), ("top10", top10.svg()), ("budget", budget.svg()), ("scatter201", scatter201.svg()),
                            ("scatter101", scatter101.svg()), ("bars", bars.svg())] {
            try svg.write(toFile: dir + "/\(name).svg", atomically: true, encoding: .utf8)
        }
        for (i, c) in cells.enumerated() {
            let svg = CellDrawing.svg(cell: c.0, operationNames: c.1, caption: c.2)
            try svg.write(toFile: dir + "/cell\(i).svg", atomically: true, encoding: .utf8)
        }
    }
}
