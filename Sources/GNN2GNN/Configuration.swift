/// What the valuer predicts.
public enum ValuerMode: String, Codable, Sendable, CaseIterable {
    /// Two classes, "good" = top ≤ `goodTop` (the paper's default).
    case classification
    /// The objective scaled to [0, 1] over the benchmark, with a mean-squared-error loss.
    case regression
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
    /// The generator trained: `gnn` (the paper's GNN generator) or `molgan` (the MolGAN-style
    /// counterpart of METHOD.md §7, trained with the same discriminator, valuer and losses).
    public var generatorKind = "gnn"
    /// Classification (paper) or regression valuer.
    public var valuerMode: ValuerMode = .classification
    /// "Good" cells for the classification valuer: top ≤ this percentage.
    public var goodTop: Double = 50

    // MARK: Evaluation
    /// Cells generated after each epoch to compute its metrics (and to pick the best checkpoint).
    public var evaluationCount = 1000

    public init() {}

    enum CodingKeys: String, CodingKey {
        case space, dataPath, dataset, objective, topRemoved, complexity, hiddenSize, generatorLayers, temperature, lambda, adversarialWarmup, epochs, batchSize, learningRate, weightDecay, seed, edgeGradients, valuerOverAllValid, oracleFeedback, directEdgeLogits, entropyWeight, penalizeAbsent, eliteSize, eliteShare, generatorKind, valuerMode, goodTop, evaluationCount
    }

    /// Reads a configuration; settings missing from the file (e.g. a run saved by an older version)
    /// keep their defaults.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingConfiguration()
        dataPath = try c.decodeIfPresent(String.self, forKey: .dataPath)
        dataset = try c.decodeIfPresent(String.self, forKey: .dataset)
        objective = try c.decodeIfPresent(String.self, forKey: .objective)
        space = try c.decodeIfPresent(type(of: d.space).self, forKey: .space) ?? d.space
        topRemoved = try c.decodeIfPresent(type(of: d.topRemoved).self, forKey: .topRemoved) ?? d.topRemoved
        complexity = try c.decodeIfPresent(type(of: d.complexity).self, forKey: .complexity) ?? d.complexity
        hiddenSize = try c.decodeIfPresent(type(of: d.hiddenSize).self, forKey: .hiddenSize) ?? d.hiddenSize
        generatorLayers = try c.decodeIfPresent(type(of: d.generatorLayers).self, forKey: .generatorLayers) ?? d.generatorLayers
        temperature = try c.decodeIfPresent(type(of: d.temperature).self, forKey: .temperature) ?? d.temperature
        lambda = try c.decodeIfPresent(type(of: d.lambda).self, forKey: .lambda) ?? d.lambda
        adversarialWarmup = try c.decodeIfPresent(type(of: d.adversarialWarmup).self, forKey: .adversarialWarmup) ?? d.adversarialWarmup
        epochs = try c.decodeIfPresent(type(of: d.epochs).self, forKey: .epochs) ?? d.epochs
        batchSize = try c.decodeIfPresent(type(of: d.batchSize).self, forKey: .batchSize) ?? d.batchSize
        learningRate = try c.decodeIfPresent(type(of: d.learningRate).self, forKey: .learningRate) ?? d.learningRate
        weightDecay = try c.decodeIfPresent(type(of: d.weightDecay).self, forKey: .weightDecay) ?? d.weightDecay
        seed = try c.decodeIfPresent(type(of: d.seed).self, forKey: .seed) ?? d.seed
        edgeGradients = try c.decodeIfPresent(type(of: d.edgeGradients).self, forKey: .edgeGradients) ?? d.edgeGradients
        valuerOverAllValid = try c.decodeIfPresent(type(of: d.valuerOverAllValid).self, forKey: .valuerOverAllValid) ?? d.valuerOverAllValid
        oracleFeedback = try c.decodeIfPresent(type(of: d.oracleFeedback).self, forKey: .oracleFeedback) ?? d.oracleFeedback
        directEdgeLogits = try c.decodeIfPresent(type(of: d.directEdgeLogits).self, forKey: .directEdgeLogits) ?? d.directEdgeLogits
        entropyWeight = try c.decodeIfPresent(type(of: d.entropyWeight).self, forKey: .entropyWeight) ?? d.entropyWeight
        penalizeAbsent = try c.decodeIfPresent(type(of: d.penalizeAbsent).self, forKey: .penalizeAbsent) ?? d.penalizeAbsent
        eliteSize = try c.decodeIfPresent(type(of: d.eliteSize).self, forKey: .eliteSize) ?? d.eliteSize
        eliteShare = try c.decodeIfPresent(type(of: d.eliteShare).self, forKey: .eliteShare) ?? d.eliteShare
        generatorKind = try c.decodeIfPresent(type(of: d.generatorKind).self, forKey: .generatorKind) ?? d.generatorKind
        valuerMode = try c.decodeIfPresent(type(of: d.valuerMode).self, forKey: .valuerMode) ?? d.valuerMode
        goodTop = try c.decodeIfPresent(type(of: d.goodTop).self, forKey: .goodTop) ?? d.goodTop
        evaluationCount = try c.decodeIfPresent(type(of: d.evaluationCount).self, forKey: .evaluationCount) ?? d.evaluationCount
    }

    /// Throws a message naming the first setting out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw ConfigurationError(message) } }
        try check(hiddenSize > 0, "hidden size must be positive")
        try check(generatorLayers >= 1, "mu (generator GCN layers) must be at least 1")
        try check(temperature > 0, "tau (temperature) must be positive")
        try check((0...1).contains(lambda), "lambda must be in [0, 1]")
        try check(epochs >= 1, "epochs must be at least 1")
        try check(batchSize >= 1, "batch size must be at least 1")
        try check(learningRate > 0, "learning rate must be positive")
        try check(weightDecay >= 0, "weight decay must be ≥ 0")
        try check((0..<100).contains(topRemoved), "top-removed must be in [0, 100)")
        try check((0...1).contains(complexity), "complexity must be in [0, 1]")
        try check(goodTop > 0 && goodTop <= 100, "good-top must be in (0, 100]")
        try check(evaluationCount >= 1, "evaluation count must be at least 1")
        try check((0...1).contains(adversarialWarmup), "warm-up must be a fraction in [0, 1]")
        try check(eliteSize >= 0, "elite size must be ≥ 0")
        try check((0...1).contains(eliteShare), "elite share must be in [0, 1]")
        try check(GeneratorKind(rawValue: generatorKind) != nil, "generator must be one of \(GeneratorKind.allCases.map(\.rawValue).joined(separator: ", "))")
    }
}

/// A setting that is out of range.
public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
