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
        every string as `arch_strings`) — its validity and canonical hash and, when the run's table \
        can be read, its objective, top percentile and footprint if the table holds it, `new` (a \
        member of the space the table lacks), and the valuer's `valuer_score`, the objective it \
        predicts (`predicted`) and where that would rank in the table (`predicted_top`, percent of \
        the table better).

        Example (a run on your own table; the new cells, best predicted first):
          gnn2gnn generate --run runs/mine --count 100 --new-only --order prediction --out proposals.jsonl
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
    @Option(help: "Keep only members of the space, redrawing other draws (true/false; default: the run's setting). The space's members come from its rules where it enumerates them (nb101, nb201), else from the table.")
    var membersOnly: Bool?
    @Flag(help: "Keep only new cells: members of the space that are not rows of the run's table (redrawing the others).")
    var newOnly = false
    @Option(help: "Order of the written cells: drawn (as generated) or prediction (the valuer's best first).")
    var order: String = "drawn"

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
        guard order == "drawn" || order == "prediction" else { throw ValidationError("--order must be drawn or prediction") }
        let benchmark: Benchmark? = noLookup ? nil : try loadRunBenchmark(config)
        var generation = SeededGenerator(seed: seed)
        let cells: [Cell]
        if membersOnly ?? config.membersOnly || newOnly {
            guard let benchmark else { throw ValidationError("--members-only and --new-only need the run's table; drop --no-lookup") }
            let membership = SpaceMembership(benchmark: benchmark)
            let keep: (Cell) -> Bool = newOnly ? { membership.contains($0) && !membership.inTable($0) } : { membership.contains($0) }
            let sample = model.generateMembers(count: count, using: &generation, isMember: keep)
            let what = newOnly ? "new members of the space" : "members of the space"
            printError(String(format: "%d of %d raw draws were %@ (%.1f%%)", sample.members, sample.draws, what, 100 * sample.memberShare))
            if sample.cells.count < count {
                printError("warning: only \(sample.cells.count) of \(count) cells found within \(sample.draws) draws")
            }
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
        var records = GeneratedCellsFile.records(scored, benchmark: benchmark, space: space, allStrings: allStrings, graph: graph)
        if let benchmark { CellPredictions(configuration: config, table: benchmark).annotate(&records, scored: scored, model: model) }
        if order == "prediction" {
            // Best predicted first; invalid cells (no prediction) last; ties keep the drawn order.
            records = records.enumerated().sorted { a, b in
                let (x, y) = (a.element.valuerScore ?? -.infinity, b.element.valuerScore ?? -.infinity)
                return x != y ? x > y : a.offset < b.offset
            }.map(\.element)
        }
        try GeneratedCellsFile.write(records, to: URL(fileURLWithPath: out))
        let newCount = records.filter { $0.isNew == true }.count
        printError("wrote \(records.count) cells to \(out)" + (benchmark == nil ? "" : " (\(newCount) new: not rows of the run's table)"))
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
