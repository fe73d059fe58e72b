import ArgumentParser
import GNN2GNN

/// "(default …; paper …)" for a setting, read from the presets themselves so that `--help` says what
/// a run gets. The default is per space where the spaces differ.
func presetDefaults<Value: Equatable>(_ key: KeyPath<TrainingConfiguration, Value>) -> String {
    func show(_ value: Value) -> String {
        let text = "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
    let spaces = ["nb201", "nb101", "nbgraph"]
    let values = spaces.map { TrainingConfiguration.recommended(space: $0)[keyPath: key] }
    let paper = TrainingConfiguration.paper[keyPath: key]
    // Spaces with the same default share one entry: "nb201, nb101 64; nbgraph 100".
    var groups: [(spaces: [String], value: Value)] = []
    for (space, value) in zip(spaces, values) {
        if let i = groups.firstIndex(where: { $0.value == value }) { groups[i].spaces.append(space) } else { groups.append(([space], value)) }
    }
    let defaults = groups.count == 1
        ? show(values[0])
        : groups.map { "\($0.spaces.joined(separator: ", ")) \(show($0.value))" }.joined(separator: "; ")
    return "(default: \(defaults); paper: \(show(paper)))"
}

/// The paper's hyperparameters (METHOD.md §4–5) and the training length.
struct PaperOptions: ParsableArguments {
    @Option(help: "Epochs over the training split. \(presetDefaults(\.epochs))") var epochs: Int?
    @Option(help: "At least this many training steps: on a small table the epochs are raised to reach it (0: off). \(presetDefaults(\.minimumSteps))") var minimumSteps: Int?
    @Option(help: "μ: GCN layers of the generator before the edge scorer. \(presetDefaults(\.generatorLayers))") var mu: Int?
    @Option(help: "τ: Gumbel-softmax temperature. \(presetDefaults(\.temperature))") var tau: Float?
    @Option(help: "λ: adversarial weight in the second half of training. \(presetDefaults(\.lambda))") var lambda: Float?
    @Option(help: "Fraction of the epochs trained with λ = 1 first. \(presetDefaults(\.adversarialWarmup))") var warmup: Double?
    @Option(help: "Withhold classes with top ≤ this percentage from training. \(presetDefaults(\.topRemoved))") var topRemoved: Double?
    @Option(help: "Fraction of those top classes withheld. \(presetDefaults(\.complexity))") var complexity: Double?
    @Option(help: "Random seed. \(presetDefaults(\.seed))") var seed: UInt64?
    @Option(help: "Real cells per step. \(presetDefaults(\.batchSize))") var batchSize: Int?
    @Option(help: "Hidden width of the generator. \(presetDefaults(\.hiddenSize))") var hidden: Int?
    @Option(help: "Learning rate of the three Adam optimisers. \(presetDefaults(\.learningRate))") var learningRate: Float?

    func apply(to c: inout TrainingConfiguration) {
        if let epochs { c.epochs = epochs }
        if let minimumSteps { c.minimumSteps = minimumSteps }
        if let mu { c.generatorLayers = mu }
        if let tau { c.temperature = tau }
        if let lambda { c.lambda = lambda }
        if let warmup { c.adversarialWarmup = warmup }
        if let topRemoved { c.topRemoved = topRemoved }
        if let complexity { c.complexity = complexity }
        if let seed { c.seed = seed }
        if let batchSize { c.batchSize = batchSize }
        if let hidden { c.hiddenSize = hidden }
        if let learningRate { c.learningRate = learningRate }
    }
}

/// Which generator is trained and how it draws.
struct GeneratorOptions: ParsableArguments {
    @Option(help: """
        Generator: gnn (the paper's), molgan (the MolGAN-style counterpart), slots (one choice per slot of a space with a \
        fixed structure: nb101, nb201), autoregressive (those slots one after another, each given the earlier ones) or rnn \
        (a GRU emitting them node by node, the paper's RNN counterpart). \(presetDefaults(\.generatorKind))
        """) var generator: GeneratorKind?
    @Option(help: "Generate only members of the space, redrawing cells the benchmark lacks (true/false). \(presetDefaults(\.membersOnly))") var membersOnly: Bool?
    @Option(help: "Cells drawn per generator step (0 = the batch size). \(presetDefaults(\.generatorSamples))") var generatorSamples: Int?
    @Option(help: "Bound of the generator's operation logits and direct edge logits (bound·tanh; 0 = unbounded). \(presetDefaults(\.logitBound))") var logitBound: Float?
    @Option(help: "Edge weights to D and V so edge choices get gradient (true/false). \(presetDefaults(\.edgeGradients))") var edgeGradients: Bool?
    @Option(help: "GNN generator: edge scorer outputs used directly as keep/drop logits (true/false). \(presetDefaults(\.directEdgeLogits))") var directEdgeLogits: Bool?
    @Option(help: "GNN generator: learned position embeddings for its nodes (true/false). \(presetDefaults(\.nodePositions))") var nodePositions: Bool?

    /// Applied before every other flag: switching drops the preset's settings the generator cannot
    /// use, and a flag the generator cannot use is then an error instead of silently dropped.
    func applyGenerator(to c: inout TrainingConfiguration) {
        if let generator { c.switchGenerator(to: generator) }
    }

    func apply(to c: inout TrainingConfiguration) {
        if let membersOnly { c.membersOnly = membersOnly }
        if let generatorSamples { c.generatorSamples = generatorSamples }
        if let logitBound { c.logitBound = logitBound }
        if let edgeGradients { c.edgeGradients = edgeGradients }
        if let directEdgeLogits { c.directEdgeLogits = directEdgeLogits }
        if let nodePositions { c.nodePositions = nodePositions }
    }
}

/// The valuer: what it learns and how.
struct ValuerOptions: ParsableArguments {
    @Option(help: "Valuer mode: classification (the paper's good/bad), regression or rank. \(presetDefaults(\.valuerMode))") var valuerMode: ValuerMode?
    @Option(help: "Good cells for the classification valuer: top ≤ this percentage. \(presetDefaults(\.goodTop))") var goodTop: Double?
    @Option(help: "Width of every valuer layer (0 = the paper's 32/64). \(presetDefaults(\.valuerWidth))") var valuerWidth: Int?
    @Option(help: "GCN layers of the valuer. \(presetDefaults(\.valuerLayers))") var valuerLayers: Int?
    @Option(help: "Valuer layers sum messages from predecessors and successors instead of the paper's GCN (true/false). \(presetDefaults(\.valuerDirectedSum))") var valuerDirectedSum: Bool?
    @Option(help: "Epochs of valuer-only training on the training split before the game. \(presetDefaults(\.valuerPretrainEpochs))") var valuerPretrain: Int?
    @Option(help: "Times a valuer left flat by its pre-training (it ranks nothing) is drawn afresh and pre-trained again. \(presetDefaults(\.valuerRestarts))") var valuerRestarts: Int?
    @Option(help: "Rank targets of looked-up cells better than the whole training split go on above 0.9 at the slope of its best tenth, up to 1 (true/false). \(presetDefaults(\.valuerRankExtension))") var valuerRankExtension: Bool?
    @Option(help: "Weight the valuer's regression loss towards the best classes: top p% counts 1 + W·exp(−p/10) (0 = plain MSE). \(presetDefaults(\.valuerTopWeight))") var valuerTopWeight: Double?

    func apply(to c: inout TrainingConfiguration) {
        if let valuerMode { c.valuerMode = valuerMode }
        if let goodTop { c.goodTop = goodTop }
        if let valuerWidth { c.valuerWidth = valuerWidth }
        if let valuerLayers { c.valuerLayers = valuerLayers }
        if let valuerDirectedSum { c.valuerDirectedSum = valuerDirectedSum }
        if let valuerPretrain { c.valuerPretrainEpochs = valuerPretrain }
        if let valuerRestarts { c.valuerRestarts = valuerRestarts }
        if let valuerTopWeight { c.valuerTopWeight = valuerTopWeight }
        if let valuerRankExtension { c.valuerRankExtension = valuerRankExtension }
    }
}

/// The generator's objective beyond the paper's λ-weighted adversarial and valuer terms, and the
/// discriminator's real batch.
struct ObjectiveOptions: ParsableArguments {
    @Option(help: "Weight of the entropy bonus on the generator's choices (0 = off). \(presetDefaults(\.entropyWeight))") var entropyWeight: Float?
    @Option(help: "GNN generator: weight of the score-function (REINFORCE) term rewarded by the valuer (0 = off). \(presetDefaults(\.policyGradientWeight))") var policyGradient: Float?
    @Option(help: "Reward the score-function term with benchmark ranks (counted oracle queries) instead of the valuer (true/false). \(presetDefaults(\.oracleReward))") var oracleReward: Bool?
    @Option(help: "Sharpen the score-function reward to exp(−percentile/scale) (0 = the score itself). \(presetDefaults(\.rewardScale))") var rewardScale: Double?
    @Option(help: "GNN generator: its valuer term over all valid cells, not only those in the benchmark (true/false). \(presetDefaults(\.valuerOverAllValid))") var valuerAllValid: Bool?
    @Option(help: """
        Weight of whole-space distillation: the generator's likelihood of cells drawn ∝ exp(−valuer rank% / T) from every \
        member of the benchmark (autoregressive and rnn generators; 0 = off). \(presetDefaults(\.distillWeight))
        """) var distillWeight: Float?
    @Option(help: "T of the distilled distribution, in percent of the ranks. \(presetDefaults(\.distillTemperature))") var distillTemperature: Double?
    @Option(help: "Plateau of the distilled distribution, in percent of the ranks: the best P% drawn uniformly, ∝ exp(−max(0, rank% − P) / T). \(presetDefaults(\.distillPlateau))") var distillPlateau: Double?
    @Option(help: "Cells drawn from the distilled distribution per generator step (0 = as many as the generator draws). \(presetDefaults(\.distillSamples))") var distillSamples: Int?
    @Option(help: "Skip the discriminator's update while its loss is below this floor (0 = always update). \(presetDefaults(\.discriminatorLossFloor))") var discriminatorFloor: Float?
    @Option(help: "The discriminator's real cells come from the best this-percent of the training split. \(presetDefaults(\.discriminatorRealTop))") var discriminatorRealTop: Double?
    @Option(help: "Elite replay: show the discriminator this many best cells found by oracle feedback (0 = off). \(presetDefaults(\.eliteSize))") var eliteSize: Int?
    @Option(help: "Share of each real batch taken from the elite. \(presetDefaults(\.eliteShare))") var eliteShare: Double?

    func apply(to c: inout TrainingConfiguration) {
        if let entropyWeight { c.entropyWeight = entropyWeight }
        if let policyGradient { c.policyGradientWeight = policyGradient }
        if let oracleReward { c.oracleReward = oracleReward }
        if let rewardScale { c.rewardScale = rewardScale }
        if let valuerAllValid { c.valuerOverAllValid = valuerAllValid }
        if let distillWeight { c.distillWeight = distillWeight }
        if let distillTemperature { c.distillTemperature = distillTemperature }
        if let distillPlateau { c.distillPlateau = distillPlateau }
        if let distillSamples { c.distillSamples = distillSamples }
        if let discriminatorFloor { c.discriminatorLossFloor = discriminatorFloor }
        if let discriminatorRealTop { c.discriminatorRealTop = discriminatorRealTop }
        if let eliteSize { c.eliteSize = eliteSize }
        if let eliteShare { c.eliteShare = eliteShare }
    }
}

/// Look-ups of generated cells in the benchmark (counted oracle queries) and the final checkpoint.
struct OracleOptions: ParsableArguments {
    @Option(help: "Train the valuer on generated cells labelled by the benchmark (true/false). \(presetDefaults(\.oracleFeedback))") var oracleFeedback: Bool?
    @Option(help: "Oracle feedback labels valid cells absent from the benchmark as bad (true/false). \(presetDefaults(\.penalizeAbsent))") var penalizeAbsent: Bool?
    @Option(help: "Cap on distinct architectures whose objective the run may look up, for feedback, reward and selection together: a whole number (0 = none) or 'unlimited'. \(presetDefaults(\.queryBudget))") var queryBudget: QueryBudget?
    @Option(help: "Final checkpoint: oracle (best share of generated cells beating the training split, in the second half; counted queries) or last. \(presetDefaults(\.checkpointSelection))") var selection: CheckpointSelection?

    func apply(to c: inout TrainingConfiguration) {
        if let oracleFeedback { c.oracleFeedback = oracleFeedback }
        if let penalizeAbsent { c.penalizeAbsent = penalizeAbsent }
        if let queryBudget { c.queryBudget = queryBudget }
        if let selection { c.checkpointSelection = selection }
    }
}

extension ValuerMode: ExpressibleByArgument {}
extension QueryBudget: ExpressibleByArgument {
    public init?(argument: String) { self.init(text: argument) }
}
extension CheckpointSelection: ExpressibleByArgument {}
extension GeneratorKind: ExpressibleByArgument {}
