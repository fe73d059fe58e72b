import ArgumentParser
import Foundation
import Experiments
import GNN2GNN
import NASBench
import Reports

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a GNN2GNN generator on a benchmark and write a run folder.",
        discussion: """
        The run folder gets config.json, log.jsonl (one JSON object per epoch), checkpoints/ \
        (safetensors), generated.jsonl (1,000 cells from the best checkpoint), metrics.json and report.html. \
        --resume continues a stopped run from its last checkpoint.
        """
    )

    @OptionGroup var benchmark: BenchmarkOptions

    @Option(help: "Run folder.") var out: String = "runs/latest"
    @Option(help: "Settings to start from: default (the best measured) or paper (exactly the published ones); every other flag overrides them.") var preset: String = "default"
    @OptionGroup(title: "Paper hyperparameters") var paperOptions: PaperOptions
    @OptionGroup(title: "Generator") var generatorOptions: GeneratorOptions
    @OptionGroup(title: "Valuer") var valuerOptions: ValuerOptions
    @OptionGroup(title: "Generator objective and discriminator batch (beyond the paper)") var objectiveOptions: ObjectiveOptions
    @OptionGroup(title: "Oracle look-ups and checkpoint") var oracleOptions: OracleOptions
    @Flag(help: "Continue the run in --out from its last checkpoint.") var resume = false
    @Flag(help: "No progress bar.") var quiet = false

    /// A fresh run's configuration: the preset, the benchmark options (the data path made absolute, so
    /// that the run folder works from any directory) and every flag given.
    func configuration() throws -> TrainingConfiguration {
        var c = try TrainingConfiguration.preset(preset, space: benchmark.spaceName ?? "nbgraph")
        c.dataPath = benchmark.data.map { RunFolder.absolutePath($0) }
        c.dataset = benchmark.dataset
        c.objective = benchmark.objective
        applyFlags(to: &c)
        return c
    }

    /// The saved configuration of the run in `folder`; a flag that would change it is an error.
    func resumedConfiguration(_ folder: RunFolder) throws -> TrainingConfiguration {
        guard folder.exists else {
            throw ValidationError("--resume: \(folder.url.path) holds no run (no config.json); start it without --resume")
        }
        let saved = try folder.readConfiguration()
        var wanted = saved
        if let space = benchmark.space { wanted.space = space }
        if let dataset = benchmark.dataset { wanted.dataset = dataset }
        if let objective = benchmark.objective { wanted.objective = objective }
        applyFlags(to: &wanted)
        // Compared as files: a run saved by an older version may hold a relative path.
        let dataConflicts = benchmark.data.map { RunFolder.absolutePath($0) != saved.dataPath.map(RunFolder.absolutePath) } ?? false
        if wanted != saved || dataConflicts {
            let keys = wanted.differences(from: saved).map(\.path) + (dataConflicts ? ["data.dataPath"] : [])
            throw ValidationError("--resume: \(keys.joined(separator: ", ")) differ from \(folder.configuration.path); a resumed run keeps its saved settings (drop those flags)")
        }
        return saved
    }

    /// Applies every training flag that was given.
    func applyFlags(to c: inout TrainingConfiguration) {
        generatorOptions.applyGenerator(to: &c)
        paperOptions.apply(to: &c)
        generatorOptions.apply(to: &c)
        valuerOptions.apply(to: &c)
        objectiveOptions.apply(to: &c)
        oracleOptions.apply(to: &c)
    }

    func run() throws {
        let folder = RunFolder(path: out)
        let config: TrainingConfiguration
        let data: Benchmark
        if resume {
            // Everything comes from the run folder: its configuration names the data and the objective.
            config = try resumedConfiguration(folder)
            data = try BenchmarkSource.load(space: config.space, path: config.dataPath, dataset: config.dataset, objective: config.objective)
        } else {
            data = try benchmark.load()   // throws first when --space is missing for a file
            do { config = try configuration(); try config.validate() } catch { throw ValidationError("\(error)") }
        }
        var session = TrainingSession()
        session.generators = .withCounterparts
        let quiet = self.quiet
        let split = data.split(topRemoved: config.topRemoved, complexity: config.complexity, seed: config.seed)
        let totalEpochs = Trainer.epochs(for: config, trainingCount: split.training.count)
        var reporter: ProgressReporter?
        session.onStep = { epoch, step, steps, losses in
            if reporter == nil {
                reporter = ProgressReporter(ProgressBar("epoch \(epoch)/\(totalEpochs)", total: steps), mode: quiet ? .silent : .automatic)
            }
            reporter?.update(step: step, metrics: [("D", String(format: "%.3f", losses.discriminator)),
                                                   ("V", String(format: "%.3f", losses.valuer)),
                                                   ("G", String(format: "%.3f", losses.generator))])
        }
        session.onEpoch = { e in
            reporter?.finish()
            reporter = nil
            let m = e.metrics
            print(String(format: "epoch %2d  valid %.1f%%  unique %.1f%%  novel %.1f%%  in-bench %.1f%%  top10 %.1f%%  top5 %.1f%%  best %@  queries %d  %.1fs",
                         e.epoch, 100 * m.validity, 100 * m.uniqueness, 100 * m.novelty, 100 * m.top100, 100 * m.top10,
                         100 * m.top5, m.bestObjective.map { String(format: "%.2f", $0) } ?? "–", e.oracleQueries, e.seconds))
        }
        let outcome = try session.run(configuration: config, benchmark: data, folder: folder, resume: resume)
        let m = outcome.metrics
        print(String(format: "final (epoch %d checkpoint, %d cells): valid %.1f%%  unique %.1f%%  in-bench %.1f%%  top10 %.1f%%  top5 %.1f%%  best %@%@",
                     outcome.checkpointEpoch, m.count, 100 * m.validity, 100 * m.uniqueness, 100 * m.top100, 100 * m.top10, 100 * m.top5,
                     m.bestObjective.map { String(format: "%.2f", $0) } ?? "–",
                     m.memberShare.map { String(format: "  (members: %.1f%% of raw draws)", 100 * $0) } ?? ""))
        print("run folder: \(folder.url.path)")
    }
}

