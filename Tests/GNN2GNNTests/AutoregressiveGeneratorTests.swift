import Foundation
import Testing
@testable import GNN2GNN
import TestFixtures
import NASBench
import TensorCore

@Suite struct AutoregressiveGeneratorTests {
    @Test func eachSlotIsDrawnGivenTheEarlierOnesAndLogProbabilityIsExact() throws {
        let space = NASBench101Space()
        var random = SeededGenerator(seed: 8)
        let generator = AutoregressiveSlotGenerator(space: space, hiddenSize: 16, logitBound: 5, using: &random)
        let tape = Tape()
        let n = 12, s = space.slotCount, k = space.maxSlotOptionCount
        let sample = generator.sample(count: n, generator.parameters.bind(to: tape), using: &random)
        let logits = sample.operationLogits.value, choices = sample.operations.value
        let logP = sample.logProbability().value.scalars
        for c in 0..<n {
            let chosen = chosenOptions(choices, cell: c, slots: s)
            // Edge slots never draw the masked third column.
            #expect(chosen.dropFirst(5).allSatisfy { $0 < 2 })
            var expected: Float = 0
            for t in 0..<s {
                // The conditional of slot t recomputed from the prefix alone, on a fresh tape.
                var prefix = [Float](repeating: 0, count: s * k)
                for u in 0..<t { prefix[u * k + chosen[u]] = 1 }
                let fresh = Tape(training: false)
                let alone = generator.logits(prefixes: fresh.constant(Tensor(shape: [1, s * k], scalars: prefix)), slots: [t],
                                             generator.parameters.constants(on: fresh)).value
                for o in 0..<k { #expect(abs(alone[0, o] - logits[c * s + t, o]) < 1e-4) }
                expected += logSoftmax(alone, at: chosen[t])
            }
            #expect(abs(logP[c] - expected) < 1e-3)
            #expect(sample.cells[c] == (space.cell(fromSlotChoices: chosen) ?? SlotGenerator.noCell))
        }
        // The same seed draws the same cells.
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        #expect(generator.sample(count: 20, generator.parameters.bind(to: Tape()), using: &a).cells
                == generator.sample(count: 20, generator.parameters.bind(to: Tape()), using: &b).cells)
    }

    /// The default (autoregressive) is covered by `ValuerFirstTrainingTests`; the slot generator stays an option.
    /// The forward-only sampler (the discriminator's and valuer's cells) skips the teacher-forced
    /// pass: the same cells and random draws as the taped sampler, logits equal to its own.
    @Test func sampleWithoutGradientsDrawsTheSameCellsWithoutTheTapedPass() throws {
        let space = NASBench101Space()
        var random = SeededGenerator(seed: 3)
        let generator = AutoregressiveSlotGenerator(space: space, hiddenSize: 16, logitBound: 5, using: &random)
        var a = random, b = random
        let tape = Tape()
        let taped = generator.sample(count: 40, generator.parameters.bind(to: tape), using: &a)
        let plain = generator.sampleWithoutGradients(count: 40, on: Tape(training: false), using: &b)
        #expect(plain.cells == taped.cells && a == b)
        let (x, y) = (plain.operationLogits.value.scalars, taped.operationLogits.value.scalars)
        #expect(x.count == y.count && zip(x, y).allSatisfy { abs($0 - $1) <= 1e-5 * max(1, abs($1)) })
    }

    @Test func theSlotGeneratorStillLearnsToGenerateTopCells() throws {
        let (log, c) = try ValuerFirstTrainingTests.smallNB201Run {
            $0.switchGenerator(to: .slots)
            $0.entropyWeight = 0.03
        }
        #expect(log.metrics.top10 > 0.25, "top-10 share \(log.metrics.top10)")
        #expect(c.queryBudget.admits(log.oracleQueries))
    }

    @Test func itNeedsASpaceWithAFixedStructure() throws {
        var c = smallConfiguration()
        c.generatorKind = .autoregressive
        c.valuerMode = .rank
        #expect(throws: ConfigurationError.self) { try Trainer(configuration: c, benchmark: try syntheticBenchmark()) }
    }
}
