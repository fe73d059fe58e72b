import ArgumentParser
import Foundation
import GNN2GNN

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
    @Option(help: "Epochs over the training split.") var epochs: Int?
    @Option(help: "μ: GCN layers of the generator before the edge scorer.") var mu: Int?
    @Option(help: "τ: Gumbel-softmax temperature.") var tau: Float?
    @Option(help: "λ: adversarial weight in the second half of training.") var lambda: Float?
    @Option(help: "Fraction of the epochs trained with λ = 1 first (paper: 0.5).") var warmup: Double?
    @Option(help: "Withhold classes with top ≤ this percentage from training.") var topRemoved: Double?
    @Option(help: "Fraction of those top classes withheld.") var complexity: Double?
    @Option(help: "Random seed.") var seed: UInt64?
    @Option(help: "Real cells per step.") var batchSize: Int?
    @Option(help: "Hidden width of the generator.") var hidden: Int?
    @Option(help: "Edge weights to D and V so edge choices get gradient (true/false).") var edgeGradients: Bool?
    @Option(help: "Generator's valuer term over all valid cells, not only those in the benchmark (true/false).") var valuerAllValid: Bool?
    @Option(help: "Train the valuer on generated cells labelled by the benchmark (true/false).") var oracleFeedback: Bool?
    @Option(help: "Edge scorer outputs used directly as keep/drop logits (true/false).") var directEdgeLogits: Bool?
    @Option(help: "Bound of the generator's operation logits and direct edge logits (bound·tanh; 0 = unbounded).") var logitBound: Float?
    @Option(help: "Weight of the score-function (REINFORCE) term rewarded by the valuer (0 = off).") var policyGradient: Float?
    @Option(help: "Reward the score-function term with benchmark ranks (counted oracle queries) instead of the valuer (true/false).") var oracleReward: Bool?
    @Option(help: "Sharpen the score-function reward to exp(−percentile/scale) (0 = the score itself).") var rewardScale: Double?
    @Option(help: "Skip the discriminator's update while its loss is below this floor (0 = paper).") var discriminatorFloor: Float?
    @Option(help: "Learned position embeddings for the generator's nodes (true/false).") var nodePositions: Bool?
    @Option(help: "Weight of the entropy bonus on the generator's choices (0 = paper).") var entropyWeight: Float?
    @Option(help: "Valuer feedback labels valid cells absent from the benchmark as bad (true/false).") var penalizeAbsent: Bool?
    @Option(help: "Elite replay: show the discriminator this many best cells found by oracle feedback (0 = off).") var eliteSize: Int?
    @Option(help: "Share of each real batch taken from the elite.") var eliteShare: Double?
    @Option(help: "Valuer mode: classification (paper), regression or rank.") var valuerMode: ValuerMode?
    @Option(help: "Good cells for the classification valuer: top ≤ this percentage.") var goodTop: Double?
    @Option(help: "Generate only members of the space, redrawing cells the benchmark lacks (true/false).") var membersOnly: Bool?
    @Option(help: "Generator: gnn (the paper's), molgan (the MolGAN-style counterpart), slots (one choice per slot of a space with a fixed structure: nb101, nb201), autoregressive (those slots one after another, each given the earlier ones) or rnn (a GRU emitting them node by node, the paper's RNN counterpart).") var generator: String?
    @Option(help: "Settings to start from: default (the best measured) or paper (exactly the published ones); every other flag overrides them.") var preset: String = "default"
    @Option(help: "Width of every valuer layer (0 = the paper's 32/64).") var valuerWidth: Int?
    @Option(help: "GCN layers of the valuer (paper: 2).") var valuerLayers: Int?
    @Option(help: "Valuer layers sum messages from predecessors and successors instead of the paper's GCN (true/false).") var valuerDirectedSum: Bool?
    @Option(help: "Epochs of valuer-only training on the training split before the game (0 = paper).") var valuerPretrain: Int?
    @Option(help: "Times a valuer left flat by its pre-training (it ranks nothing) is drawn afresh and pre-trained again (default 2; 0 = never).")
    var valuerRestarts: Int?
    @Option(help: "Cap on distinct architectures oracle feedback may look up (0 = no cap).") var queryBudget: Int?
    @Option(help: "Final checkpoint: oracle (best top-10 share in the second half, counted queries; paper) or last.") var selection: CheckpointSelection?
    @Option(help: "The discriminator's real cells come from the best this-percent of the training split (100 = paper).") var discriminatorRealTop: Double?
    @Option(help: "Cells drawn per generator step (0 = the batch size).") var generatorSamples: Int?
    @Option(help: "Weight of whole-space distillation: the generator's likelihood of cells drawn ∝ exp(−valuer rank% / T) from every member of the benchmark (autoregressive and rnn generators; 0 = off).") var distillWeight: Float?
    @Option(help: "T of the distilled distribution, in percent of the ranks.") var distillTemperature: Double?
    @Option(help: "Cells drawn from the distilled distribution per generator step (0 = as many as the generator draws).") var distillSamples: Int?
    @Option(help: "Learning rate of the three Adam optimisers.") var learningRate: Float?
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
            let encoder = JSONEncoder()
            let a = try JSONSerialization.jsonObject(with: encoder.encode(saved)) as? [String: Any] ?? [:]
            let b = try JSONSerialization.jsonObject(with: encoder.encode(wanted)) as? [String: Any] ?? [:]
            let keys = Set(a.keys).union(b.keys).filter { "\(a[$0] ?? "nil")" != "\(b[$0] ?? "nil")" }.sorted()
                + (dataConflicts ? ["dataPath"] : [])
            throw ValidationError("--resume: \(keys.joined(separator: ", ")) differ from \(folder.configuration.path); a resumed run keeps its saved settings (drop those flags)")
        }
        return saved
    }

    /// Applies every training flag that was given.
    func applyFlags(to c: inout TrainingConfiguration) {
        if let epochs { c.epochs = epochs }
        if let mu { c.generatorLayers = mu }
        if let tau { c.temperature = tau }
        if let lambda { c.lambda = lambda }
        if let warmup { c.adversarialWarmup = warmup }
        if let topRemoved { c.topRemoved = topRemoved }
        if let complexity { c.complexity = complexity }
        if let seed { c.seed = seed }
        if let batchSize { c.batchSize = batchSize }
        if let hidden { c.hiddenSize = hidden }
        if let edgeGradients { c.edgeGradients = edgeGradients }
        if let valuerAllValid { c.valuerOverAllValid = valuerAllValid }
        if let oracleFeedback { c.oracleFeedback = oracleFeedback }
        if let valuerMode { c.valuerMode = valuerMode }
        if let directEdgeLogits { c.directEdgeLogits = directEdgeLogits }
        if let logitBound { c.logitBound = logitBound }
        if let policyGradient { c.policyGradientWeight = policyGradient }
        if let oracleReward { c.oracleReward = oracleReward }
        if let rewardScale { c.rewardScale = rewardScale }
        if let discriminatorFloor { c.discriminatorLossFloor = discriminatorFloor }
        if let nodePositions { c.nodePositions = nodePositions }
        if let entropyWeight { c.entropyWeight = entropyWeight }
        if let penalizeAbsent { c.penalizeAbsent = penalizeAbsent }
        if let eliteSize { c.eliteSize = eliteSize }
        if let eliteShare { c.eliteShare = eliteShare }
        if let goodTop { c.goodTop = goodTop }
        if let membersOnly { c.membersOnly = membersOnly }
        if let generator { c.generatorKind = generator }
        if let valuerWidth { c.valuerWidth = valuerWidth }
        if let valuerLayers { c.valuerLayers = valuerLayers }
        if let valuerDirectedSum { c.valuerDirectedSum = valuerDirectedSum }
        if let valuerPretrain { c.valuerPretrainEpochs = valuerPretrain }
        if let valuerRestarts { c.valuerRestarts = valuerRestarts }
        if let queryBudget { c.queryBudget = queryBudget }
        if let selection { c.checkpointSelection = selection }
        if let discriminatorRealTop { c.discriminatorRealTop = discriminatorRealTop }
        if let generatorSamples { c.generatorSamples = generatorSamples }
        if let distillWeight { c.distillWeight = distillWeight }
        if let distillTemperature { c.distillTemperature = distillTemperature }
        if let distillSamples { c.distillSamples = distillSamples }
        if let learningRate { c.learningRate = learningRate }
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
        let quiet = self.quiet
        let totalEpochs = config.epochs
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

extension ValuerMode: ExpressibleByArgument {}
extension CheckpointSelection: ExpressibleByArgument {}
