import Foundation
import Testing
@testable import GNN2GNN
@testable import NASBench
import TestFixtures
import TensorCore

/// Whole-space distillation (`--distill-weight`): cells written as slots, teacher forcing, the rank
/// Boltzmann sampler and a run that uses them.
@Suite struct DistillationTests {
    @Test func everyNASBench201ClassIsWrittenInSlotsAndReadBack() throws {
        let benchmark = try syntheticNB201Benchmark()
        let space = try #require(benchmark.space as? NASBench201Space)
        for architecture in benchmark.classes {
            let choices = try #require(space.slotChoices(of: architecture.cell))
            let back = try #require(space.cell(fromSlotChoices: choices))
            #expect(space.canonicalHash(of: back) == space.canonicalHash(of: architecture.cell))
        }
    }

    /// Property: a NAS-Bench-101 cell drawn from random slots, written back as slots, is the same cell.
    @Test func nasBench101CellsRoundTripThroughSlots() throws {
        let space = NASBench101Space()
        var random = SeededGenerator(seed: 21)
        var checked = 0
        for _ in 0..<3000 {
            let choices = (0..<space.slotCount).map { $0 < 5 ? random.int(below: 3) : (random.nextFloat() < 0.3 ? 1 : 0) }
            guard let cell = space.cell(fromSlotChoices: choices) else { continue }
            let written = try #require(space.slotChoices(of: cell))
            let back = try #require(space.cell(fromSlotChoices: written))
            #expect(back == cell)
            checked += 1
        }
        #expect(checked > 200)
        // A backward edge cannot be written.
        let backward = Cell(nodeCount: 3, adjacency: [false, false, true, true, false, false, false, true, false], labels: [Cell.inputLabel, 0, Cell.outputLabel])
        #expect(space.slotChoices(of: backward) == nil)
    }

    @Test func teacherForcingGivesTheSampledCellsTheirSampledLogProbability() {
        let space = NASBench101Space()
        var random = SeededGenerator(seed: 8)
        let generators: [any SlotCellGenerator] = [
            AutoregressiveSlotGenerator(space: space, hiddenSize: 12, logitBound: 5, using: &random),
            RecurrentSlotGenerator(space: space, hiddenSize: 12, logitBound: 5, using: &random),
        ]
        for generator in generators {
            let tape = Tape()
            let sample = generator.sample(count: 7, generator.parameters.bind(to: tape), using: &random)
            let choices = (0..<7).map { chosenOptions(sample.operations.value, cell: $0, slots: space.slotCount) }
            let forced = generator.teacherForced(choices: choices, generator.parameters.bind(to: Tape()))!
            #expect(forced.cells == sample.cells)
            for (a, b) in zip(forced.logProbability().value.scalars, sample.logProbability().value.scalars) {
                #expect(abs(a - b) < 1e-4)
            }
        }
        let slots = SlotGenerator(space: NASBench201Space(), hiddenSize: 8, layers: 1, temperature: 1, logitBound: 5, using: &random)
        #expect(slots.teacherForced(choices: [[0, 0, 0, 0, 0, 0]], slots.parameters.bind(to: Tape())) == nil)
    }

    @Test func theSamplerFollowsExpOfMinusRankOverT() {
        // 1,000 classes scored in reverse index order: rank r is class 999 − r.
        let scores = (0..<1000).map { Float($0) }
        var random = SeededGenerator(seed: 2)
        func counts(_ t: Double) -> [Int] {
            let sampler = RankBoltzmannSampler(scores: scores, temperature: t)
            var counts = [Int](repeating: 0, count: 1000)
            for _ in 0..<40_000 { counts[999 - sampler.draw(using: &random)] += 1 }
            return counts
        }
        let sharp = counts(1), broad = counts(10)
        // T = 1%: ranks 0–9 (the first 1%) hold 1 − e⁻¹ ≈ 63% of the mass.
        let sharpTop: Int = sharp.prefix(10).reduce(0, +)
        let broadTop: Int = broad.prefix(10).reduce(0, +)
        let sharpTail: Int = sharp.suffix(500).reduce(0, +)
        let first = Double(sharpTop) / 40_000
        #expect(abs(first - 0.632) < 0.02, "\(first)")
        #expect(broadTop < sharpTop / 4)
        #expect(sharpTail == 0)
    }

    @Test func aDistilledRunGeneratesTopCellsAndTheWeightZeroRunIsUnchanged() throws {
        let (plain, _) = try ValuerFirstTrainingTests.smallNB201Run { $0.distillWeight = 0 }
        let (off, _) = try ValuerFirstTrainingTests.smallNB201Run { $0.distillWeight = 0; $0.distillTemperature = 7 }
        #expect(off.metrics.top10 == plain.metrics.top10 && off.lossGenerator == plain.lossGenerator)
        let (log, c) = try ValuerFirstTrainingTests.smallNB201Run { $0.distillWeight = 1 }
        #expect(log.metrics.top10 > 0.25, "top-10 share \(log.metrics.top10)")
        #expect(log.lossGenerator != plain.lossGenerator)
        #expect(c.queryBudget.admits(log.oracleQueries))
        // The default distils (W = 1, T = 2) on NB201 and NB101, not on other spaces or in the paper preset.
        for space in ["nb201", "nb101"] { #expect(TrainingConfiguration.recommended(space: space).distillWeight == 1) }
        #expect(TrainingConfiguration.recommended(space: "nbgraph").distillWeight == 0)
        #expect(TrainingConfiguration.paper.distillWeight == 0)
    }

    @Test func aPlateauDrawsTheBestRanksUniformly() {
        let scores = (0..<1000).map { Float($0) }
        let sampler = RankBoltzmannSampler(scores: scores, temperature: 1, plateau: 5)
        var random = SeededGenerator(seed: 4)
        var counts = [Int](repeating: 0, count: 1000)
        for _ in 0..<50_000 { counts[999 - sampler.draw(using: &random)] += 1 }
        // Ranks 0–49 (the plateau) carry weight 1 each, rank r ≥ 50 exp(−(r − 50)/10) (r% − 5 with T = 1): the tail sums to
        // about 1/(1 − e^−0.1) ≈ 10.5, so the plateau holds 50 / 60.5 ≈ 83%.
        let plateau = counts.prefix(50)
        let share = Double(plateau.reduce(0, +)) / 50_000
        let expected = 50 / (50 + 1 / (1 - exp(-0.1)))
        #expect(abs(share - expected) < 0.02, "\(share) vs \(expected)")
        // Uniform inside the plateau: its first and second halves within a few percent of each other.
        let first = plateau.prefix(25).reduce(0, +), second = plateau.suffix(25).reduce(0, +)
        #expect(abs(Double(first - second)) < 0.08 * Double(first + second), "\(first) vs \(second)")
        // No plateau: the same as the plain sampler.
        let plain = RankBoltzmannSampler(scores: scores, temperature: 1), zero = RankBoltzmannSampler(scores: scores, temperature: 1, plateau: 0)
        var a = SeededGenerator(seed: 9), b = a
        #expect((0..<100).map { _ in plain.draw(using: &a) } == (0..<100).map { _ in zero.draw(using: &b) })
    }

    /// `--generator X` on top of a preset: every kind the space allows gives a valid configuration, and
    /// the preset's distillation survives only where the kind can use it.
    @Test func switchingTheGeneratorOfAPresetGivesAValidConfiguration() throws {
        for space in ["nb201", "nb101", "nbgraph"] {
            for preset in ["default", "paper"] {
                for kind in GeneratorKind.allCases where kind.usesSlots ? space != "nbgraph" : true {
                    var c = try TrainingConfiguration.preset(preset, space: space)
                    let distilled = c.distillWeight
                    c.switchGenerator(to: kind)
                    if c.generatorKind.usesSlots, c.valuerMode == .classification, c.entropyWeight == 0 { continue }  // needs a score valuer either way
                    #expect(throws: Never.self, "\(space) \(preset) \(kind)") { try c.validate() }
                    #expect(c.distillWeight == (kind.hasExactLikelihood ? distilled : 0))
                }
            }
        }
    }

    @Test func distillationNeedsAnExactLikelihood() throws {
        var c = TrainingConfiguration.recommended(space: "nb201")
        c.distillWeight = 1
        try c.validate()
        c.generatorKind = .slots
        #expect(throws: ConfigurationError.self) { try c.validate() }
        c.generatorKind = .rnn
        c.distillTemperature = 0
        #expect(throws: ConfigurationError.self) { try c.validate() }
        c.distillTemperature = 2
        c.distillPlateau = 100
        #expect(throws: ConfigurationError.self) { try c.validate() }
        c.distillPlateau = 5
        try c.validate()
        c.distillWeight = 0
        #expect(throws: ConfigurationError.self) { try c.validate() }
    }
}
