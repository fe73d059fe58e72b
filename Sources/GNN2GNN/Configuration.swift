import NASBench

/// What the valuer predicts.
public enum ValuerMode: String, Codable, Sendable, CaseIterable {
    /// Two classes, "good" = top ≤ `goodTop` (the paper's default).
    case classification
    /// The objective scaled to [0, 1] over the benchmark, with a mean-squared-error loss.
    case regression
    /// The percentile rank `1 − top/100` (1 = best), with a mean-squared-error loss (beyond the paper):
    /// unlike the scaled objective, whose values crowd near the top on NAS-Bench-201 (86% and 94%
    /// accuracy both scale above 0.9), it spreads the benchmark evenly over [0, 1].
    case rank
}

/// Every setting of a GNN2GNN run; saved as `config.json` in the run folder.
///
/// Defaults are the paper's (METHOD.md §4–5) except where a `beyond` option measured better (see README).
public struct TrainingConfiguration: Codable, Sendable, Equatable {
    // MARK: Data
    /// Search space name (`nb101`, `nb201`, `nb201-noskip`, `nbgraph`, or a custom space).
    public var space: String = "nbgraph"
    /// Benchmark file; `nil` for the embedded default benchmark.
    public var dataPath: String?
    /// Dataset of a multi-dataset table (NAS-Bench-201: cifar10, cifar100, ImageNet16-120).
    public var dataset: String?
    /// Objective column, when not the table's default.
    public var objective: String?
    /// Classes with top ≤ this percentage are withheld from training (METHOD.md §3).
    public var topRemoved: Double = 10
    /// Fraction of those top classes withheld.
    public var complexity: Double = 1

    // MARK: Model
    /// Width of the generator's random node features and hidden layers.
    public var hiddenSize = 100
    /// μ: GCN layers of the generator before the edge scorer.
    public var generatorLayers = 2
    /// τ: temperature of the hard Gumbel-softmax samples.
    public var temperature: Float = 0.1
    /// λ: weight of the adversarial term in the generator loss in the second half of training
    /// (it is 1 in the first half).
    public var lambda: Float = 0.1
    /// Fraction of the epochs trained with λ = 1 before switching to `lambda` (the paper: one half).
    public var adversarialWarmup: Double = 0.5

    // MARK: Optimisation
    public var epochs = 20
    /// Training steps a run takes at least: on a small table (a user's sample) an epoch is a few
    /// hundred steps, so the epochs are raised to `⌈minimumSteps / steps per epoch⌉`
    /// (`Trainer.epochs(for:)`); 0 keeps `epochs` as given. Whole benchmarks are long enough already.
    public var minimumSteps = 0
    public var batchSize = 32
    public var learningRate: Float = 1e-3
    public var weightDecay: Float = 5e-4
    public var seed: UInt64 = 0

    // MARK: Options beyond the paper
    /// Pass the straight-through edge choices to D and V as GCN edge weights, so that the shape of
    /// generated cells receives gradient.
    public var edgeGradients = false
    /// Apply the generator's valuer term to every valid generated cell, not only those found in the benchmark.
    public var valuerOverAllValid = false
    /// Train the valuer also on generated cells labelled by benchmark look-ups.
    public var oracleFeedback = true
    /// Use the edge scorer's linear outputs directly as keep/drop logits instead of the paper's
    /// per-target softmax plus 0.5, which confines every keep probability to about 27–73%.
    public var directEdgeLogits = false
    /// Bound the generator's operation logits, and its edge logits when they are direct, to
    /// ±`logitBound` (by `bound · tanh`), so that no choice becomes certain: the generator keeps
    /// exploring and an all-dropped cell is not an absorbing state (beyond the paper; 0 = unbounded).
    public var logitBound: Float = 0
    /// Give every node of the generator's complete DAG a learned embedding of its position, added to
    /// its random features, so that the edge scorer and the operation mapper can tell nodes apart
    /// (in the paper all nodes are exchangeable noise, and deep nodes average to the same embedding).
    public var nodePositions = false
    /// Weight of a score-function (REINFORCE) term in the generator loss: each generated cell's
    /// log-probability times its advantage, where the reward is the valuer's score for cells found in
    /// the benchmark and 0 for the rest (beyond the paper; 0 = off). Unlike the straight-through term it
    /// reaches every edge choice, including those of nodes the refinement pruned.
    public var policyGradientWeight: Float = 0
    /// Reward the score-function term with the benchmark's percentile rank `1 − top/100` of each
    /// generated cell found in it (an oracle query per distinct cell, counted) instead of the valuer's score.
    public var oracleReward = false
    /// Sharpen the score-function reward: a score s (a percentile rank when read as `100·(1 − s)`)
    /// becomes `exp(−100·(1 − s)/rewardScale)`, so a cell in the top 1% earns far more than one in the
    /// top 30%; 0 keeps the score itself.
    public var rewardScale: Double = 0
    /// Skip the discriminator's update on a batch where its loss (real + generated cross-entropy; 1.39
    /// at chance) is already below this floor, so that it cannot win outright and leave the generator
    /// without gradient (beyond the paper; 0 = always update).
    public var discriminatorLossFloor: Float = 0
    /// Weight of a bonus for the entropy of the generator's edge and operation distributions
    /// (0 in the paper); it counters mode collapse.
    public var entropyWeight: Float = 0
    /// In the valuer's oracle feedback, label valid generated cells that the benchmark does not
    /// contain as bad (objective 0): outside the space, they cannot be built. Teaches the valuer —
    /// and through it the generator — the shape of the space.
    public var penalizeAbsent = false
    /// Elite replay: keep the `eliteSize` best distinct cells that oracle feedback has revealed and
    /// show them to the discriminator as real cells (a share `eliteShare` of each real batch), so the
    /// generator is drawn towards the best cells found so far. 0 turns it off (the paper).
    public var eliteSize = 0
    public var eliteShare: Double = 0.5
    /// The generator trained (`GeneratorKind`): the paper's GNN generator, the MolGAN-style or RNN
    /// counterpart of METHOD.md §7, or a slot generator; all trained with the same discriminator and valuer.
    public var generatorKind: GeneratorKind = .gnn
    /// Classification (paper) or regression valuer.
    public var valuerMode: ValuerMode = .classification
    /// Width of every valuer layer (0 = the paper's 32 and 64).
    public var valuerWidth = 0
    /// GCN layers of the valuer (the paper: 2).
    public var valuerLayers = 2
    /// The valuer's layers sum messages from predecessors and successors (`DirectedSumConv`) instead
    /// of the paper's GCN, which normalises degrees away and reads one direction only.
    public var valuerDirectedSum = false
    /// Epochs of valuer-only training on the whole training split before the game starts (0 = paper):
    /// the valuer is the only part that knows what "good" is, so it is made a strong guide first.
    public var valuerPretrainEpochs = 0
    /// How often a valuer whose pre-training left it flat (Spearman ρ < 0.05 with the targets over the
    /// training split: it ranks nothing) is drawn afresh and pre-trained again (0 = never).
    public var valuerRestarts = 0
    /// Weight the valuer's regression loss towards the best classes (beyond the paper; 0 = plain
    /// mean-squared error): a class in the top p% counts `1 + W · exp(−p / 10)` in pre-training and
    /// on the training split, so the valuer spends its capacity where distillation and the reward
    /// read it (the top tenth of its ranking).
    public var valuerTopWeight: Double = 0
    /// Rank targets of looked-up cells better than the whole training split go on above its best's
    /// (0.9) at the slope of the split's best tenth, up to 1 (`ValuerTargets`), instead of all being
    /// 0.9: a revealed cell's label then says how far beyond the split it lies (beyond the paper).
    public var valuerRankExtension = false
    /// Cap on distinct architectures whose objective the run may look up, for every purpose together
    /// (oracle feedback, the oracle reward, checkpoint selection). Once reached, only cells whose
    /// objective is already known are used.
    public var queryBudget: QueryBudget = .unlimited
    /// How the checkpoint of the final cells is chosen: by the top-10 share of generated cells in
    /// the second half (the paper; counted oracle queries) or the last epoch (no queries).
    public var checkpointSelection: CheckpointSelection = .oracle
    /// The discriminator's real cells come from the best this-percent of the training split
    /// (100 = the whole split, the paper): the discriminator then pulls towards the best known cells.
    public var discriminatorRealTop: Double = 100
    /// Cells drawn per generator step (0 = the batch size, the paper); score-function terms have less
    /// variance with more.
    public var generatorSamples = 0
    /// Weight of whole-space distillation (`WholeSpaceDistillation`; beyond the paper; 0 = off): the
    /// generator's log-likelihood of cells drawn from the valuer's Boltzmann distribution over every
    /// member of the benchmark, added to its loss. Needs a generator with an exact likelihood
    /// (autoregressive, rnn) and a benchmark that lists its members.
    public var distillWeight: Float = 0
    /// Temperature of the distilled distribution, in percent of the ranks: ∝ exp(−rank% / T).
    public var distillTemperature: Double = 3
    /// Rank plateau of the distilled distribution, in percent: the valuer's best-ranked this-percent
    /// are drawn uniformly, ∝ exp(−max(0, rank% − P) / T) (0 = none).
    public var distillPlateau: Double = 0
    /// Cells drawn from it per generator step (0 = as many as the generator draws).
    public var distillSamples = 0
    /// "Good" cells for the classification valuer: top ≤ this percentage.
    public var goodTop: Double = 50

    // MARK: Evaluation
    /// Generated cells (per-epoch evaluation, final cells, `generate`) are drawn by rejection onto the
    /// members of the space: cells the benchmark does not hold are redrawn (existence look-ups, which
    /// reveal no objective). The share of raw draws that were members is reported as `memberShare`.
    public var membersOnly = true
    /// Cells generated after each epoch to compute its metrics (and to pick the best checkpoint).
    public var evaluationCount = 1000

    /// The version of the `config.json` format this build writes (`ConfigurationFormat`): 2, in
    /// sections with the generator's own settings under `generator`; version 1 (flat, every run
    /// folder written before) is still read, a newer one is refused by name.
    public static let formatVersion = 3

    public init() {}

    /// Reads a configuration of either format; settings missing from the file keep their defaults,
    /// an unknown key or a setting of another generator is an error naming it.
    public init(from decoder: Decoder) throws { self = try ConfigurationFormat.decode(from: decoder) }

    /// Writes the current format (version 2).
    public func encode(to encoder: Encoder) throws { try ConfigurationFormat.encode(self, to: encoder) }

    /// Throws a message naming the first setting out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw ConfigurationError(message) } }
        // Upper bounds keep a mistyped setting from allocating gigabytes (a 100,000-wide layer is 40 GB).
        try check(hiddenSize > 0 && hiddenSize <= 4096, "hidden size must be in 1...4096")
        try check(generatorLayers >= 1 && generatorLayers <= 16, "mu (generator GCN layers) must be in 1...16")
        try check(temperature > 0, "tau (temperature) must be positive")
        try check((0...1).contains(lambda), "lambda must be in [0, 1]")
        try check(epochs >= 1 && epochs <= 100_000, "epochs must be in 1...100000")
        try check(batchSize >= 1 && batchSize <= 65_536, "batch size must be in 1...65536")
        try check(minimumSteps >= 0 && minimumSteps <= 10_000_000, "minimum steps must be in 0...10000000")
        try check(learningRate > 0, "learning rate must be positive")
        try check(weightDecay >= 0, "weight decay must be ≥ 0")
        try check((0..<100).contains(topRemoved), "top-removed must be in [0, 100)")
        try check((0...1).contains(complexity), "complexity must be in [0, 1]")
        try check(goodTop > 0 && goodTop <= 100, "good-top must be in (0, 100]")
        try check(evaluationCount >= 1 && evaluationCount <= 1_000_000, "evaluation count must be in 1...1000000")
        try check((0...1).contains(adversarialWarmup), "warm-up must be a fraction in [0, 1]")
        try check(discriminatorLossFloor >= 0, "discriminator loss floor must be ≥ 0")
        try check(logitBound >= 0, "logit bound must be ≥ 0")
        try check(policyGradientWeight >= 0, "policy-gradient weight must be ≥ 0")
        try check(policyGradientWeight == 0 || logitBound > 0,
                  "the policy-gradient term needs a logit bound (e.g. --logit-bound 5): with unbounded logits it diverges")
        try check(eliteSize >= 0, "elite size must be ≥ 0")
        try check((0...1).contains(eliteShare), "elite share must be in [0, 1]")
        try check(valuerWidth >= 0 && valuerWidth <= 4096, "valuer width must be in 0...4096")
        try check(valuerLayers >= 2 && valuerLayers <= 16, "valuer layers must be in 2...16")
        try check(valuerPretrainEpochs >= 0, "valuer pre-training epochs must be ≥ 0")
        try check((0...10).contains(valuerRestarts), "valuer restarts must be in 0...10")
        try check(valuerTopWeight >= 0 && valuerTopWeight <= 1000, "valuer top weight must be in 0...1000")
        try check(valuerTopWeight == 0 || valuerMode != .classification,
                  "valuerTopWeight (--valuer-top-weight) weights a regression loss: it needs --valuer-mode rank or regression")
        try check(discriminatorRealTop > 0 && discriminatorRealTop <= 100, "discriminator real top must be in (0, 100]")
        try check(generatorSamples >= 0 && generatorSamples <= 65_536, "generator samples must be in 0...65536")
        try check(!generatorKind.usesSlots || (valuerMode != .classification || entropyWeight > 0),
                  "the slot and autoregressive generators are trained by score-function terms: give it a score valuer (--valuer-mode rank) or an entropy weight")
        try check(distillWeight >= 0, "distillation weight must be ≥ 0")
        try check(distillTemperature > 0 && distillTemperature <= 100, "distillation temperature must be in (0, 100]")
        try check(distillSamples >= 0 && distillSamples <= 65_536, "distillation samples must be in 0...65536")
        try check(distillPlateau >= 0 && distillPlateau < 100, "distillation plateau must be in [0, 100)")
        try check(distillWeight > 0 || distillPlateau == 0, "distillPlateau (--distill-plateau) needs whole-space distillation (distillWeight > 0)")
        // A generator setting the chosen generator does not read is an error, so that a run is what its
        // flags say (and config.json, whose generator section cannot hold it: ConfigurationFormat).
        if let ignored = ConfigurationFormat.settingsUnused(by: generatorKind).first(where: { !$0.setting.isDefault(self) }) {
            throw ConfigurationError("\(ignored.setting.described) has no effect with generatorKind \(generatorKind.rawValue): \(ignored.whyNot)")
        }
        try check(policyGradientWeight > 0 || !oracleReward, "oracleReward (--oracle-reward) needs a score-function term (policyGradientWeight > 0)")
        try check(policyGradientWeight > 0 || rewardScale == 0, "rewardScale (--reward-scale) needs a score-function term (policyGradientWeight > 0)")
        try check(oracleFeedback || !penalizeAbsent, "penalizeAbsent (--penalize-absent) labels oracle feedback: it needs oracleFeedback true")
    }

    /// Switches to the generator `kind` and puts back to their defaults the generator settings `kind`
    /// does not read (`ConfigurationFormat.generatorSettings`: e.g. distillation without an exact
    /// likelihood, the logit bound and hidden width for MolGAN, the GNN's edge options), so that
    /// `--generator X` on top of a preset gives a valid run. Settings given after this still override
    /// it (and are then checked by `validate`).
    public mutating func switchGenerator(to kind: GeneratorKind) {
        generatorKind = kind
        for (setting, _) in ConfigurationFormat.settingsUnused(by: kind) { setting.resetToDefault(&self) }
    }
}

/// How the final checkpoint is chosen.
public enum CheckpointSelection: String, Codable, Sendable, CaseIterable {
    /// Best share of the cells generated after each epoch of the second half whose objective beats
    /// the whole training split (the paper's top-10 share, computed without ranking the withheld
    /// cells); every distinct cell scored is a counted oracle query, within the budget.
    case oracle
    /// The last epoch: no look-ups, so the per-epoch metrics are a report only and cost no queries.
    case last
}

extension TrainingConfiguration {
    /// Exactly the published settings (METHOD.md §4–5): the paper's GNN generator, raw generation.
    public static var paper: TrainingConfiguration {
        var c = TrainingConfiguration()
        c.membersOnly = false
        return c
    }

    /// The best measured configuration (docs/EXPERIMENTS.md, "Valuer-first objective"): a valuer
    /// pre-trained on the whole training split as a ranker, and — on NB201 and NB101 — the
    /// autoregressive slot generator (`AutoregressiveSlotGenerator`) trained towards the
    /// valuer's Boltzmann distribution (valuer reward plus an entropy bonus, and the valuer's ranking of
    /// the whole space distilled into it), with the discriminator as a weak prior; a budget on oracle look-ups; the last checkpoint. Other spaces keep the paper's
    /// GNN generator with members-only generation and the stronger valuer.
    public static func recommended(space: String) -> TrainingConfiguration {
        var c = TrainingConfiguration()
        c.space = space
        c.valuerMode = .rank
        c.valuerWidth = 64
        c.valuerLayers = 3
        c.valuerDirectedSum = true
        c.valuerPretrainEpochs = 2  // large splits (NB101, NAS-Bench-Graph): a couple of epochs are thousands of steps
        c.valuerRestarts = 2  // a pre-training that leaves the valuer flat leaves the generator without a guide
        c.queryBudget = .limit(300)
        // Looked-up cells beyond the training split ranked by how far beyond they are, not all at its best's
        // rank (docs/EXPERIMENTS.md, fifth round: chosen on NB201's tuning seeds 0–4).
        c.valuerRankExtension = true
        c.checkpointSelection = .last
        let named = try? SearchSpaces.named(space)
        if named is NASBench201Space || named is NASBench101Space {
            // Slots drawn one after another, each given the earlier ones: a product of independent slot
            // choices concentrated on fewer cells (NB201: 81% top-10 with 211 distinct top cells against
            // 87% with 242; NB101: a few dozen cells), docs/EXPERIMENTS.md "Second round".
            c.generatorKind = .autoregressive
            c.hiddenSize = 64
            c.lambda = 0.1
            c.adversarialWarmup = 0
            c.logitBound = 5
            c.generatorSamples = 128
            c.learningRate = 3e-3
            // The whole space ranked by the valuer, distilled into the generator (∝ exp(−rank%/2)):
            // NB201 5 seeds × 3 datasets 94.7/93.3/95.5% top-10 against 89.6/88.3/92.8%; NB101 3 seeds
            // 85.6% with 830 distinct top-10% classes against 76%/190 (docs/EXPERIMENTS.md).
            c.distillWeight = 1
            c.distillTemperature = 2
        }
        if named is NASBench201Space {
            c.valuerPretrainEpochs = 20  // 20 × ~440 steps on NB201's split
            c.entropyWeight = 0.02
            // A sample of 1,000 rows trains 16 steps an epoch: at least 1,500 steps took the share of new
            // top-10% cells from 64.7% to 77.9% on sample seeds 1–3 (3,000: 78.0%); the whole table (2,960
            // steps) is unchanged (docs/EXPERIMENTS.md, "Your own table").
            c.minimumSteps = 1500
        } else if named is NASBench101Space {
            c.entropyWeight = 0.1
            // 5 epochs (44,680 steps) as good as the paper's 20 on the tuning seeds 0–2: 85.6% ± 2.3% top-10 with
            // 830 distinct top-10% classes against 83.6% ± 2.6% and 817 (docs/EXPERIMENTS.md), a quarter of the time.
            c.epochs = 5
            // A sample of 5,000 rows trains 141 steps an epoch: 5,600 steps (40 epochs) took the share of new
            // top-10% cells from 57.3% to 79.3% on sample seeds 1–3 (80 epochs: 77.8%); the whole table
            // (44,680 steps) is unchanged.
            c.minimumSteps = 5600
        }
        return c
    }

    /// The named presets (`--preset`).
    public static func preset(_ name: String, space: String) throws -> TrainingConfiguration {
        switch name {
        case "paper": var c = paper; c.space = space; return c
        case "default": return recommended(space: space)
        default: throw ConfigurationError("unknown preset '\(name)' (known: paper, default)")
        }
    }
}

/// A setting that is out of range.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
