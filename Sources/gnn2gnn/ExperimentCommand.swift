import ArgumentParser
import Experiments
import Foundation
import GNN2GNN

extension Experiment: ExpressibleByArgument {}
extension Method: ExpressibleByArgument {}

struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Reproduce one of the paper's experiments against its counterparts; writes results.json, report.html and SVG figures.",
        discussion: """
        Experiments:
          quality      \(Experiment.quality.summary)
          degradation  \(Experiment.degradation.summary)
          sweep        \(Experiment.sweep.summary)
          transfer     \(Experiment.transfer.summary)
          budget       \(Experiment.budget.summary)
        Benchmarks: \(BenchmarkSpec.knownNames.joined(separator: ", ")).
        Methods: \(Method.allCases.map { $0.rawValue }.joined(separator: ", ")).
        Trained runs are kept under OUT/runs and are not redone when the experiment is run again with the same OUT.

        Examples:
          gnn2gnn experiment quality --benchmarks nb201-cifar10 --seeds 1 --out /tmp/exp-quality
          gnn2gnn experiment quality --epochs-for nb101=2 --out results/quality
          gnn2gnn experiment sweep --jobs 2 --out results/sweep
          gnn2gnn experiment budget --quick --out /tmp/exp-budget
        """
    )

    @Argument(help: "quality, degradation, sweep, transfer or budget.") var name: Experiment
    @Option(help: "Output folder (default: runs/experiments/NAME, ignored by git).") var out: String?
    @Flag(help: "Few epochs of a few steps, one seed, small counts (a smoke run for CI, not a measurement).") var quick = false
    @Option(help: "Seeds per setting (default: 3; budget 10; sweep 1).") var seeds: Int?
    @Option(help: "First seed: runs use seeds first-seed ..< first-seed + seeds (defaults were tuned on 0–4; 100 for held-out seeds).") var firstSeed: Int = 0
    @Option(help: "Epochs of every trained run (default 20; quick 2).") var epochs: Int?
    @Option(name: .customLong("epochs-for"), help: "Per-benchmark epochs, e.g. nb101=2 (repeatable).") var epochsFor: [String] = []
    @Option(help: "Parallel `gnn2gnn train` worker processes (sweep).") var jobs: Int = 1
    @Option(help: "Comma-separated benchmarks (default: the experiment's).") var benchmarks: String?
    @Option(help: "Comma-separated methods (quality and degradation; default: all).") var methods: String?
    @Option(help: "Cells per method and seed.") var count: Int = 1000
    @Option(help: "At most this many training steps per epoch (default: full epochs; quick 4).") var maxSteps: Int?
    @Option(help: "Folder with nasbench201/ and nasbench101/.") var dataDir: String = "../shared/data"

    func options() throws -> ExperimentOptions {
        let folder = out ?? "runs/experiments/\(name.rawValue)\(quick ? "-quick" : "")"
        var o = ExperimentOptions(output: URL(fileURLWithPath: folder, isDirectory: true))
        o.dataDirectory = dataDir
        o.seeds = seeds
        o.firstSeed = firstSeed
        o.epochs = epochs
        o.jobs = jobs
        o.count = count
        o.maxStepsPerEpoch = maxSteps
        for entry in epochsFor {
            let parts = entry.split(separator: "=")
            guard parts.count == 2, let e = Int(parts[1]), e >= 1 else { throw ValidationError("--epochs-for takes BENCHMARK=EPOCHS, got '\(entry)'") }
            o.epochsByBenchmark[try BenchmarkSpec.named(String(parts[0])).name] = e
        }
        if let benchmarks {
            o.benchmarks = try benchmarks.split(separator: ",").map { try BenchmarkSpec.named(String($0)).name }
        }
        if let methods {
            o.methods = try methods.split(separator: ",").map {
                guard let m = Method(rawValue: String($0)) else { throw ValidationError("unknown method '\($0)'") }
                return m
            }
        }
        if quick { o.applyQuick() }
        guard o.count > 0, o.jobs > 0, (o.seeds ?? 1) > 0 else { throw ValidationError("--count, --jobs and --seeds must be positive") }
        o.executable = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        if let path = Bundle.main.executablePath { o.executable = URL(fileURLWithPath: path) }
        return o
    }

    func run() throws {
        let o = try options()
        let start = Date()
        try name.run(o)
        print(String(format: "%@ finished in %.0f s: %@/report.html and results.json", name.rawValue, Date().timeIntervalSince(start), o.output.path))
    }
}
