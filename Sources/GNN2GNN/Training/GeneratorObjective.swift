import Foundation
import NASBench
import TensorCore

/// What the generator's objective terms see in one step: the cells drawn on the step's tape, λ, and
/// for the slot generators' score-function step the cells' log-probabilities, which cells are
/// benchmark members and the per-cell rewards summed so far.
struct GeneratorStep {
    let tape: Tape
    let parameters: BoundParameters
    let generated: GeneratedCells
    let lambda: Float
    /// log p of each drawn cell, `[count, 1]` (score-function step only).
    var logProbability: Variable?
    /// Indices of the drawn cells the benchmark holds (existence look-ups; score-function step only).
    var members: [Int] = []
    /// Per-cell reward, the sum of the objective's reward terms (score-function step only).
    var rewards: [Float] = []
}

/// A term of the generator's loss. `Trainer` adds the contributions of `GeneratorObjective.losses`
/// in their order; nil adds nothing this step.
protocol GeneratorLossTerm: Sendable {
    func loss(_ step: GeneratorStep, _ trainer: inout Trainer) -> Variable?
}

/// A term of the score-function step's per-cell reward, added into `step.rewards` before the losses.
protocol GeneratorRewardTerm: Sendable {
    func add(to rewards: inout [Float], _ step: GeneratorStep, _ trainer: inout Trainer)
}

/// The generator's objective as a list of terms, built from a configuration. The paper's is
/// `AdversarialTerm` and `ValuerTerm`; every other term is an option beyond it. Adding a term is one
/// type here and one line in `init(_:exactLikelihood:)`.
struct GeneratorObjective: Sendable {
    /// Reward terms of the score-function step (empty for the GNN and MolGAN generators).
    let rewards: [any GeneratorRewardTerm]
    /// Loss terms, summed in this order.
    let losses: [any GeneratorLossTerm]

    /// `exactLikelihood`: the generator gives each whole cell its exact log-probability (the
    /// autoregressive and RNN generators), so the entropy bonus enters the reward as −T·log p.
    init(_ c: TrainingConfiguration, exactLikelihood: Bool) {
        var rewards: [any GeneratorRewardTerm] = []
        var losses: [any GeneratorLossTerm] = []
        if c.generatorKind.usesSlots {
            rewards.append(ValuerReward())
            rewards.append(RealnessReward())
            if exactLikelihood, c.entropyWeight > 0 { rewards.append(LikelihoodEntropyReward(weight: c.entropyWeight)) }
            losses.append(ScoreFunctionTerm())
            if !exactLikelihood, c.entropyWeight > 0 { losses.append(EntropyBonus(weight: c.entropyWeight)) }
            if c.distillWeight > 0 { losses.append(DistillationTerm(weight: c.distillWeight)) }
        } else {
            losses.append(AdversarialTerm())
            if c.entropyWeight > 0 { losses.append(EntropyBonus(weight: c.entropyWeight)) }
            losses.append(ValuerTerm(overAllValid: c.valuerOverAllValid))
            if c.policyGradientWeight > 0 { losses.append(PolicyGradientTerm(weight: c.policyGradientWeight)) }
        }
        self.rewards = rewards
        self.losses = losses
    }

    /// The loss of `step`: its reward terms summed into `step.rewards`, then its loss terms added.
    func loss(_ step: GeneratorStep, _ trainer: inout Trainer) -> Variable {
        var step = step
        if !rewards.isEmpty {
            var summed = [Float](repeating: 0, count: step.generated.count)
            for term in rewards { term.add(to: &summed, step, &trainer) }
            step.rewards = summed
        }
        var total: Variable?
        for term in losses {
            guard let contribution = term.loss(step, &trainer) else { continue }
            total = total.map { $0 + contribution } ?? contribution
        }
        guard let total else { preconditionFailure("a generator objective has a term that always contributes") }
        return total
    }
}

// MARK: - The paper's terms (METHOD.md §5)

/// λ · cross-entropy of the discriminator's verdict on the drawn cells against "real".
struct AdversarialTerm: GeneratorLossTerm {
    func loss(_ step: GeneratorStep, _ trainer: inout Trainer) -> Variable? {
        let pD = trainer.model.discriminator.parameters.constants(on: step.tape)
        let encoded = step.generated.encoded(edgeGradients: trainer.configuration.edgeGradients)
        let adversarial = trainer.model.discriminator.logits(encoded, pD, using: &trainer.random)
            .crossEntropy(targets: Array(repeating: 1, count: step.generated.count))
        return adversarial * step.lambda
    }
}

/// (1 − λ) · the valuer's loss on the drawn members of the benchmark (or, with `overAllValid`, every
/// valid drawn cell) against "good"; nothing while λ = 1.
struct ValuerTerm: GeneratorLossTerm {
    let overAllValid: Bool

    func loss(_ step: GeneratorStep, _ trainer: inout Trainer) -> Variable? {
        guard step.lambda < 1 else { return nil }
        let space = trainer.benchmark.space
        var chosen: [Int] = []
        for (i, cell) in step.generated.cells.enumerated() {
            let keep = overAllValid ? space.isValid(cell) : trainer.oracle.classIndex(of: cell, for: .existence) != nil
            if keep { chosen.append(i) }
        }
        guard !chosen.isEmpty else { return nil }
        let pV = trainer.model.valuer.parameters.constants(on: step.tape)
        let encoded = step.generated.encoded(edgeGradients: trainer.configuration.edgeGradients, indices: chosen)
        let out = trainer.model.valuer.outputs(encoded, pV, using: &trainer.random)
        let valuerLoss = trainer.model.valuer.loss(out, classTargets: Array(repeating: 1, count: chosen.count),
                                                   regressionTargets: Array(repeating: 1, count: chosen.count))
        return valuerLoss * (1 - step.lambda)
    }
}

// MARK: - Terms beyond the paper

/// −weight · the entropy of the generator's choices (`GeneratedCells.choiceEntropy`): a bonus for
/// spreading its draws.
struct EntropyBonus: GeneratorLossTerm {
    let weight: Float

    func loss(_ step: GeneratorStep, _ trainer: inout Trainer) -> Variable? {
        step.generated.choiceEntropy() * -weight
    }
}

/// weight · the score-function (REINFORCE) estimate rewarded by the valuer or the benchmark
/// (`Trainer.policyGradientTerm`), for the GNN generator (it needs bounded logits; MolGAN's are not).
struct PolicyGradientTerm: GeneratorLossTerm {
    let weight: Float

    func loss(_ step: GeneratorStep, _ trainer: inout Trainer) -> Variable? {
        trainer.policyGradientTerm(step.generated, tape: step.tape) * weight
    }
}

/// `−mean((R − mean R) · log p)`: the score-function estimate of −∇E[R] for the slot generators,
/// whose draws get no straight-through gradient. R is the sum of the reward terms.
struct ScoreFunctionTerm: GeneratorLossTerm {
    func loss(_ step: GeneratorStep, _ trainer: inout Trainer) -> Variable? {
        guard let logP = step.logProbability else { preconditionFailure("the score-function term needs the draw's log-probabilities") }
        let n = step.rewards.count
        let mean = step.rewards.reduce(0, +) / Float(max(n, 1))
        let advantage = step.tape.constant(Tensor(shape: [n, 1], scalars: step.rewards.map { $0 - mean }))
        return -(logP * advantage).mean()
    }
}

/// (1 − λ) · the valuer's score of each drawn member (0 for the rest).
struct ValuerReward: GeneratorRewardTerm {
    func add(to rewards: inout [Float], _ step: GeneratorStep, _ trainer: inout Trainer) {
        guard !step.members.isEmpty else { return }
        let cells = step.members.map { step.generated.cells[$0] }
        let values = trainer.model.valuerScores(cells, operationCount: trainer.benchmark.space.operations.count)
        for (j, i) in step.members.enumerated() { rewards[i] += (1 - step.lambda) * values[j] }
    }
}

/// λ · the discriminator's probability that each drawn member is real (0 for the rest): the
/// discriminator as a prior that keeps the draws near the training distribution.
struct RealnessReward: GeneratorRewardTerm {
    func add(to rewards: inout [Float], _ step: GeneratorStep, _ trainer: inout Trainer) {
        guard step.lambda > 0, !step.members.isEmpty else { return }
        let scoring = Tape(training: false)
        let cells = step.members.map { step.generated.cells[$0] }
        let encoded = EncodedCells(cells, operationCount: trainer.benchmark.space.operations.count)
        let discriminator = trainer.model.discriminator
        let logits = discriminator.logits(encoded.input(on: scoring), discriminator.parameters.constants(on: scoring),
                                          using: &trainer.random).value
        for (j, i) in step.members.enumerated() { rewards[i] += step.lambda * (1 / (1 + expf(logits[j, 0] - logits[j, 1]))) }
    }
}

/// −weight · log p(x) in every cell's reward: the exact entropy of whole cells for generators with
/// an exact likelihood, ∇(E[R] + T·H) = E[(R − T·log p − b) ∇log p]. Its optimum with the valuer
/// reward is the Boltzmann distribution ∝ exp(V / T).
struct LikelihoodEntropyReward: GeneratorRewardTerm {
    let weight: Float

    func add(to rewards: inout [Float], _ step: GeneratorStep, _ trainer: inout Trainer) {
        guard let logP = step.logProbability?.value else { return }
        for i in rewards.indices { rewards[i] -= weight * logP[i, 0] }
    }
}

/// weight · whole-space distillation (`Trainer.distillationTerm`): −mean log p of cells drawn from
/// the current valuer's Boltzmann distribution over every benchmark member.
struct DistillationTerm: GeneratorLossTerm {
    let weight: Float

    func loss(_ step: GeneratorStep, _ trainer: inout Trainer) -> Variable? {
        trainer.distillationTerm(step.parameters, generatorDraws: step.generated.count).map { $0 * weight }
    }
}
