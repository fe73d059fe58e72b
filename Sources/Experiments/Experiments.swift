import Foundation
import GNN2GNN
import Reports

/// The experiments of the paper (METHOD.md §7) and one beyond it, each writing DIR/results.json,
/// DIR/report.html and SVG figures.
public enum Experiment: String, CaseIterable, Sendable {
    case quality, degradation, sweep, transfer, budget

    public var summary: String {
        switch self {
        case .quality: return "GNN2GNN vs every counterpart (top 10% withheld)"
        case .degradation: return "robustness when the top 10, 20 and 30% are withheld"
        case .sweep: return "sweep over μ ∈ {1,2,3}, τ ∈ {0.1,0.5,1}, λ ∈ {0.01,0.1,0.5,1}"
        case .transfer: return "train on NB101, evaluate on NB201 through the shared vocabulary, and back"
        case .budget: return "best accuracy found vs oracle queries: GNN2GNN, random search, regularized evolution, iterative predictor"
        }
    }

    /// Runs the experiment.
    @discardableResult
    public func run(_ options: ExperimentOptions) throws -> ExperimentResults {
        try FileManager.default.createDirectory(at: options.output, withIntermediateDirectories: true)
        switch self {
        case .quality: return try runQuality(options)
        case .degradation: return try runDegradation(options)
        case .sweep: return try runSweep(options)
        case .transfer: return try runTransfer(options)
        case .budget: return try runBudget(options)
        }
    }
}

/// Metadata lines common to every report.
func metadata(_ o: ExperimentOptions, seeds: Int, specs: [BenchmarkSpec]) -> [(String, String)] {
    var m: [(String, String)] = [("Benchmarks", specs.map(\.name).joined(separator: ", ")), ("Seeds", o.firstSeed == 0 ? "\(seeds)" : "\(seeds) (\(o.firstSeed)–\(o.firstSeed + seeds - 1))"),
                                 ("Cells per method", "\(o.count)")]
    let epochs = specs.map { "\($0.name): \(o.epochs(for: $0.name).map(String.init) ?? "preset's")" }.joined(separator: ", ")
    m.append(("Epochs", epochs))
    if let cap = o.maxStepsPerEpoch { m.append(("Steps per epoch", "at most \(cap) (quick)")) }
    if o.quick { m.append(("Mode", "quick (CI smoke run — not a measurement)")) }
    return m
}

func runNotes(_ o: ExperimentOptions, specs: [BenchmarkSpec], paperGrid: Bool = false) -> [String] {
    if paperGrid {
        return ["Every grid point trains the paper's algorithm (`--preset paper --members-only true`) with its μ, τ and λ. Epochs: "
                + specs.map { "\($0.name) \(o.epochs(for: $0.name).map(String.init) ?? "preset's")" }.joined(separator: ", ") + "."]
    }
    let generators = specs.map { "\($0.name): \(TrainingConfiguration.recommended(space: $0.space).generatorKind)" }.joined(separator: ", ")
    var notes = ["GNN2GNN runs use the project's default configuration (`--preset default`, generator \(generators)); "
                 + "\"GNN2GNN (paper preset)\" runs the published settings (`--preset paper`). Epochs: "
                 + specs.map { "\($0.name) \(o.epochs(for: $0.name).map(String.init) ?? "preset's")" }.joined(separator: ", ") + "."]
    if let cap = o.maxStepsPerEpoch {
        notes.append("Quick mode: at most \(cap) training steps per epoch, \(o.evaluationCount ?? 1000) evaluation cells per epoch, final cells from the last model.")
    }
    return notes
}

let methodNotes = [
    "Uniform: architectures of the benchmark drawn uniformly (with replacement).",
    "Random generator: each candidate edge of the complete DAG kept with p = 0.5, uniform middle operations, the GNN generator's refinement.",
    "MolGAN-style: z ∈ R^256 → MLP 128-256-512 (tanh) → edge and operation logits → hard Gumbel-softmax → same refinement, trained by the same Trainer (discriminator, valuer, losses).",
    "Predictor-ranked: the valuer alone trained on the same training split (real batches, same loss, epochs and batch size) ranks 10× as many random valid cells; the best-rated are kept.",
    "Random search and regularized evolution (population 50, sample 10, one mutation) spend as many distinct oracle queries as the GNN2GNN run of the same seed; their cells are the architectures they queried.",
    "Valuer / ridge over the whole space: the predictor, trained on the training split alone, scores every member; cells are drawn ∝ exp(−predicted percentile / 3) (no oracle query).",
    "Iterative predictor: ridge regression refitted on the training split plus every queried architecture queries its 30 best-predicted unqueried architectures per round, with GNN2GNN's budget; its cells are the architectures it queried.",
    "RNN generator (GRU): the paper's autoregressive counterpart, a GRU emitting the space's slots node by node (an operation, then the node's incoming edges), trained by GNN2GNN's default objective (spaces with slots only).",
]

func seedsFor(_ o: ExperimentOptions, default d: Int) -> Int { o.quick ? 1 : (o.seeds ?? d) }

// MARK: - quality

private func runQuality(_ o: ExperimentOptions) throws -> ExperimentResults {
    let specs = try o.benchmarkSpecs(default: o.quick ? ["nb201-cifar10"] : ["nb201-cifar10", "nb201-cifar100", "nb201-ImageNet16-120", "nb101"])
    let methods = o.methods ?? Method.allCases
    let seeds = seedsFor(o, default: 3)
    let library = BenchmarkLibrary(dataDirectory: o.dataDirectory)
    let runner = MethodRunner(options: o, library: library)
    var all: [MethodResult] = []
    var writer = ReportWriter(folder: o.output, title: "Generation quality: GNN2GNN vs counterparts",
                              subtitle: "Top 10% of each benchmark withheld from training; \(o.count) cells per method and seed",
                              metadata: metadata(o, seeds: seeds, specs: specs))
    writer.report.section("What was run")
    writer.report.bullets(runNotes(o, specs: specs) + methodNotes)
    var summary = ReportTable(caption: "Top-10% share of generated cells (\(seedsNote(seeds))).",
                              columns: [.init("Method")] + specs.map { .init($0.name, better: .higher, format: .fractionAsPercent(1)) })
    var perBenchmark: [String: [MethodResult]] = [:]
    for spec in specs {
        for seed in o.seedRange(seeds) {
            let r = try runner.run(methods, on: spec, topRemoved: 10, seed: seed)
            all += r
            perBenchmark[spec.name, default: []] += r
            // Write partial results after every seed so that an interrupted run leaves something.
            try writer.write(ExperimentResults(experiment: "quality", settings: o.summary, benchmarks: specs.map(\.name), results: all, notes: ["partial"]))
        }
    }
    for method in methods {
        summary.addRow([.text(method.title)] + specs.map { spec -> ReportTable.Value in
            statValue(perBenchmark[spec.name, default: []].filter { $0.method == method }.map(\.metrics.top10))
        })
    }
    writer.report.section("Summary")
    writer.report.table(summary)
    for spec in specs {
        let benchmark = try library.load(spec)
        let results = perBenchmark[spec.name, default: []]
        let groups = methods.map { m in (m.title, results.filter { $0.method == m }) }
        writer.report.section(spec.title)
        writer.report.table(ReportWriter.metricsTable(caption: "\(spec.title): metrics of \(o.count) cells per method (\(seedsNote(seeds))); best per column in bold. " + GenerationMetrics.definitions, groups: groups))
        var figures = [try writer.figure("quality-\(spec.name)-topk", ReportWriter.topShareChart(title: "Top-k shares on \(spec.title)", groups: groups).svg(),
                                         caption: "Share of generated cells in the top k% of \(spec.title) (\(spreadNote(seeds, "error bars"))). Uniform sampling gives k% by construction.")]
        if let chart = ReportWriter.scatter(benchmark, groups: groups.filter { !$0.1.isEmpty }) {
            figures.append(try writer.figure("quality-\(spec.name)-scatter", chart.svg(),
                                             caption: "Objective vs footprint of the distinct generated cells found in the benchmark (grey: every architecture)."))
        } else {
            writer.report.paragraph("\(spec.title) has no footprints (parameter counts), so there is no accuracy-vs-footprint scatter.")
        }
        writer.addFigures(figures)
        let gnn = results.filter { $0.method == .gnn2gnn }
        if !gnn.isEmpty {
            writer.report.subsection("Best cells generated by GNN2GNN")
            writer.report.cellGrid(ReportWriter.bestCells(benchmark, results: gnn))
        }
    }
    let out = ExperimentResults(experiment: "quality", settings: o.summary, benchmarks: specs.map(\.name), results: all,
                                notes: runNotes(o, specs: specs) + methodNotes)
    try writer.write(out)
    return out
}

// MARK: - degradation

private func runDegradation(_ o: ExperimentOptions) throws -> ExperimentResults {
    let specs = try o.benchmarkSpecs(default: ["nb201-cifar10"])
    let methods = o.methods ?? Method.allCases
    let seeds = seedsFor(o, default: 3)
    let tops: [Double] = [10, 20, 30]
    let library = BenchmarkLibrary(dataDirectory: o.dataDirectory)
    let runner = MethodRunner(options: o, library: library)
    var all: [MethodResult] = []
    var writer = ReportWriter(folder: o.output, title: "Robustness to dataset degradation",
                              subtitle: "The top 10, 20 or 30% of the benchmark withheld from training",
                              metadata: metadata(o, seeds: seeds, specs: specs))
    writer.report.section("What was run")
    writer.report.bullets(runNotes(o, specs: specs) + methodNotes)
    for spec in specs {
        for top in tops {
            for seed in o.seedRange(seeds) { all += try runner.run(methods, on: spec, topRemoved: top, seed: seed) }
        }
    }
    for spec in specs {
        writer.report.section(spec.title)
        let results = all.filter { $0.benchmark == spec.name }
        var figures: [Figure] = []
        for (metric, title, k) in [("top10", "Top-10% share", 10), ("top50", "Top-50% share", 50)] {
            let series = methods.enumerated().map { i, m in
                LineSeries(meanOf: m.title, x: tops, runs: (o.seedRange(seeds)).map { seed in
                    tops.map { top in results.first { $0.method == m && $0.topRemoved == top && $0.seed == seed }?.metrics.topShare(k) ?? .nan }
                }, color: Palette.color(i))
            }
            let chart = LineChart(title: "\(title) vs data withheld (\(spec.name))", x: Axis("Top % withheld from training"),
                                  y: Axis(title, format: .fractionAsPercent(0), includeZero: true), series: series, width: 640, height: 400)
            figures.append(try writer.figure("degradation-\(spec.name)-\(metric)", chart.svg(),
                                             caption: "\(title) of generated cells as the withheld top grows (\(spreadNote(seeds, "band")))."))
        }
        writer.addFigures(figures)
        for top in tops {
            let groups = methods.map { m in (m.title, results.filter { $0.method == m && $0.topRemoved == top }) }
            writer.report.table(ReportWriter.metricsTable(caption: "\(spec.title), top \(Int(top))% withheld (\(seedsNote(seeds))).", groups: groups))
        }
    }
    let out = ExperimentResults(experiment: "degradation", settings: o.summary, benchmarks: specs.map(\.name), results: all,
                                notes: runNotes(o, specs: specs) + methodNotes)
    try writer.write(out)
    return out
}

// MARK: - budget

private func runBudget(_ o: ExperimentOptions) throws -> ExperimentResults {
    let specs = try o.benchmarkSpecs(default: o.quick ? ["nb201-cifar10"] : ["nb201-cifar10", "nb101"])
    let seeds = o.quick ? 2 : (o.seeds ?? 10)
    let methods: [Method] = [.gnn2gnn, .randomSearch, .evolution, .iterativePredictor]
    let library = BenchmarkLibrary(dataDirectory: o.dataDirectory)
    let runner = MethodRunner(options: o, library: library)
    var all: [MethodResult] = []
    var writer = ReportWriter(folder: o.output, title: "Best architecture found vs oracle queries",
                              subtitle: "GNN2GNN's oracle look-ups compared with query-based search at the same budget",
                              metadata: metadata(o, seeds: seeds, specs: specs))
    writer.report.section("What was run")
    writer.report.bullets(runNotes(o, specs: specs) + [
        "GNN2GNN's curve: the best objective among the distinct architectures its oracle revealed during training (valuer feedback and checkpoint selection), in query order.",
        "Random search and regularized evolution (population 50, sample 10, one mutation; mutants outside the benchmark re-drawn for free) get as many distinct queries as the GNN2GNN run of the same seed.",
        "Iterative predictor: ridge regression on one-hot operations, refitted on the training split plus every queried architecture, queries its 30 best-predicted unqueried architectures per round (same budget).",
    ])
    for spec in specs {
        for seed in o.seedRange(seeds) { all += try runner.run(methods, on: spec, topRemoved: 10, seed: seed) }
    }
    for spec in specs {
        let benchmark = try library.load(spec)
        let results = all.filter { $0.benchmark == spec.name }
        let maxQueries = results.map { $0.bestSoFar?.count ?? 0 }.max() ?? 0
        writer.report.section(spec.title)
        guard maxQueries > 0 else { writer.report.paragraph("No oracle queries were made."); continue }
        let points = min(maxQueries, 200)
        let grid = Array(Set((0..<points).map { i -> Int in
            points == 1 ? maxQueries : Int(pow(Double(maxQueries), Double(i) / Double(points - 1)).rounded())
        })).sorted()
        let series = methods.enumerated().map { i, m in
            LineSeries(meanOf: m.title, x: grid.map(Double.init), runs: (o.seedRange(seeds)).compactMap { seed in
                guard let curve = results.first(where: { $0.method == m && $0.seed == seed })?.bestSoFar else { return nil }
                return grid.map { q in q <= curve.count ? curve[q - 1] : .nan }
            }, color: Palette.color(i))
        }
        let optimum = benchmark.classes[0].objective
        let objective = benchmark.objectiveName.lowercased().contains("accuracy") ? "test accuracy" : benchmark.objectiveName
        let chart = LineChart(title: "Best \(objective) found on \(spec.title)", x: Axis("Distinct oracle queries", scale: .log),
                              y: Axis("Best \(objective) found"), series: series,
                              references: [ReferenceLine(y: optimum, label: "benchmark optimum \(formatObjective(optimum))")],
                              width: 760, height: 440)
        writer.report.figure(try writer.figure("budget-\(spec.name)", chart.svg(),
                                               caption: "Best objective found vs distinct oracle queries (mean; \(spreadNote(seeds, "band"))); the line is the benchmark's optimum."))
        var table = ReportTable(caption: "At the end of each run (\(seedsNote(seeds))).", columns: [
            .init("Method"), .init("Oracle queries", format: .integer), .init("Best found", better: .higher),
            .init("Best found: top %", better: .lower, format: .fixed(3)), .init("Runs reaching the optimum", better: .higher, format: .integer),
            .init("Queries until the optimum (per seed)")])
        for m in methods {
            let r = results.filter { $0.method == m }.sorted { $0.seed < $1.seed }
            let finals = r.compactMap { $0.bestSoFar?.last }
            let tops = finals.compactMap { v in benchmark.classes.first { $0.objective == v }?.top }
            let untilOptimum = r.map { run in
                (run.bestSoFar?.firstIndex(of: optimum)).map { String($0 + 1) } ?? "–"
            }.joined(separator: ", ")
            table.addRow([.text(m.title), statValue(r.map { Double($0.oracleQueries) }), statValue(finals), statValue(tops),
                          .number(Double(finals.filter { $0 == optimum }.count)), .text(untilOptimum)])
        }
        writer.report.table(table)
    }
    let out = ExperimentResults(experiment: "budget", settings: o.summary, benchmarks: specs.map(\.name), results: all,
                                notes: runNotes(o, specs: specs))
    try writer.write(out)
    return out
}
