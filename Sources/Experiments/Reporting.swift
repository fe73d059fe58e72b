import Foundation
import GNN2GNN
import NASBench
import Reports

/// What every experiment writes: DIR/results.json.
public struct ExperimentResults: Codable, Sendable {
    public var experiment: String
    public var settings: [String: String]
    public var benchmarks: [String]
    public var results: [MethodResult]
    /// What was run and what was not, in words.
    public var notes: [String]
    public var finished: String

    public init(experiment: String, settings: [String: String], benchmarks: [String], results: [MethodResult], notes: [String]) {
        self.experiment = experiment
        self.settings = settings
        self.benchmarks = benchmarks
        self.results = results
        self.notes = notes
        finished = ISO8601DateFormatter().string(from: Date())
    }

    public static func read(from url: URL) throws -> ExperimentResults {
        try JSONDecoder().decode(ExperimentResults.self, from: Data(contentsOf: url))
    }
}

/// Mean and sample standard deviation (0 for a single value, NaN for none).
public func meanAndStd(_ values: [Double]) -> (mean: Double, std: Double) {
    let v = values.filter(\.isFinite)
    guard !v.isEmpty else { return (.nan, .nan) }
    let m = v.reduce(0, +) / Double(v.count)
    guard v.count > 1 else { return (m, 0) }
    return (m, (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot())
}

/// A table value: mean ± std over several values, the value itself for one, empty for none.
func statValue(_ values: [Double]) -> ReportTable.Value {
    let finite = values.filter(\.isFinite)
    guard !finite.isEmpty else { return .empty }
    if finite.count == 1 { return .number(finite[0]) }
    let (m, s) = meanAndStd(finite)
    return .mean(m, std: s)
}

/// How a caption says what its numbers are over: "mean ± std over 5 seeds", or "one seed" (no spread).
func seedsNote(_ seeds: Int) -> String { seeds > 1 ? "mean ± std over \(seeds) seeds" : "one seed" }

/// A figure caption's note on its bands or error bars: none is drawn for one seed.
func spreadNote(_ seeds: Int, _ kind: String) -> String { seeds > 1 ? "\(kind): ± std over \(seeds) seeds" : "one seed" }

/// Builds an experiment's report and writes its figures as SVG files next to it.
struct ReportWriter {
    let folder: URL
    var report: HTMLReport
    var figureCount = 0

    init(folder: URL, title: String, subtitle: String?, metadata: [(String, String)]) {
        self.folder = folder
        report = HTMLReport(title: title, subtitle: subtitle, metadata: metadata,
                            footer: "Every number here is computed by `gnn2gnn experiment` from the benchmark tables; the raw values are in results.json.")
    }

    /// Writes `svg` as `name.svg` and returns its figure.
    mutating func figure(_ name: String, _ svg: String, caption: String) throws -> Figure {
        figureCount += 1
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }
        try Data(svg.utf8).write(to: folder.appendingPathComponent(String(safe) + ".svg"), options: .atomic)
        return Figure(svg, caption: "Figure \(figureCount). " + caption)
    }

    /// One figure full width, several in a grid.
    mutating func addFigures(_ figures: [Figure]) {
        if figures.count == 1 { report.figure(figures[0]) } else if !figures.isEmpty { report.figures(figures) }
    }

    func write(_ results: ExperimentResults) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(results).write(to: folder.appendingPathComponent("results.json"), options: .atomic)
        try Data(report.html().utf8).write(to: folder.appendingPathComponent("report.html"), options: .atomic)
        try Data(report.markdown().utf8).write(to: folder.appendingPathComponent("report.md"), options: .atomic)
    }
}

/// Formats an objective for captions.
func formatObjective(_ x: Double) -> String { String(format: abs(x) < 2 ? "%.4f" : "%.2f", x) }

extension ReportWriter {
    /// The metrics table of METHOD.md §6: one row per group (mean ± std over its results).
    static func metricsTable(caption: String, groups: [(String, [MethodResult])], queries: Bool = true) -> ReportTable {
        var columns: [ReportTable.Column] = [
            .init("Method"), .init("Validity", better: .higher, format: .fractionAsPercent(1)),
            .init("Uniqueness", better: .higher, format: .fractionAsPercent(1)),
            .init("Novelty", better: .higher, format: .fractionAsPercent(1)),
            .init("Top-5%", better: .higher, format: .fractionAsPercent(1)),
            .init("Top-10%", better: .higher, format: .fractionAsPercent(1)),
            .init("Top-20%", better: .higher, format: .fractionAsPercent(1)),
            .init("Top-50%", better: .higher, format: .fractionAsPercent(1)),
            .init("In benchmark", better: .higher, format: .fractionAsPercent(1)),
            .init("Distinct top-10%", better: .higher, format: .integer),
            .init("Mean objective", better: .higher, format: .automatic),
            .init("Best objective", better: .higher, format: .automatic),
        ]
        if queries { columns.append(.init("Oracle queries", better: .none, format: .integer)) }
        columns.append(.init("Wall time (s)", better: .none, format: .fixed(1)))
        var table = ReportTable(caption: caption, columns: columns)
        for (name, results) in groups where !results.isEmpty {
            func v(_ f: (MethodResult) -> Double?) -> ReportTable.Value {
                statValue(results.compactMap(f))
            }
            var row: [ReportTable.Value] = [.text(name)]
            row += [v { $0.metrics.validity }, v { $0.metrics.uniqueness }, v { $0.metrics.novelty },
                    v { $0.metrics.top5 }, v { $0.metrics.top10 }, v { $0.metrics.top20 }, v { $0.metrics.top50 },
                    v { $0.metrics.top100 }, v { $0.metrics.distinctTop10.map(Double.init) },
                    v { $0.metrics.meanObjective }, v { $0.metrics.bestObjective }]
            if queries { row.append(v { Double($0.oracleQueries) }) }
            row.append(v { $0.seconds })
            table.addRow(row)
        }
        return table
    }

    /// Bars of the top-k shares per method (mean, with the std as error bars).
    static func topShareChart(title: String, groups: [(String, [MethodResult])]) -> BarChart {
        let ks = [5, 10, 20, 50, 100]
        let series = groups.enumerated().map { i, g in
            let stats = ks.map { k in meanAndStd(g.1.map { $0.metrics.topShare(k) }) }
            return BarSeries(g.0, values: stats.map(\.mean), errors: g.1.count > 1 ? stats.map(\.std) : nil, color: Palette.color(i))
        }
        return BarChart(title: title, categories: ["top-5%", "top-10%", "top-20%", "top-50%", "in benchmark"],
                        xTitle: "Share of generated cells in the benchmark's top k%",
                        y: Axis("Share of cells", format: .fractionAsPercent(0), range: 0...1), series: series,
                        valueLabels: false, width: 760, height: 380)
    }

    /// Accuracy vs footprint of the distinct cells each method found, over the whole benchmark (nil
    /// when the benchmark has no footprints).
    static func scatter(_ benchmark: Benchmark, groups: [(String, [MethodResult])]) -> ScatterChart? {
        let known = benchmark.classes.filter { $0.footprint != nil }
        guard !known.isEmpty else { return nil }
        let highlighted = groups.enumerated().map { i, g -> ScatterGroup in
            let classes = Set(g.1.flatMap(\.foundClasses)).sorted().map { benchmark.classes[$0] }.filter { $0.footprint != nil }
            return ScatterGroup(g.0, x: classes.map { $0.footprint! }, y: classes.map(\.objective), color: Palette.color(i), radius: 3)
        }
        return ScatterChart(title: "Generated cells over \(benchmark.name)",
                            x: Axis("Footprint (trainable parameters)", scale: .log, format: .compact),
                            y: Axis(benchmark.objectiveName),
                            background: ScatterGroup("all architectures", x: known.map { $0.footprint! }, y: known.map(\.objective)),
                            groups: highlighted, width: 760, height: 440)
    }

    /// Drawings of the best distinct cells among `results`.
    static func bestCells(_ benchmark: Benchmark, results: [MethodResult], limit: Int = 6) -> [Figure] {
        Set(results.flatMap(\.bestClasses)).sorted().prefix(limit).map { k in
            let c = benchmark.classes[k]
            return Figure(CellDrawing.svg(cell: c.cell, operationNames: benchmark.space.operations,
                                          caption: "\(formatObjective(c.objective)) · top \(formatTopPercent(c.top))%"))
        }
    }
}
