import Foundation
import Testing
@testable import GNN2GNN
import TestFixtures
import TensorCore

/// The generator's objective as terms (`GeneratorObjective`): which terms a configuration gets, and
/// what each term contributes on a real draw.
@Suite struct GeneratorObjectiveTests {
    static func names(_ terms: [Any]) -> [String] { terms.map { "\(type(of: $0))" } }

    @Test func thePaperIsTheAdversarialAndTheValuerTerm() {
        let paper = GeneratorObjective(.paper, exactLikelihood: false)
        #expect(Self.names(paper.losses) == ["AdversarialTerm", "ValuerTerm"] && paper.rewards.isEmpty)
        var extra = TrainingConfiguration.paper
        extra.entropyWeight = 0.1
        extra.policyGradientWeight = 1
        #expect(Self.names(GeneratorObjective(extra, exactLikelihood: false).losses)
                == ["AdversarialTerm", "EntropyBonus", "ValuerTerm", "PolicyGradientTerm"])
    }

    @Test func slotGeneratorsAreTrainedByRewardsAndTheScoreFunction() {
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.distillWeight = 0
        let autoregressive = GeneratorObjective(c, exactLikelihood: true)
        #expect(Self.names(autoregressive.rewards) == ["ValuerReward", "RealnessReward", "LikelihoodEntropyReward"])
        #expect(Self.names(autoregressive.losses) == ["ScoreFunctionTerm"])
        c.distillWeight = 1
        #expect(Self.names(GeneratorObjective(c, exactLikelihood: true).losses) == ["ScoreFunctionTerm", "DistillationTerm"])
        c.distillWeight = 0
        c.generatorKind = .slots
        let slots = GeneratorObjective(c, exactLikelihood: false)
        #expect(Self.names(slots.rewards) == ["ValuerReward", "RealnessReward"] && Self.names(slots.losses) == ["ScoreFunctionTerm", "EntropyBonus"])
    }

    /// A trainer on the synthetic NB201 benchmark and one taped draw of its autoregressive generator.
    static func slotStep(lambda: Float, _ configure: (inout TrainingConfiguration) -> Void = { _ in }) throws -> (Trainer, GeneratorStep) {
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.hiddenSize = 16
        c.valuerPretrainEpochs = 0
        configure(&c)
        var trainer = try Trainer(configuration: c, benchmark: try syntheticNB201Benchmark())
        let tape = Tape()
        let pG = trainer.model.generator.parameters.bind(to: tape)
        let generated = trainer.model.generator.sample(count: 24, pG, using: &trainer.random)
        var step = GeneratorStep(tape: tape, parameters: pG, generated: generated, lambda: lambda)
        step.members = generated.cells.indices.filter { trainer.oracle.classIndex(of: generated.cells[$0], for: .existence) != nil }
        step.logProbability = generated.logProbability()
        return (trainer, step)
    }

    /// A trainer on the synthetic benchmark (paper settings) and one taped draw of its GNN generator.
    static func gnnStep(lambda: Float) throws -> (Trainer, GeneratorStep) {
        var trainer = try Trainer(configuration: smallConfiguration(), benchmark: try syntheticBenchmark())
        let tape = Tape()
        let pG = trainer.model.generator.parameters.bind(to: tape)
        let generated = trainer.model.generator.sample(count: 16, pG, using: &trainer.random)
        return (trainer, GeneratorStep(tape: tape, parameters: pG, generated: generated, lambda: lambda))
    }

    @Test func theAdversarialTermIsWeightedByLambda() throws {
        var (trainer, step) = try Self.gnnStep(lambda: 0)
        #expect(try #require(AdversarialTerm().loss(step, &trainer)).scalar == 0)
        (trainer, step) = try Self.gnnStep(lambda: 1)
        let full = try #require(AdversarialTerm().loss(step, &trainer)).scalar
        #expect(full > 0 && full.isFinite)  // a cross-entropy against "real"
    }

    @Test func theValuerTermIsOffWhileLambdaIsOne() throws {
        var (trainer, step) = try Self.gnnStep(lambda: 1)
        #expect(ValuerTerm(overAllValid: false).loss(step, &trainer) == nil)
        (trainer, step) = try Self.gnnStep(lambda: 0.5)
        let term = try #require(ValuerTerm(overAllValid: true).loss(step, &trainer))
        #expect(term.scalar > 0 && term.scalar.isFinite)
    }

    @Test func theEntropyBonusIsMinusWeightTimesTheEntropy() throws {
        var (trainer, step) = try Self.gnnStep(lambda: 1)
        let entropy = step.generated.choiceEntropy().scalar
        let term = try #require(EntropyBonus(weight: 0.5).loss(step, &trainer)).scalar
        #expect(entropy > 0 && abs(term + 0.5 * entropy) < 1e-6)
    }

    @Test func thePolicyGradientTermIsFiniteAndWeighted() throws {
        var (trainer, step) = try Self.gnnStep(lambda: 1)
        var copy = trainer
        let one = try #require(PolicyGradientTerm(weight: 1).loss(step, &trainer)).scalar
        let three = try #require(PolicyGradientTerm(weight: 3).loss(step, &copy)).scalar
        #expect(one.isFinite && abs(three - 3 * one) <= 1e-5 * max(1, abs(three)))
    }

    @Test func theValuerRewardScoresMembersOnly() throws {
        var (trainer, step) = try Self.slotStep(lambda: 0.25)
        var rewards = [Float](repeating: 0, count: step.generated.count)
        ValuerReward().add(to: &rewards, step, &trainer)
        let members = Set(step.members)
        #expect(!members.isEmpty)
        let scores = trainer.model.valuerScores(step.members.map { step.generated.cells[$0] }, operationCount: trainer.benchmark.space.operations.count)
        for (j, i) in step.members.enumerated() { #expect(abs(rewards[i] - 0.75 * scores[j]) < 1e-6) }
        for i in rewards.indices where !members.contains(i) { #expect(rewards[i] == 0) }
    }

    @Test func theRealnessRewardIsAProbabilityWeightedByLambda() throws {
        var (trainer, step) = try Self.slotStep(lambda: 0)
        var rewards = [Float](repeating: 0, count: step.generated.count)
        RealnessReward().add(to: &rewards, step, &trainer)
        #expect(rewards.allSatisfy { $0 == 0 })
        (trainer, step) = try Self.slotStep(lambda: 1)
        RealnessReward().add(to: &rewards, step, &trainer)
        for i in step.members { #expect(rewards[i] > 0 && rewards[i] < 1) }
    }

    @Test func theLikelihoodEntropyRewardIsMinusWeightTimesLogP() throws {
        var (trainer, step) = try Self.slotStep(lambda: 0)
        var rewards = [Float](repeating: 1, count: step.generated.count)
        LikelihoodEntropyReward(weight: 0.1).add(to: &rewards, step, &trainer)
        let logP = try #require(step.logProbability).value
        for i in rewards.indices { #expect(abs(rewards[i] - (1 - 0.1 * logP[i, 0])) < 1e-5) }
        #expect(rewards.allSatisfy { $0 > 1 })  // log p < 0
    }

    @Test func theScoreFunctionTermVanishesForEqualRewards() throws {
        var (trainer, step) = try Self.slotStep(lambda: 0)
        step.rewards = [Float](repeating: 0.5, count: step.generated.count)
        #expect(try #require(ScoreFunctionTerm().loss(step, &trainer)).scalar == 0)
        // Rewarding the likelier half lowers the loss below zero: −mean(A · log p) with A ∝ log p.
        let logP = try #require(step.logProbability).value
        let median = (0..<step.generated.count).map { logP[$0, 0] }.sorted()[step.generated.count / 2]
        step.rewards = (0..<step.generated.count).map { logP[$0, 0] >= median ? 1 : 0 }
        #expect(try #require(ScoreFunctionTerm().loss(step, &trainer)).scalar < 0)
    }

    @Test func theDistillationTermIsTheWeightedNegativeLogLikelihoodOfTaughtCells() throws {
        var (trainer, step) = try Self.slotStep(lambda: 0) { $0.distillWeight = 2 }
        let term = try #require(DistillationTerm(weight: 2).loss(step, &trainer)).scalar
        #expect(term > 0 && term.isFinite)  // −log p > 0
        (trainer, step) = try Self.slotStep(lambda: 0) { $0.distillWeight = 0 }
        #expect(DistillationTerm(weight: 2).loss(step, &trainer) == nil)  // off: no sampler
    }
}
