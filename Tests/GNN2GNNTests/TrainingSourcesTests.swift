import Foundation
import Testing
@testable import GNN2GNN
import TestFixtures
import TensorCore

/// The discriminator's real-batch sources and the valuer's label sources.
@Suite struct TrainingSourcesTests {
    @Test func theConfigurationChoosesTheSources() throws {
        let paper = try Trainer(configuration: smallConfiguration(), benchmark: try syntheticBenchmark())
        #expect(paper.realBatchSources.isEmpty)
        #expect(paper.valuerLabelSources.map { "\(type(of: $0))" } == ["TrainingSplitLabels", "OracleFeedbackLabels"])
        var c = smallConfiguration()
        c.discriminatorRealTop = 20
        c.eliteSize = 4
        c.oracleFeedback = false
        let beyond = try Trainer(configuration: c, benchmark: try syntheticBenchmark())
        #expect(beyond.realBatchSources.map { "\(type(of: $0))" } == ["TopOfSplitBatch", "EliteReplay"])
        #expect(beyond.valuerLabelSources.map { "\(type(of: $0))" } == ["TrainingSplitLabels"])
    }

    @Test func theTopOfTheSplitDrawsOnlyFromItsPool() throws {
        var trainer = try Trainer(configuration: smallConfiguration(), benchmark: try syntheticBenchmark())
        let pool = Array(trainer.split.training.sorted().prefix(5))
        let batch = TopOfSplitBatch(pool: pool).realBatch(Array(trainer.split.training.prefix(40)), &trainer)
        #expect(batch.count == 40 && Set(batch).isSubset(of: Set(pool)) && Set(batch).count > 1)
    }

    @Test func eliteReplayReplacesItsShareOnceThereIsAnElite() throws {
        var trainer = try Trainer(configuration: smallConfiguration(), benchmark: try syntheticBenchmark())
        let batch = Array(trainer.split.training.prefix(10))
        #expect(EliteReplay(share: 0.5).realBatch(batch, &trainer) == batch)  // no elite yet
        trainer.elite = [0, 1]
        let replayed = EliteReplay(share: 0.5).realBatch(batch, &trainer)
        #expect(replayed[..<5].allSatisfy { $0 == 0 || $0 == 1 } && Array(replayed[5...]) == Array(batch[5...]))
    }

    static func valuerStep(_ trainer: inout Trainer) -> ValuerStep {
        let tape = Tape()
        let batch = Array(trainer.split.training.prefix(8))
        let real = EncodedCells(batch.map { trainer.benchmark.classes[$0].cell }, operationCount: trainer.benchmark.space.operations.count)
        return ValuerStep(tape: tape, parameters: trainer.model.valuer.parameters.bind(to: tape), batch: batch, real: real)
    }

    @Test func theTrainingSplitLabelsCountNoLookUps() throws {
        var trainer = try Trainer(configuration: smallConfiguration(), benchmark: try syntheticBenchmark())
        let step = Self.valuerStep(&trainer)
        let part = try #require(TrainingSplitLabels().loss(step, &trainer))
        #expect(part.loss.scalar > 0 && part.loss.scalar.isFinite && part.oracleLabels == 0)
    }

    @Test func oracleFeedbackCountsItsLookUpsWithinTheBudget() throws {
        var c = smallConfiguration()
        c.queryBudget = .limit(3)
        var trainer = try Trainer(configuration: c, benchmark: try syntheticBenchmark())
        var labels = 0
        for _ in 0..<20 {
            let step = Self.valuerStep(&trainer)
            labels += OracleFeedbackLabels(penalizeAbsent: false).loss(step, &trainer)?.oracleLabels ?? 0
        }
        #expect(labels > 0 && trainer.oracle.trainingQueries.count <= 3)
        // With the absent-cell penalty, valid cells outside the benchmark are labelled too (the toy
        // benchmark holds few of its space's valid cells), so some step has labels without look-ups.
        var penalized = false
        for _ in 0..<20 {
            let step = Self.valuerStep(&trainer)
            if let part = OracleFeedbackLabels(penalizeAbsent: true).loss(step, &trainer), part.oracleLabels < step.batch.count {
                penalized = true
            }
        }
        #expect(penalized)
    }
}
