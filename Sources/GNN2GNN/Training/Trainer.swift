import Foundation
import GraphNets
import NASBench
import TensorCore

/// Losses of one training step.
public struct StepLosses: Sendable {
    public var generator: Float = 0
    public var discriminator: Float = 0
    public var valuer: Float = 0
    /// Generated cells labelled by the benchmark in the valuer phase.
    public var oracleLabels = 0
}

/// One line of `log.jsonl`: the means of an epoch's losses and the metrics of cells generated after it.
public struct EpochLog: Codable, Sendable {
    public var epoch: Int
    public var steps: Int
    public var lambda: Float
    public var lossGenerator: Double
    public var lossDiscriminator: Double
    public var lossValuer: Double
    public var metrics: GenerationMetrics
    /// Distinct architectures whose objective was looked up so far (training + selection).
    public var oracleQueries: Int
    public var trainingQueries: Int
    public var selectionQueries: Int
    public var seconds: Double
    /// The valuer's ranking quality after the epoch (absent in older runs).
    public var valuer: ValuerQuality?
    /// Seconds of the valuer's pre-training, included in `seconds` (first epoch only).
    public var valuerPretrainSeconds: Double?
    /// How often the pre-trained valuer was flat and drawn afresh (first epoch, only when it was).
    public var valuerRestarts: Int?
}

/// The three-way adversarial training of METHOD.md §5 on a benchmark's training split.
public struct Trainer {
    public let configuration: TrainingConfiguration
    public let benchmark: Benchmark
    public let split: BenchmarkSplit
    public var model: GNN2GNNModel
    public var oracle: Oracle
    /// The random stream of the run (noise, Gumbel samples, dropout, shuffles).
    public var random: SeededGenerator
    public internal(set) var epochsCompleted = 0
    /// Best checkpoint-selection score (`selectionScore`) seen in the second half of training, and its epoch.
    public internal(set) var bestTop10: Double?
    public internal(set) var bestEpoch: Int?
    /// Elite replay: the best distinct classes revealed by oracle feedback so far, best first.
    public internal(set) var elite: [Int] = []
    var optimizers: NetworkOptimizers
    /// The training split's classes, for novelty.
    public let trainingClasses: Set<Int>
    /// The valuer's targets, from the training split's objectives alone (METHOD.md §10).
    public let targets: ValuerTargets
    /// Which cells are members of the space (from its rules where it enumerates them).
    public let membership: SpaceMembership
    /// Whole-space distillation's members and sampler (only with `distillWeight > 0`).
    var distillation: WholeSpaceDistillation?
    /// The generator's loss as a list of terms, from the configuration.
    let generatorObjective: GeneratorObjective
    /// The valuer's labelled cells: the training split's, then oracle feedback's when it is on.
    let valuerLabelSources: [any ValuerLabelSource]
    /// Rewrites of the discriminator's real batch (none: the step's batch, as in the paper).
    let realBatchSources: [any RealBatchSource]

    /// A fresh run; its generator is built by `generators` (the MolGAN-style counterpart needs
    /// `GeneratorCatalog.withCounterparts` from the Experiments module).
    public init(configuration: TrainingConfiguration, benchmark: Benchmark, generators: GeneratorCatalog = .standard) throws {
        try configuration.validate()
        guard generators.contains(configuration.generatorKind) else {
            throw ConfigurationError("generator \(configuration.generatorKind.rawValue) is a counterpart this program cannot build (it is in the Experiments module: GeneratorCatalog.withCounterparts)")
        }
        self.benchmark = benchmark
        split = benchmark.split(topRemoved: configuration.topRemoved, complexity: configuration.complexity,
                                seed: configuration.seed)
        guard !split.training.isEmpty else { throw ConfigurationError("the training split is empty") }
        var configuration = configuration
        configuration.epochs = Self.epochs(for: configuration, trainingCount: split.training.count)
        self.configuration = configuration
        if configuration.generatorKind.usesSlots, !(benchmark.space is any SlotStructuredSpace) {
            throw ConfigurationError("the \(configuration.generatorKind) generator needs a space with a fixed structure (nb101, nb201, nb201-noskip); space '\(benchmark.space.name)' has none")
        }
        random = SeededGenerator(seed: configuration.seed)
        model = GNN2GNNModel(configuration: configuration, space: benchmark.space, generators: generators, using: &random)
        generatorObjective = GeneratorObjective(configuration, exactLikelihood: configuration.generatorKind.hasExactLikelihood)
        oracle = Oracle(benchmark: benchmark, budget: configuration.queryBudget)
        let adam = Self.freshOptimizer(configuration)
        optimizers = NetworkOptimizers(adam)
        trainingClasses = Set(split.training)
        targets = ValuerTargets(configuration: configuration, benchmark: benchmark, training: split.training)
        var realSources: [any RealBatchSource] = []
        if configuration.discriminatorRealTop < 100 {
            realSources.append(TopOfSplitBatch(training: split.training, percent: configuration.discriminatorRealTop))
        }
        if configuration.eliteSize > 0 { realSources.append(EliteReplay(share: configuration.eliteShare)) }
        realBatchSources = realSources
        var labelSources: [any ValuerLabelSource] = [TrainingSplitLabels()]
        if configuration.oracleFeedback {
            labelSources.append(OracleFeedbackLabels(penalizeAbsent: configuration.penalizeAbsent))
        }
        valuerLabelSources = labelSources
        // Enumerating NB101's members takes seconds: only runs that use membership do.
        let usesMembership = configuration.membersOnly || configuration.distillWeight > 0 || configuration.generatorKind.usesSlots
        membership = SpaceMembership(benchmark: benchmark, members: usesMembership ? benchmark.space.allMembers() : nil)
        if configuration.distillWeight > 0, let structured = benchmark.space as? any SlotStructuredSpace {
            let taught = WholeSpaceDistillation(benchmark: benchmark, members: membership.members, space: structured)
            guard !taught.cells.isEmpty else { throw ConfigurationError("whole-space distillation: no member of the space can be written in its slots") }
            distillation = taught
        }
    }

    /// λ in effect during `epoch` (0-based): 1 during the warm-up (the first half in the paper), then
    /// the configured λ.
    public func lambda(atEpoch epoch: Int) -> Float {
        epoch < warmupEpochs ? 1 : configuration.lambda
    }

    /// Epochs trained with λ = 1; the best checkpoint is chosen among the epochs after them.
    public var warmupEpochs: Int { Int((Double(configuration.epochs) * configuration.adversarialWarmup).rounded(.down)) }

    /// Steps in one epoch.
    /// The epochs a run of `configuration` trains on a split of `trainingCount` classes: its `epochs`,
    /// raised to reach `minimumSteps` steps.
    public static func epochs(for configuration: TrainingConfiguration, trainingCount: Int) -> Int {
        let stepsPerEpoch = max(1, (trainingCount + configuration.batchSize - 1) / configuration.batchSize)
        return max(configuration.epochs, (configuration.minimumSteps + stepsPerEpoch - 1) / stepsPerEpoch)
    }

    public var stepsPerEpoch: Int { (split.training.count + configuration.batchSize - 1) / configuration.batchSize }

    /// One training step on real classes `batch`: discriminator, then valuer, then generator.
    public mutating func step(batch: [Int], lambda: Float) -> StepLosses {
        var losses = StepLosses()
        let space = benchmark.space
        let realCells = EncodedCells(batch.map { benchmark.classes[$0].cell }, operationCount: space.operations.count)
        let b = batch.count
        var discriminatorBatch = batch
        for source in realBatchSources { discriminatorBatch = source.realBatch(discriminatorBatch, &self) }
        let discriminatorReal = EncodedCells(discriminatorBatch.map { benchmark.classes[$0].cell }, operationCount: space.operations.count)
        losses.discriminator = trainDiscriminator(real: discriminatorReal, count: b)
        (losses.valuer, losses.oracleLabels) = trainValuer(batch: batch, real: realCells)
        let samples = configuration.generatorSamples > 0 ? configuration.generatorSamples : b
        losses.generator = model.generator is any SlotCellGenerator
            ? trainGeneratorByScoreFunction(count: samples, lambda: lambda)
            : trainGenerator(count: samples, lambda: lambda)
        return losses
    }

    /// 1. Discriminator: real → 1, generated → 0. Returns its loss.
    mutating func trainDiscriminator(real: EncodedCells, count b: Int) -> Float {
        let tape = Tape()
        let pD = model.discriminator.parameters.bind(to: tape)
        let fake = model.generator.sampleWithoutGradients(count: b, on: tape, using: &random)
            .encoded(edgeGradients: configuration.edgeGradients)
        let realLogits = model.discriminator.logits(real.input(on: tape), pD, using: &random)
        let fakeLogits = model.discriminator.logits(fake, pD, using: &random)
        let loss = realLogits.crossEntropy(targets: Array(repeating: 1, count: b))
            + fakeLogits.crossEntropy(targets: Array(repeating: 0, count: b))
        tape.backward(from: loss)
        // With a loss floor (beyond the paper) a discriminator that already wins is not trained further
        // on this batch, so that it cannot drive the generator's gradients to zero.
        if loss.scalar >= configuration.discriminatorLossFloor {
            optimizers.discriminator.step(&model.discriminator.parameters, gradients: pD.gradients())
        }
        return loss.scalar
    }

    /// 2. Valuer: the losses of `valuerLabelSources` (the paper's: the real batch with its labels,
    /// plus generated cells labelled by the benchmark). Returns its loss and the number of generated
    /// cells the benchmark labelled.
    mutating func trainValuer(batch: [Int], real: EncodedCells) -> (loss: Float, oracleLabels: Int) {
        let tape = Tape()
        let pV = model.valuer.parameters.bind(to: tape)
        let step = ValuerStep(tape: tape, parameters: pV, batch: batch, real: real)
        var loss: Variable?
        var oracleLabels = 0
        for source in valuerLabelSources {
            guard let part = source.loss(step, &self) else { continue }
            loss = loss.map { $0 + part.loss } ?? part.loss
            oracleLabels += part.oracleLabels
        }
        guard let loss else { preconditionFailure("the training split's labels always contribute") }
        tape.backward(from: loss)
        optimizers.valuer.step(&model.valuer.parameters, gradients: pV.gradients())
        return (loss.scalar, oracleLabels)
    }

    /// 3. Generator: the terms of `generatorObjective` (the paper's: λ·adversarial + (1 − λ)·valuer)
    /// on a taped draw of `b` cells. Returns its loss.
    mutating func trainGenerator(count b: Int, lambda: Float) -> Float {
        let tape = Tape()
        let pG = model.generator.parameters.bind(to: tape)
        let generated = model.generator.sample(count: b, pG, using: &random)
        let loss = generatorObjective.loss(GeneratorStep(tape: tape, parameters: pG, generated: generated, lambda: lambda), &self)
        tape.backward(from: loss)
        optimizers.generator.step(&model.generator.parameters, gradients: pG.gradients())
        return loss.scalar
    }

    /// 3'. The slot generators (their choices get no straight-through gradient): the score-function
    /// estimate of ∇ E[R] plus the entropy bonus, `−mean((R − mean R) · log p) − T · H`, with reward
    /// `R = (1 − λ) · V(x) + λ · D(x)` for members of the space (the valuer's score and the
    /// discriminator's probability that the cell is real) and 0 for the rest. Its optimum over all
    /// distributions is the Boltzmann distribution ∝ exp(R / T) (T = `entropyWeight`). For the
    /// autoregressive generators (exact likelihood) the entropy enters as `−T · log p(x)` in the reward (the exact entropy
    /// of whole cells, which the per-slot sum is not). Existence look-ups only: no objective is
    /// revealed. The terms are `generatorObjective`'s. Returns the loss.
    mutating func trainGeneratorByScoreFunction(count n: Int, lambda: Float) -> Float {
        let tape = Tape()
        let pG = model.generator.parameters.bind(to: tape)
        let generated = model.generator.sample(count: n, pG, using: &random)
        let cells = generated.cells
        var step = GeneratorStep(tape: tape, parameters: pG, generated: generated, lambda: lambda)
        step.members = cells.indices.filter { membership.contains(cells[$0]) }
        step.logProbability = generated.logProbability()
        let loss = generatorObjective.loss(step, &self)
        tape.backward(from: loss)
        optimizers.generator.step(&model.generator.parameters, gradients: pG.gradients())
        return loss.scalar
    }

    /// Whole-space distillation's term, `−mean log p(x)` over cells x drawn from the valuer's Boltzmann
    /// distribution over the benchmark's members (refreshed from the current valuer at the first
    /// step of each epoch, so a resumed run refreshes as the uninterrupted one did); `distillSamples`
    /// cells, or as many as the generator drew (`generatorDraws`). nil when off.
    mutating func distillationTerm(_ pG: BoundParameters, generatorDraws: Int) -> Variable? {
        guard configuration.distillWeight > 0, var distillation, let generator = model.generator as? any SlotCellGenerator else { return nil }
        if distillation.epoch != epochsCompleted {
            distillation.refresh(scores: model.valuerScores(distillation.cells, operationCount: benchmark.space.operations.count),
                                 temperature: configuration.distillTemperature, plateau: configuration.distillPlateau,
                                 epoch: epochsCompleted)
        }
        self.distillation = distillation
        let count = configuration.distillSamples > 0 ? configuration.distillSamples : generatorDraws
        let taught = generator.teacherForced(choices: distillation.draw(count: count, using: &random), pG)
        return taught.map { -$0.logProbability().mean() }
    }

    /// Valuer-only training on the whole training split (`valuerPretrainEpochs` epochs of shuffled
    /// batches), before the first epoch of the game. A valuer it leaves flat is drawn afresh, with a
    /// fresh optimizer, and trained again, at most `valuerRestarts` times (the run's random stream goes
    /// on). Returns the mean loss of the last epoch and how often the valuer was drawn again.
    mutating func pretrainValuer(maxStepsPerEpoch: Int? = nil) -> (loss: Double, restarts: Int) {
        var loss = pretrainValuerOnce(maxStepsPerEpoch: maxStepsPerEpoch)
        var restarts = 0
        while restarts < configuration.valuerRestarts, valuerIsFlat() {
            model.valuer = Valuer(configuration: configuration, featureCount: benchmark.space.featureCount, using: &random)
            optimizers.valuer = Self.freshOptimizer(configuration)
            restarts += 1
            loss = pretrainValuerOnce(maxStepsPerEpoch: maxStepsPerEpoch)
        }
        return (loss, restarts)
    }

    /// The optimizer every network starts with.
    static func freshOptimizer(_ c: TrainingConfiguration) -> Adam {
        Adam(learningRate: c.learningRate, weightDecay: c.weightDecay)
    }

    /// `valuerPretrainEpochs` epochs of valuer-only training; the mean loss of the last one.
    private mutating func pretrainValuerOnce(maxStepsPerEpoch: Int?) -> Double {
        let b = configuration.batchSize
        let steps = min(stepsPerEpoch, maxStepsPerEpoch ?? .max)
        var last = 0.0
        for _ in 0..<configuration.valuerPretrainEpochs {
            var order = split.training
            order.shuffle(using: &random)
            var sum = 0.0
            for s in 0..<steps {
                let batch = Array(order[(s * b)..<min((s + 1) * b, order.count)])
                let real = EncodedCells(batch.map { benchmark.classes[$0].cell }, operationCount: benchmark.space.operations.count)
                let tape = Tape()
                let pV = model.valuer.parameters.bind(to: tape)
                let out = model.valuer.outputs(real.input(on: tape), pV, using: &random)
                let loss = valuerLoss(out, classes: batch)
                tape.backward(from: loss)
                optimizers.valuer.step(&model.valuer.parameters, gradients: pV.gradients())
                sum += Double(loss.scalar)
            }
            last = sum / Double(max(steps, 1))
        }
        return last
    }

    /// The valuer's loss on its outputs for the benchmark classes `classes`: their labels, and their
    /// weights with `valuerTopWeight`.
    func valuerLoss(_ outputs: Variable, classes: [Int]) -> Variable {
        let labels = classes.map(self.labels(ofClass:))
        return model.valuer.loss(outputs, classTargets: labels.map(\.good), regressionTargets: labels.map(\.regression),
                                 weights: configuration.valuerTopWeight > 0 ? labels.map(\.weight) : nil)
    }

    /// The valuer's targets of class `k`, which must be one whose objective the run knows: a class of
    /// the training split or one the oracle revealed.
    func labels(ofClass k: Int) -> (good: Int, regression: Float, weight: Float) {
        precondition(trainingClasses.contains(k) || oracle.isRevealed(k), "class \(k)'s objective is not known to the run")
        return targets.labels(ofObjective: benchmark.classes[k].objective)
    }

    /// Whether the valuer ranks nothing: Spearman ρ below 0.05 between its scores and its targets over
    /// (at most 2,000 classes of) the training split. Deterministic: it draws no random numbers.
    func valuerIsFlat() -> Bool {
        let sample = Array(split.training.prefix(2000))
        guard sample.count >= 10 else { return false }
        let scores = model.valuerScores(sample.map { benchmark.classes[$0].cell }, operationCount: benchmark.space.operations.count)
        let rho = RankCorrelation.spearman(scores.map(Double.init), sample.map { Double(labels(ofClass: $0).regression) })
        return !(rho >= 0.05)  // a constant side gives 0
    }

    /// Trains the valuer alone, as a run does before its first epoch (`valuerPretrainEpochs` epochs
    /// over the training split, restarts included), for counterparts that use only the valuer. Returns
    /// its last epoch's mean loss.
    public mutating func trainValuerAlone(maxStepsPerEpoch: Int? = nil) -> Double {
        FloatEnvironment.applyProcessSetting()
        return pretrainValuer(maxStepsPerEpoch: maxStepsPerEpoch).loss
    }

    /// The valuer's ranking quality over the benchmark now (a diagnostic; no oracle query).
    public func valuerQuality() -> ValuerQuality {
        ValuerQuality.measure(benchmark: benchmark, split: split, seed: configuration.seed) {
            model.valuerScores($0, operationCount: benchmark.space.operations.count)
        }
    }

    /// The score-function term `−mean((R − mean R) · log p)` for a generated batch. R is, per cell,
    /// the valuer's score when the cell is in the benchmark (an existence look-up, which reveals no
    /// objective and is not counted as a query) or, with `oracleReward`, its rank target among the
    /// training split (`ValuerTargets.rankTarget`; a counted oracle query, within the budget — past it,
    /// the valuer's score); 0 for cells outside the benchmark.
    mutating func policyGradientTerm(_ generated: GeneratedCells, tape: Tape) -> Variable {
        var rewards = [Float](repeating: 0, count: generated.count)
        let cells = generated.cells
        var found = cells.indices.filter { oracle.classIndex(of: cells[$0], for: .existence) != nil }
        if configuration.oracleReward {
            found = found.filter { i in
                guard let k = oracle.classIndex(of: cells[i], for: .training) else { return true }
                rewards[i] = targets.rankTarget(ofObjective: benchmark.classes[k].objective)
                return false
            }
        }
        if !found.isEmpty {
            let encoded = EncodedCells(found.map { cells[$0] }, operationCount: benchmark.space.operations.count)
            let scoringTape = Tape(training: false)
            let out = model.valuer.outputs(encoded.input(on: scoringTape), model.valuer.parameters.constants(on: scoringTape),
                                           using: &random)
            for (i, score) in zip(found, model.valuer.scores(out)) { rewards[i] = score }
        }
        if configuration.rewardScale > 0 {
            // A score s ∈ [0, 1] reads as the percentile 100·(1 − s); the reward decays with it.
            let scale = Float(configuration.rewardScale)
            for i in rewards.indices where rewards[i] > 0 { rewards[i] = expf(-100 * (1 - rewards[i]) / scale) }
        }
        let mean = rewards.reduce(0, +) / Float(rewards.count)
        let advantage = tape.constant(Tensor(shape: [generated.count, 1], scalars: rewards.map { $0 - mean }))
        return -(generated.logProbability() * advantage).mean()
    }

    /// Adds a revealed class to the elite if it ranks among the `eliteSize` best seen.
    mutating func admitToElite(_ k: Int) {
        guard !elite.contains(k) else { return }
        precondition(oracle.isRevealed(k), "only revealed classes enter the elite")
        // Classes are sorted best first, so a smaller index is a better cell: this compares the
        // objectives of revealed classes only.
        let position = elite.firstIndex { $0 > k } ?? elite.count
        guard position < configuration.eliteSize else { return }
        elite.insert(k, at: position)
        if elite.count > configuration.eliteSize { elite.removeLast() }
    }

    /// Runs the next epoch; `progress(step, steps, losses)` is called after every step. `maxSteps`
    /// caps the steps of the epoch (and of each valuer pre-training epoch), for smoke runs.
    public mutating func runEpoch(maxSteps: Int? = nil, progress: (Int, Int, StepLosses) -> Void = { _, _, _ in }) -> EpochLog {
        let start = Date()
        FloatEnvironment.applyProcessSetting()  // subnormals slow x86-64 tenfold or more (per thread)
        let epoch = epochsCompleted
        let lambda = lambda(atEpoch: epoch)
        var order = split.training
        order.shuffle(using: &random)
        let b = configuration.batchSize
        let steps = min(stepsPerEpoch, maxSteps ?? .max)
        var pretrainSeconds: Double?
        var restartsDone = 0
        if epoch == 0, configuration.valuerPretrainEpochs > 0 {
            let pretrainStart = Date()
            restartsDone = pretrainValuer(maxStepsPerEpoch: maxSteps).restarts
            pretrainSeconds = Date().timeIntervalSince(pretrainStart)
        }
        var sums = (0.0, 0.0, 0.0)
        for s in 0..<steps {
            let batch = Array(order[(s * b)..<min((s + 1) * b, order.count)])
            let losses = step(batch: batch, lambda: lambda)
            sums.0 += Double(losses.generator); sums.1 += Double(losses.discriminator); sums.2 += Double(losses.valuer)
            progress(s + 1, steps, losses)
        }
        // The evaluation draws from its own stream, so that how many cells it draws does not change training.
        var evaluationRandom = random.split()
        let sample = generateForEvaluation(count: configuration.evaluationCount, using: &evaluationRandom)
        // A report only: training never reads these metrics (they rank against the whole table).
        var metrics = GenerationMetrics.evaluate(sample.cells, benchmark: benchmark, trainingClasses: trainingClasses).metrics
        metrics.memberShare = sample.memberShare
        let selectionScore = configuration.checkpointSelection == .oracle ? self.selectionScore(sample.cells) : nil
        epochsCompleted += 1
        if let selectionScore, epoch >= min(warmupEpochs, configuration.epochs - 1), bestTop10.map({ selectionScore > $0 }) ?? true {
            bestTop10 = selectionScore
            bestEpoch = epochsCompleted
        }
        let n = Double(max(steps, 1))
        return EpochLog(
            epoch: epochsCompleted, steps: steps, lambda: lambda,
            lossGenerator: sums.0 / n, lossDiscriminator: sums.1 / n, lossValuer: sums.2 / n, metrics: metrics,
            oracleQueries: oracle.distinctQueries, trainingQueries: oracle.trainingQueries.count,
            selectionQueries: oracle.selectionQueries.count, seconds: Date().timeIntervalSince(start),
            valuer: valuerQuality(), valuerPretrainSeconds: pretrainSeconds, valuerRestarts: restartsDone > 0 ? restartsDone : nil)
    }

    /// The checkpoint-selection score of `cells` (`--selection oracle`): the share of them whose
    /// objective, looked up through the oracle (counted, within the budget), beats every class of the
    /// training split — under the paper's protocol, the cells of the withheld top. Cells past the
    /// budget count as not beating it. Reads no objective but the looked-up cells' and the split's.
    mutating func selectionScore(_ cells: [Cell]) -> Double {
        guard !cells.isEmpty else { return 0 }
        var better = 0
        for cell in cells {
            if let k = oracle.classIndex(of: cell, for: .selection), targets.beatsTrainingSplit(benchmark.classes[k].objective) { better += 1 }
        }
        return Double(better) / Double(cells.count)
    }

    /// `count` cells from the current generator: members of the space only when the configuration asks
    /// for it (`memberShare` is then set), otherwise the raw draws.
    public func generateForEvaluation(count: Int, using random: inout SeededGenerator) -> (cells: [Cell], memberShare: Double?) {
        guard configuration.membersOnly else { return (model.generate(count: count, using: &random), nil) }
        let sample = model.generateMembers(count: count, using: &random) { membership.contains($0) }
        return (sample.cells, sample.memberShare)
    }

    /// Whether the epoch just completed set a new best (second half, by top-10 share).
    public var lastEpochIsBest: Bool { bestEpoch == epochsCompleted && epochsCompleted > 0 }
}

/// One Adam per network. `checkpointOrder` is the order of the saved state's `optimizerSteps`
/// (and of `Trainer`'s parameter stores): generator, discriminator, valuer.
struct NetworkOptimizers {
    var generator: Adam
    var discriminator: Adam
    var valuer: Adam

    /// Every network starting from the same fresh optimizer.
    init(_ fresh: Adam) { generator = fresh; discriminator = fresh; valuer = fresh }

    static var checkpointOrder: [WritableKeyPath<NetworkOptimizers, Adam>] { [\.generator, \.discriminator, \.valuer] }

    /// The three in `checkpointOrder`.
    var inCheckpointOrder: [Adam] { Self.checkpointOrder.map { self[keyPath: $0] } }
}
