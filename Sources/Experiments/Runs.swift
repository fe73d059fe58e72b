import Foundation
import GNN2GNN
import NASBench
import TensorCore

/// Settings shared by every experiment.
public struct ExperimentOptions: Sendable {
    /// Output folder (results.json, report.html, figures, runs/, cells/).
    public var output: URL
    /// Folder holding `nasbench201/` and `nasbench101/`.
    public var dataDirectory = "../shared/data"
    /// Few epochs, one seed, small counts, capped steps per epoch (CI).
    public var quick = false
    /// Seeds per setting (nil: the experiment's default — 3, or 10 for budget).
    public var seeds: Int?
    /// The first seed: runs use seeds `firstSeed ..< firstSeed + seeds` (defaults are chosen on the
    /// tuning seeds 0–4 and reported on held-out ones, e.g. `firstSeed = 100`).
    public var firstSeed = 0
    /// Epochs of every trained run (nil: the paper's 20, or 2 with `quick`).
    public var epochs: Int?
    /// Per-benchmark epoch overrides (e.g. `nb101` → 2).
    public var epochsByBenchmark: [String: Int] = [:]
    /// Parallel worker processes (sweep).
    public var jobs = 1
    /// Benchmarks to run on (nil: the experiment's default).
    public var benchmarks: [String]?
    /// Methods to compare (nil: all that apply).
    public var methods: [Method]?
    /// Cells generated per method and seed (the paper's 1,000).
    public var count = 1000
    /// Query budget of the searches when no GNN2GNN run gives one.
    public var fallbackQueries = 1000
    /// Cap on steps per epoch (quick runs train in-process on a part of each epoch); nil = full epochs.
    public var maxStepsPerEpoch: Int?
    /// Cells generated after each epoch for checkpoint selection (nil: the configuration's 1,000).
    public var evaluationCount: Int?
    /// The `gnn2gnn` executable, for experiments that spawn `gnn2gnn train` workers (sweep).
    public var executable: URL?
    /// Progress messages.
    public var log: @Sendable (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    public init(output: URL) { self.output = output }

    /// The quick settings: one seed, 2 epochs of at most 4 steps, 200 cells, 50 evaluation cells.
    public mutating func applyQuick() {
        quick = true
        seeds = 1
        if epochs == nil { epochs = 2 }
        if maxStepsPerEpoch == nil { maxStepsPerEpoch = 4 }
        if evaluationCount == nil { evaluationCount = 50 }
        count = min(count, 200)
        fallbackQueries = min(fallbackQueries, 200)
    }

    /// The seeds of a setting run `seeds` times.
    public func seedRange(_ seeds: Int) -> Range<Int> { firstSeed..<(firstSeed + seeds) }

    /// Epochs for a benchmark: its override, else `epochs`, else nil (each preset's own: 20, NB101's default 5).
    public func epochs(for benchmark: String) -> Int? { epochsByBenchmark[benchmark] ?? epochs }

    /// The selected benchmarks, or `defaults`.
    public func benchmarkSpecs(default defaults: [String]) throws -> [BenchmarkSpec] {
        try (benchmarks ?? defaults).map(BenchmarkSpec.named)
    }

    /// A training configuration with the project's defaults (`TrainingConfiguration.recommended`) —
    /// or, with `paper`, the published settings — for `spec`, `seed` and `topRemoved`.
    public func configuration(for spec: BenchmarkSpec, library: BenchmarkLibrary, seed: Int, topRemoved: Double,
                              paper: Bool = false) -> TrainingConfiguration {
        var c = paper ? TrainingConfiguration.paper : TrainingConfiguration.recommended(space: spec.space)
        c.space = spec.space
        c.dataPath = spec.path(dataDirectory: library.dataDirectory).map { RunFolder.absolutePath($0) }
        c.dataset = spec.dataset
        if let epochs = epochs(for: spec.name) { c.epochs = epochs }
        c.seed = UInt64(seed)
        c.topRemoved = topRemoved
        if let evaluationCount { c.evaluationCount = evaluationCount }
        return c
    }

    /// Settings worth recording in results.json.
    public var summary: [String: String] {
        var s: [String: String] = ["quick": "\(quick)", "seeds": seeds.map(String.init) ?? "default", "firstSeed": "\(firstSeed)", "count": "\(count)", "jobs": "\(jobs)",
                                   "dataDirectory": dataDirectory]
        if let epochs { s["epochs"] = "\(epochs)" }
        for (k, v) in epochsByBenchmark { s["epochs[\(k)]"] = "\(v)" }
        if let maxStepsPerEpoch { s["maxStepsPerEpoch"] = "\(maxStepsPerEpoch)" }
        if let evaluationCount { s["evaluationCount"] = "\(evaluationCount)" }
        return s
    }
}

/// What a trained generator (GNN2GNN or MolGAN-style) left: its final cells and its cost.
public struct TrainedRun: Sendable {
    public var cells: [Cell]
    public var oracleQueries: Int
    /// Distinct classes revealed by the oracle during training, in query order.
    public var revealed: [Int]
    public var seconds: Double
    /// Whether the run was read from a finished run folder instead of trained now.
    public var reused: Bool
    /// With members-only generation: the share of raw draws that were members of the space.
    public var memberShare: Double?
}

/// Trains `configuration` on `benchmark`. With full epochs (`maxStepsPerEpoch == nil`) this is
/// `gnn2gnn train` in `folder` (resumed from its last checkpoint; a finished run — one with
/// metrics.json — is read back, not redone). With a step cap the trainer runs the same epochs
/// (`Trainer.runEpoch`) in memory on at most that many steps each, and the final cells come from the
/// last model, drawn as a full run draws them (members only when the configuration says so).
public func trainGenerator(_ configuration: TrainingConfiguration, benchmark: Benchmark, folder: RunFolder,
                           finalCount: Int, maxStepsPerEpoch: Int?) throws -> TrainedRun {
    if let cap = maxStepsPerEpoch {
        // The same epoch loop as a full run (Trainer.runEpoch), on at most `cap` steps per epoch, in memory.
        let start = Date()
        var trainer = try Trainer(configuration: configuration, benchmark: benchmark, generators: .withCounterparts)
        for _ in 0..<trainer.configuration.epochs { _ = trainer.runEpoch(maxSteps: cap) }
        var random = SeededGenerator(seed: configuration.seed &+ 0x5EED)
        let sample = trainer.generateForEvaluation(count: finalCount, using: &random)
        return TrainedRun(cells: sample.cells, oracleQueries: trainer.oracle.distinctQueries, revealed: trainer.oracle.revealed,
                          seconds: Date().timeIntervalSince(start), reused: false, memberShare: sample.memberShare)
    }
    try checkSettings(of: folder, match: configuration)
    if FileManager.default.fileExists(atPath: folder.metrics.path) {
        return try readFinishedRun(folder, space: benchmark.space)
    }
    var session = TrainingSession()
    session.generators = .withCounterparts
    let outcome = try session.run(configuration: configuration, benchmark: benchmark, folder: folder,
                                  resume: true, finalCount: finalCount)
    return TrainedRun(cells: outcome.scored.map(\.cell), oracleQueries: outcome.trainer.oracle.distinctQueries,
                      revealed: outcome.trainer.oracle.revealed,
                      seconds: outcome.log.reduce(0) { $0 + $1.seconds }, reused: false, memberShare: outcome.metrics.memberShare)
}

/// Throws when `folder` already holds a run whose configuration differs from `configuration` (so that
/// an experiment never reuses a run trained with other settings, e.g. other epochs).
public func checkSettings(of folder: RunFolder, match configuration: TrainingConfiguration) throws {
    guard folder.exists else { return }
    let saved = try folder.readConfiguration()
    guard saved != configuration else { return }
    let differing = saved.differences(from: configuration).map { "\($0.path): \($0.this) there, \($0.other) asked" }
    throw ExperimentError("\(folder.url.path) holds a run with other settings (\(differing.joined(separator: "; "))); use another --out")
}

/// A finished run folder (metrics.json, generated.jsonl, checkpoints/last.safetensors) read back.
public func readFinishedRun(_ folder: RunFolder, space: any SearchSpace) throws -> TrainedRun {
    let summary = try folder.readJSON(FinalMetrics.self, from: folder.metrics)
    let cells = try GeneratedCellsFile.readCells(path: folder.generated.path, space: space)
    return TrainedRun(cells: cells, oracleQueries: summary.oracleQueries, revealed: try revealedClasses(folder),
                      seconds: summary.trainingSeconds, reused: true, memberShare: summary.metrics.memberShare)
}

/// The classes a run's oracle revealed, in query order, from its last checkpoint's trainer state.
public func revealedClasses(_ folder: RunFolder) throws -> [Int] {
    guard FileManager.default.fileExists(atPath: folder.lastCheckpoint.path) else { return [] }
    let (_, metadata) = try SafeTensors.read(from: folder.lastCheckpoint)
    guard let text = metadata["state"], let state = try? JSONDecoder().decode(TrainerState.self, from: Data(text.utf8)) else {
        throw RunFolderError(file: folder.lastCheckpoint.path, "checkpoint has no trainer state")
    }
    return state.revealed ?? Set(state.trainingQueries + state.selectionQueries).sorted()
}

// MARK: - One method on one benchmark

/// The outcome of one method on one benchmark, split and seed.
public struct MethodResult: Codable, Sendable {
    public var benchmark: String
    public var method: Method
    public var seed: Int
    public var topRemoved: Double
    public var metrics: GenerationMetrics
    /// Distinct architectures whose objective the method looked up.
    public var oracleQueries: Int
    public var seconds: Double
    /// The file of its cells (JSON Lines, as `gnn2gnn generate` writes), relative to the output folder.
    public var cellsFile: String
    /// Up to 8 best distinct classes among its cells found in the benchmark, best first.
    public var bestClasses: [Int]
    /// Distinct classes found in the benchmark.
    public var foundClasses: [Int]
    /// Search methods and trained generators: best objective after each oracle query.
    public var bestSoFar: [Double]?
    /// Free-form labels (sweep settings, transfer target, …).
    public var labels: [String: String]?
}

/// Runs methods on one benchmark, split and seed, and scores their cells.
public struct MethodRunner {
    public let options: ExperimentOptions
    public let library: BenchmarkLibrary

    public init(options: ExperimentOptions, library: BenchmarkLibrary) {
        self.options = options
        self.library = library
    }

    /// Runs `methods` (trained generators first, so that the searches get GNN2GNN's query budget).
    public func run(_ methods: [Method], on spec: BenchmarkSpec, topRemoved: Double, seed: Int,
                    configure: (inout TrainingConfiguration) -> Void = { _ in }) throws -> [MethodResult] {
        let benchmark = try library.load(spec)
        var config = options.configuration(for: spec, library: library, seed: seed, topRemoved: topRemoved)
        configure(&config)
        let split = benchmark.split(topRemoved: config.topRemoved, complexity: config.complexity, seed: config.seed)
        let training = Set(split.training)
        let tag = "\(spec.name)-top\(Int(topRemoved))"
        var results: [MethodResult] = []
        var budget: Int?
        let ordered = methods.sorted { ($0.isSearch ? 1 : 0) < ($1.isSearch ? 1 : 0) }
        for method in ordered {
            if method == .rnn, !(benchmark.space is any SlotStructuredSpace) {
                options.log("[\(tag) seed \(seed)] \(method.title): skipped (space \(benchmark.space.name) has no slots)")
                continue
            }
            options.log("[\(tag) seed \(seed)] \(method.title)…")
            let start = Date()
            var random = SeededGenerator(seed: UInt64(seed) &* 0x9E3779B97F4A7C15 &+ UInt64(Method.allCases.firstIndex(of: method)!))
            var cells: [Cell]
            var queries = 0
            var seconds: Double?
            var bestSoFar: [Double]?
            var memberShare: Double?
            switch method {
            case .gnn2gnn, .gnn2gnnPaper, .molgan, .rnn:
                var c = config
                if method == .rnn { c.switchGenerator(to: .rnn) }
                if method == .gnn2gnnPaper || method == .molgan {
                    // The paper's algorithm, and MolGAN trained by it (the paper's counterpart).
                    c = options.configuration(for: spec, library: library, seed: seed, topRemoved: topRemoved, paper: true)
                    configure(&c)
                    if method == .molgan { c.switchGenerator(to: .molgan); c.membersOnly = config.membersOnly }
                }
                let folder = RunFolder(path: options.output.appendingPathComponent("runs/\(tag)/\(method.rawValue)-s\(seed)").path)
                let run = try trainGenerator(c, benchmark: benchmark, folder: folder, finalCount: options.count,
                                             maxStepsPerEpoch: options.maxStepsPerEpoch)
                cells = run.cells
                queries = run.oracleQueries
                seconds = run.seconds
                bestSoFar = SearchTrace(queried: run.revealed, benchmark: benchmark).bestSoFar
                memberShare = run.memberShare
                if method == .gnn2gnn { budget = run.oracleQueries }
            case .uniform:
                cells = uniformSample(benchmark, count: options.count, using: &random)
            case .random:
                // The same post-processing as GNN2GNN's generation: members of the space only, when it uses that.
                let generator = RandomCellGenerator(space: benchmark.space)
                cells = config.membersOnly
                    ? generator.sampleMembers(count: options.count, using: &random) { benchmark.classIndex(of: $0) != nil }
                    : generator.sample(count: options.count, using: &random)
            case .predictor:
                cells = try PredictorRankedSampler(configuration: config, maxStepsPerEpoch: options.maxStepsPerEpoch)
                    .sample(benchmark, count: options.count)
            case .wholeSpaceValuer, .wholeSpaceRidge:
                cells = try WholeSpacePredictor(configuration: config, model: method == .wholeSpaceValuer ? .valuer : .ridge,
                                                maxStepsPerEpoch: options.maxStepsPerEpoch)
                    .sample(benchmark, count: options.count, using: &random)
            case .randomSearch, .evolution, .iterativePredictor:
                let b = budget ?? options.fallbackQueries
                let trace: SearchTrace
                switch method {
                case .randomSearch: trace = randomSearch(benchmark, budget: b, using: &random)
                case .evolution: trace = regularizedEvolution(benchmark, budget: b, using: &random)
                default: trace = iterativePredictorSearch(benchmark, training: split.training, budget: b, using: &random)
                }
                cells = trace.queried.map { benchmark.classes[$0].cell }
                queries = trace.queried.count
                bestSoFar = trace.bestSoFar
            }
            let elapsed = seconds ?? Date().timeIntervalSince(start)
            var (metrics, scored) = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: training)
            metrics.memberShare = memberShare
            let file = "cells/\(tag)/\(method.rawValue)-s\(seed).jsonl"
            let url = options.output.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try GeneratedCellsFile.write(GeneratedCellsFile.records(scored, benchmark: benchmark, space: benchmark.space), to: url)
            let found = Set(scored.compactMap(\.classIndex)).sorted()
            results.append(MethodResult(
                benchmark: spec.name, method: method, seed: seed, topRemoved: topRemoved, metrics: metrics,
                oracleQueries: queries, seconds: elapsed, cellsFile: file, bestClasses: Array(found.prefix(8)),
                foundClasses: found, bestSoFar: bestSoFar, labels: nil))
            options.log(String(format: "[%@ seed %d] %@: valid %.1f%%  top-10 %.1f%%  best %@  queries %d  %.1f s",
                               tag, seed, method.title, 100 * metrics.validity, 100 * metrics.top10,
                               metrics.bestObjective.map { String(format: "%.4g", $0) } ?? "–", queries, elapsed))
        }
        return results
    }
}
