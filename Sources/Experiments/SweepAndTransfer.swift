import Foundation
import GNN2GNN
import FileIO
import NASBench
import Reports
import TensorCore

// MARK: - sweep

/// One point of the hyperparameter sweep.
public struct SweepPoint: Hashable, Sendable {
    public var mu: Int
    public var tau: Float
    public var lambda: Float

    public var name: String { "mu\(mu)-tau\(fmt(tau))-lambda\(fmt(lambda))" }

    func fmt(_ x: Float) -> String { x == x.rounded() ? String(Int(x)) : String(format: "%g", Double(x)) }

    /// The paper's grid: μ ∈ {1,2,3}, τ ∈ {0.1,0.5,1}, λ ∈ {0.01,0.1,0.5,1} (36 points).
    public static let grid: [SweepPoint] = [1, 2, 3].flatMap { mu in
        [Float(0.1), 0.5, 1].flatMap { tau in [Float(0.01), 0.1, 0.5, 1].map { SweepPoint(mu: mu, tau: tau, lambda: $0) } }
    }
    /// The quick grid (4 points).
    public static let quickGrid: [SweepPoint] = [1, 2].flatMap { mu in [Float(0.1), 1].map { SweepPoint(mu: mu, tau: 0.1, lambda: $0) } }
}

/// A `gnn2gnn train` child process of a sweep.
struct WorkerTask {
    let name: String
    let folder: URL
    let arguments: [String]
}

/// Runs `tasks` as child processes of `executable`, at most `jobs` at a time; each one's output goes
/// to `worker.log` in its run folder. Throws after all have ended if any failed.
func runWorkers(_ tasks: [WorkerTask], executable: URL, jobs: Int, log: (String) -> Void) throws {
    var pending = tasks[...]
    var running: [(process: Process, task: WorkerTask, handle: FileHandle)] = []
    var failures: [String] = []
    var finished = 0
    while !pending.isEmpty || !running.isEmpty {
        while running.count < max(jobs, 1), let task = pending.popFirst() {
            try FileManager.default.createDirectory(at: task.folder, withIntermediateDirectories: true)
            let logURL = task.folder.appendingPathComponent("worker.log")
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            let handle = try FileHandle(forWritingTo: logURL)
            let process = Process()
            process.executableURL = executable
            process.arguments = task.arguments
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            running.append((process, task, handle))
            log("started \(task.name) (pid \(process.processIdentifier))")
        }
        Thread.sleep(forTimeInterval: 0.25)
        running.removeAll { entry in
            guard !entry.process.isRunning else { return false }
            try? entry.handle.close()
            finished += 1
            if entry.process.terminationStatus != 0 {
                failures.append(entry.task.name)
                log("FAILED \(entry.task.name) (status \(entry.process.terminationStatus); see \(entry.task.folder.path)/worker.log)")
            } else {
                log("finished \(entry.task.name) (\(finished)/\(tasks.count))")
            }
            return true
        }
    }
    if !failures.isEmpty { throw ExperimentError("\(failures.count) worker(s) failed: \(failures.joined(separator: ", "))") }
}

func runSweep(_ o: ExperimentOptions) throws -> ExperimentResults {
    let specs = try o.benchmarkSpecs(default: ["nb201-cifar10"])
    let seeds = o.quick ? 1 : (o.seeds ?? 1)
    let grid = o.quick ? SweepPoint.quickGrid : SweepPoint.grid
    let library = BenchmarkLibrary(dataDirectory: o.dataDirectory)
    var all: [MethodResult] = []
    let useProcesses = o.executable != nil && o.maxStepsPerEpoch == nil
    for spec in specs {
        let benchmark = try library.load(spec)
        var jobs: [(SweepPoint, Int, TrainingConfiguration, RunFolder)] = []
        for point in grid {
            for seed in o.seedRange(seeds) {
                // μ, τ and λ are the paper's hyperparameters: the sweep varies them in the paper's algorithm.
                var c = o.configuration(for: spec, library: library, seed: seed, topRemoved: 10, paper: true)
                c.membersOnly = true
                c.generatorLayers = point.mu
                c.temperature = point.tau
                c.lambda = point.lambda
                let folder = RunFolder(path: o.output.appendingPathComponent("runs/\(spec.name)/\(point.name)-s\(seed)").path)
                jobs.append((point, seed, c, folder))
            }
        }
        for job in jobs { try checkSettings(of: job.3, match: job.2) }
        if useProcesses, let executable = o.executable {
            let pending = jobs.filter { !FileManager.default.fileExists(atPath: $0.3.metrics.path) }
            o.log("\(spec.name): \(jobs.count - pending.count) of \(jobs.count) runs already finished; \(pending.count) to run with \(o.jobs) worker(s)")
            try runWorkers(pending.map { point, seed, c, folder in
                WorkerTask(name: "\(spec.name)/\(point.name)-s\(seed)", folder: folder.url,
                           arguments: sweepWorkerArguments(c, point: point, seed: seed, folder: folder))
            }, executable: executable, jobs: o.jobs, log: o.log)
        }
        let training = { (seed: Int) in Set(benchmark.split(topRemoved: 10, complexity: 1, seed: UInt64(seed)).training) }
        for (point, seed, c, folder) in jobs {
            let run: TrainedRun
            if useProcesses {
                run = try readFinishedRun(folder, space: benchmark.space)
            } else {
                o.log("[\(spec.name)] \(point.name) seed \(seed)…")
                run = try trainGenerator(c, benchmark: benchmark, folder: folder, finalCount: o.count, maxStepsPerEpoch: o.maxStepsPerEpoch)
            }
            let (metrics, scored) = GenerationMetrics.evaluate(run.cells, benchmark: benchmark, trainingClasses: training(seed))
            let file = "cells/\(spec.name)-sweep/\(point.name)-s\(seed).jsonl"
            let url = o.output.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try GeneratedCellsFile.write(GeneratedCellsFile.records(scored, benchmark: benchmark, space: benchmark.space), to: url)
            let found = Set(scored.compactMap(\.classIndex)).sorted()
            all.append(MethodResult(benchmark: spec.name, method: .gnn2gnn, seed: seed, topRemoved: 10, metrics: metrics,
                                    oracleQueries: run.oracleQueries, seconds: run.seconds, cellsFile: file,
                                    bestClasses: Array(found.prefix(8)), foundClasses: found, bestSoFar: nil,
                                    labels: ["mu": "\(point.mu)", "tau": point.fmt(point.tau), "lambda": point.fmt(point.lambda)]))
        }
    }

    var writer = ReportWriter(folder: o.output, title: "Hyperparameter sweep: μ, τ, λ",
                              subtitle: "GNN2GNN with the paper's configuration otherwise; top 10% withheld",
                              metadata: metadata(o, seeds: seeds, specs: specs) + [("Grid", "\(grid.count) points"),
                                                                                  ("Workers", useProcesses ? "\(o.jobs) gnn2gnn train processes" : "in-process")])
    writer.report.section("What was run")
    writer.report.bullets(runNotes(o, specs: specs, paperGrid: true) + ["μ: generator GCN layers; τ: Gumbel-softmax temperature; λ: adversarial weight after the warm-up half.",
                                                        "Runs are resumable: a run folder with metrics.json is read back, not trained again."])
    for spec in specs {
        let results = all.filter { $0.benchmark == spec.name }
        func of(_ p: SweepPoint) -> [MethodResult] {
            results.filter { $0.labels?["mu"] == "\(p.mu)" && $0.labels?["tau"] == p.fmt(p.tau) && $0.labels?["lambda"] == p.fmt(p.lambda) }
        }
        writer.report.section(spec.title)
        var figures: [Figure] = []
        let mus = Array(Set(grid.map(\.mu))).sorted(), taus = Array(Set(grid.map(\.tau))).sorted(), lambdas = Array(Set(grid.map(\.lambda))).sorted()
        for mu in mus {
            let series = taus.enumerated().map { i, tau in
                LineSeries(meanOf: "τ = \(SweepPoint(mu: mu, tau: tau, lambda: 0).fmt(tau))", x: lambdas.map(Double.init), runs: (o.seedRange(seeds)).map { seed in
                    lambdas.map { l in of(SweepPoint(mu: mu, tau: tau, lambda: l)).first { $0.seed == seed }?.metrics.top10 ?? .nan }
                }, color: Palette.color(i))
            }
            let chart = LineChart(title: "μ = \(mu)", x: Axis("λ", scale: .log), y: Axis("Top-10% share", format: .fractionAsPercent(1), includeZero: true),
                                  series: series, width: 420, height: 320)
            figures.append(try writer.figure("sweep-\(spec.name)-mu\(mu)", chart.svg(), caption: "Top-10% share vs λ for μ = \(mu), one line per τ."))
        }
        writer.report.figures(figures, minWidth: 360)
        var table = ReportTable(caption: "\(spec.title): every grid point (\(seedsNote(seeds))); best per column in bold.", columns: [
            .init("μ"), .init("τ"), .init("λ"),
            .init("Validity", better: .higher, format: .fractionAsPercent(1)), .init("Uniqueness", better: .higher, format: .fractionAsPercent(1)),
            .init("Top-5%", better: .higher, format: .fractionAsPercent(1)), .init("Top-10%", better: .higher, format: .fractionAsPercent(1)),
            .init("Top-50%", better: .higher, format: .fractionAsPercent(1)), .init("In benchmark", better: .higher, format: .fractionAsPercent(1)),
            .init("Best objective", better: .higher), .init("Oracle queries", format: .integer)])
        for p in grid {
            let r = of(p)
            func v(_ f: (MethodResult) -> Double?) -> ReportTable.Value {
                statValue(r.compactMap(f))
            }
            table.addRow([.text("\(p.mu)"), .text(p.fmt(p.tau)), .text(p.fmt(p.lambda)), v { $0.metrics.validity }, v { $0.metrics.uniqueness },
                          v { $0.metrics.top5 }, v { $0.metrics.top10 }, v { $0.metrics.top50 }, v { $0.metrics.top100 },
                          v { $0.metrics.bestObjective }, v { Double($0.oracleQueries) }])
        }
        writer.report.table(table)
    }
    let out = ExperimentResults(experiment: "sweep", settings: o.summary, benchmarks: specs.map(\.name), results: all, notes: runNotes(o, specs: specs, paperGrid: true))
    try writer.write(out)
    return out
}

// MARK: - transfer

/// Benchmarks a source's cells are evaluated on: NB101 → the three NB201 datasets; NB201 → NB101
/// (quick: the other NB201 datasets, since NB101 is too big for debug builds).
func transferTargets(of source: String, quick: Bool) -> [String] {
    if source == "nb101" { return BenchmarkSpec.nb201Datasets.map { "nb201-\($0)" } }
    if source.hasPrefix("nb201-") {
        return quick ? BenchmarkSpec.nb201Datasets.map { "nb201-\($0)" }.filter { $0 != source } : ["nb101"]
    }
    return []
}

/// Scores cells of `source`'s space on `target` after translating their operations through the
/// shared vocabulary; cells that cannot be translated count as invalid.
func transferredMetrics(_ cells: [Cell], from source: any SearchSpace, to target: Benchmark) -> (GenerationMetrics, [ScoredCell]) {
    var translated: [Cell] = [], untranslatable: [ScoredCell] = []
    for cell in cells {
        if let t = translate(cell, from: source, to: target.space) { translated.append(t) } else {
            untranslatable.append(ScoredCell(cell: cell, isValid: false, hash: nil, classIndex: nil))
        }
    }
    let scored = GenerationMetrics.evaluate(translated, benchmark: target, trainingClasses: []).scored + untranslatable
    return (GenerationMetrics.summarize(scored, benchmark: target, trainingClasses: []), scored)
}

func runTransfer(_ o: ExperimentOptions) throws -> ExperimentResults {
    let sources = try o.benchmarkSpecs(default: o.quick ? ["nb201-cifar10"] : ["nb101", "nb201-cifar10"])
    let seeds = seedsFor(o, default: 3)
    let library = BenchmarkLibrary(dataDirectory: o.dataDirectory)
    var all: [MethodResult] = []
    var pairs: [(BenchmarkSpec, BenchmarkSpec)] = []
    for source in sources {
        let source = source
        for target in transferTargets(of: source.name, quick: o.quick) { pairs.append((source, try BenchmarkSpec.named(target))) }
    }
    guard !pairs.isEmpty else { throw ExperimentError("no transfer target for \(sources.map(\.name).joined(separator: ", ")) (sources: nb101, nb201-*)") }
    for source in sources {
        let sourceBenchmark = try library.load(source)
        for seed in o.seedRange(seeds) {
            let c = o.configuration(for: source, library: library, seed: seed, topRemoved: 10)
            o.log("[transfer \(source.name) seed \(seed)] training GNN2GNN…")
            let folder = RunFolder(path: o.output.appendingPathComponent("runs/\(source.name)-top10/gnn2gnn-s\(seed)").path)
            let run = try trainGenerator(c, benchmark: sourceBenchmark, folder: folder, finalCount: o.count, maxStepsPerEpoch: o.maxStepsPerEpoch)
            var random = SeededGenerator(seed: UInt64(seed) &+ 0xC0FFEE)
            let randomCells = RandomCellGenerator(space: sourceBenchmark.space).sample(count: o.count, using: &random)
            for (_, targetSpec) in pairs.filter({ $0.0 == source }) {
                let target = try library.load(targetSpec)
                for (method, cells) in [(Method.gnn2gnn, run.cells), (Method.random, randomCells)] {
                    let (metrics, scored) = transferredMetrics(cells, from: sourceBenchmark.space, to: target)
                    let file = "cells/transfer/\(source.name)-to-\(targetSpec.name)-\(method.rawValue)-s\(seed).jsonl"
                    let url = o.output.appendingPathComponent(file)
                    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try GeneratedCellsFile.write(GeneratedCellsFile.records(scored, benchmark: target, space: target.space), to: url)
                    let found = Set(scored.compactMap(\.classIndex)).sorted()
                    all.append(MethodResult(benchmark: targetSpec.name, method: method, seed: seed, topRemoved: 10, metrics: metrics,
                                            oracleQueries: method == .gnn2gnn ? run.oracleQueries : 0,
                                            seconds: method == .gnn2gnn ? run.seconds : 0, cellsFile: file,
                                            bestClasses: Array(found.prefix(8)), foundClasses: found, bestSoFar: nil,
                                            labels: ["source": source.name, "target": targetSpec.name]))
                    o.log(String(format: "[transfer %@ → %@ seed %d] %@: in target %.1f%%  top-10 %.1f%%", source.name, targetSpec.name, seed,
                                 method.title, 100 * metrics.top100, 100 * metrics.top10))
                }
            }
        }
    }
    var writer = ReportWriter(folder: o.output, title: "Generalisation between benchmarks",
                              subtitle: "Cells generated for one benchmark, looked up in another through the shared operation vocabulary",
                              metadata: metadata(o, seeds: seeds, specs: sources) + [("Pairs", pairs.map { "\($0.0.name) → \($0.1.name)" }.joined(separator: ", "))])
    writer.report.section("What was run")
    writer.report.bullets(runNotes(o, specs: sources) + [
        "GNN2GNN is trained on the source benchmark (top 10% withheld) and generates \(o.count) cells; their operations are renamed through the shared vocabulary (conv1x1 ↔ nor_conv_1x1, conv3x3 ↔ nor_conv_3x3, maxpool3x3 ↔ avg_pool_3x3) and the graphs are looked up in the target benchmark (a cell counts only if its graph is a member of the target space).",
        "Reference: the random generator of the source space, translated the same way.",
        "Novelty is not meaningful here (nothing of the target was trained on); the target's top 10% was not withheld from anything.",
    ])
    var table = ReportTable(caption: "Transferred cells on their target (\(seedsNote(seeds))).", columns: [
        .init("Source → target"), .init("Cells from"), .init("In target", better: .higher, format: .fractionAsPercent(1)),
        .init("Top-5%", better: .higher, format: .fractionAsPercent(1)), .init("Top-10%", better: .higher, format: .fractionAsPercent(1)),
        .init("Top-20%", better: .higher, format: .fractionAsPercent(1)), .init("Top-50%", better: .higher, format: .fractionAsPercent(1)),
        .init("Mean objective", better: .higher), .init("Best objective", better: .higher), .init("Distinct found", better: .higher, format: .integer)], boldBest: false)
    var figures: [Figure] = []
    for (source, target) in pairs {
        let r = all.filter { $0.labels?["source"] == source.name && $0.labels?["target"] == target.name }
        var groups: [(String, [MethodResult])] = []
        for m in [Method.gnn2gnn, .random] {
            let rm = r.filter { $0.method == m }
            groups.append((m == .gnn2gnn ? "GNN2GNN (\(source.name))" : "random (\(source.name))", rm))
            func v(_ f: (MethodResult) -> Double?) -> ReportTable.Value {
                statValue(rm.compactMap(f))
            }
            table.addRow([.text("\(source.name) → \(target.name)"), .text(m == .gnn2gnn ? "GNN2GNN" : "random generator"),
                          v { $0.metrics.top100 }, v { $0.metrics.top5 }, v { $0.metrics.top10 }, v { $0.metrics.top20 }, v { $0.metrics.top50 },
                          v { $0.metrics.meanObjective }, v { $0.metrics.bestObjective }, v { Double($0.metrics.distinctFound) }])
        }
        figures.append(try writer.figure("transfer-\(source.name)-to-\(target.name)",
                                         ReportWriter.topShareChart(title: "\(source.name) → \(target.title)", groups: groups).svg(),
                                         caption: "Top-k shares on \(target.title) of cells generated for \(source.title)."))
    }
    writer.report.section("Results")
    writer.report.table(table)
    writer.addFigures(figures)
    let out = ExperimentResults(experiment: "transfer", settings: o.summary, benchmarks: (sources + pairs.map(\.1)).map(\.name), results: all,
                                notes: runNotes(o, specs: sources))
    try writer.write(out)
    return out
}

/// The `gnn2gnn train` command of one sweep run: a run already started in `folder` is resumed from
/// its own configuration (`train --resume` takes no settings), a new one gets every setting.
func sweepWorkerArguments(_ c: TrainingConfiguration, point: SweepPoint, seed: Int, folder: RunFolder) -> [String] {
    if folder.exists { return ["train", "--out", folder.url.path, "--resume", "--quiet"] }
    var args = ["train", "--preset", "paper", "--members-only", "true", "--space", c.space]
    if let path = c.dataPath { args += ["--data", path] }
    if let d = c.dataset { args += ["--dataset", d] }
    return args + ["--seed", "\(seed)", "--epochs", "\(c.epochs)", "--mu", "\(point.mu)", "--tau", "\(point.tau)",
                   "--lambda", "\(point.lambda)", "--quiet", "--out", folder.url.path]
}
