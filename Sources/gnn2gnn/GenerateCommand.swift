import ArgumentParser
import Foundation
import Experiments
import GNN2GNN
import NASBench
import TensorCore

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate cells with a trained run's generator, one JSON object per line.",
        discussion: """
        Each line holds the cell in its space's notation — matrix + ops; for NAS-Bench-201 `arch`, the \
        canonical official cell string of the class (the lexicographically smallest of its strings), and \
        `arch_count`, how many official strings map to it (`--graph` adds matrix + ops, `--all-strings` \
        every string as `arch_strings`) — its validity and canonical hash and, when the run's benchmark \
        can be read, its objective, top percentile and footprint.
        """
    )

    @Option(name: .customLong("run"), help: "Run folder written by `gnn2gnn train`.") var runFolder: String
    @Option(help: "Number of cells.") var count: Int = 1000
    @Option(help: "Random seed of the generation.") var seed: UInt64 = 1
    @Option(help: "Output file (JSON Lines).") var out: String
    @Option(help: "Checkpoint: best or last.") var checkpoint: String = "best"
    @Flag(help: "Do not look cells up in the run's benchmark.") var noLookup = false
    @Flag(help: "NAS-Bench-201: list every official cell string of a cell's class (arch_strings), not only the canonical one.")
    var allStrings = false
    @Option(help: "Autoregressive and RNN generators: draw from softmax(logits / T) instead of the trained distribution (T > 1 is flatter; on NB101 it lowered both the top-10% share and the distinct top cells, docs/EXPERIMENTS.md).")
    var samplingTemperature: Float = 1
    @Flag(help: "NAS-Bench-201: also write the node-labelled graph (matrix and ops) of each cell.")
    var graph = false
    @Option(help: "Keep only members of the space, redrawing cells the benchmark lacks (true/false; default: the run's setting).")
    var membersOnly: Bool?

    func run() throws {
        guard count > 0 else { throw ValidationError("--count must be positive") }
        let folder = RunFolder(path: runFolder)
        guard folder.exists else { throw ValidationError("\(runFolder) is not a run folder (no config.json)") }
        let config = try folder.readConfiguration()
        let space = try SearchSpaces.named(config.space)
        var url = checkpoint == "last" ? folder.lastCheckpoint : folder.bestCheckpoint
        if checkpoint == "best", !FileManager.default.fileExists(atPath: url.path) { url = folder.lastCheckpoint }
        guard checkpoint == "best" || checkpoint == "last" else { throw ValidationError("--checkpoint must be best or last") }
        var random = SeededGenerator(seed: config.seed)
        var model = GNN2GNNModel(configuration: config, space: space, generators: .withCounterparts, using: &random)
        do { try model.loadCheckpoint(try SafeTensors.read(from: url).tensors) } catch let error as CheckpointError {
            throw RunFolderError(file: url.path, error.description)
        }
        if samplingTemperature != 1 {
            guard samplingTemperature > 0, samplingTemperature <= 100 else { throw ValidationError("--sampling-temperature must be in (0, 100]") }
            guard model.setSamplingTemperature(samplingTemperature) else {
                throw ValidationError("--sampling-temperature needs the autoregressive or RNN generator (this run has \(config.generatorKind))")
            }
        }
        let benchmark: Benchmark? = noLookup ? nil : try loadRunBenchmark(config)
        var generation = SeededGenerator(seed: seed)
        let cells: [Cell]
        if membersOnly ?? config.membersOnly {
            guard let benchmark else { throw ValidationError("--members-only needs the run's benchmark; drop --no-lookup") }
            let sample = model.generateMembers(count: count, using: &generation) { benchmark.classIndex(of: $0) != nil }
            printError(String(format: "%d of %d raw draws were members of the space (%.1f%%)", sample.members, sample.draws, 100 * sample.memberShare))
            cells = sample.cells
        } else {
            cells = model.generate(count: count, using: &generation)
        }
        let scored: [ScoredCell]
        if let benchmark {
            let split = benchmark.split(topRemoved: config.topRemoved, complexity: config.complexity, seed: config.seed)
            scored = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: Set(split.training)).scored
        } else {
            scored = cells.map { cell in
                switch space.prunedValidCell(cell) {
                case .success(let pruned): return ScoredCell(cell: cell, isValid: true, hash: space.canonicalHash(of: pruned), classIndex: nil)
                case .failure: return ScoredCell(cell: cell, isValid: false, hash: nil, classIndex: nil)
                }
            }
        }
        if let problem = GenerationMetrics.degeneracy(of: scored) { printError("warning: \(url.path): \(problem)") }
        try GeneratedCellsFile.write(GeneratedCellsFile.records(scored, benchmark: benchmark, space: space, allStrings: allStrings, graph: graph),
                                     to: URL(fileURLWithPath: out))
        printError("wrote \(count) cells to \(out)")
    }
}

/// The benchmark a run was trained on, as its configuration names it.
func loadRunBenchmark(_ config: TrainingConfiguration) throws -> Benchmark {
    var options = try BenchmarkOptions.parse([])
    options.space = config.space
    options.data = config.dataPath
    options.dataset = config.dataset
    options.objective = config.objective
    return try options.load()
}
