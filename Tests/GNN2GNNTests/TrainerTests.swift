import Foundation
import Testing
import TestFixtures
@testable import GNN2GNN
import NASBench
import TensorCore

@Suite struct TrainerTests {
    @Test func discriminatorStepsDecreaseItsLossOnAFixedBatch() throws {
        let benchmark = try syntheticBenchmark()
        var trainer = try Trainer(configuration: smallConfiguration(), benchmark: benchmark)
        let real = EncodedCells(trainer.split.training.prefix(16).map { benchmark.classes[$0].cell }, operationCount: 3)
        var noise = SeededGenerator(seed: 5)
        let fakeCells = trainer.model.generate(count: 16, using: &noise)
        let fake = EncodedCells(fakeCells, operationCount: 3)
        func loss(_ d: Discriminator) -> Float {
            let tape = Tape(training: false)
            var r = SeededGenerator(seed: 0)
            let p = d.parameters.constants(on: tape)
            let a = d.logits(tape.constant(real.features), graph: real.graph, edgeWeights: nil, p, using: &r)
            let b = d.logits(tape.constant(fake.features), graph: fake.graph, edgeWeights: nil, p, using: &r)
            return (a.crossEntropy(targets: Array(repeating: 1, count: 16)) + b.crossEntropy(targets: Array(repeating: 0, count: 16))).scalar
        }
        let before = loss(trainer.model.discriminator)
        var adam = Adam(learningRate: 1e-2)
        for _ in 0..<30 {
            let tape = Tape(training: false)
            let p = trainer.model.discriminator.parameters.bind(to: tape)
            var r = SeededGenerator(seed: 0)
            let a = trainer.model.discriminator.logits(tape.constant(real.features), graph: real.graph, edgeWeights: nil, p, using: &r)
            let b = trainer.model.discriminator.logits(tape.constant(fake.features), graph: fake.graph, edgeWeights: nil, p, using: &r)
            tape.backward(from: a.crossEntropy(targets: Array(repeating: 1, count: 16)) + b.crossEntropy(targets: Array(repeating: 0, count: 16)))
            adam.step(&trainer.model.discriminator.parameters, gradients: p.gradients())
        }
        #expect(loss(trainer.model.discriminator) < before - 0.05)
    }

    @Test func aTrainingStepUpdatesAllThreeNetworksAndCountsQueries() throws {
        let benchmark = try syntheticBenchmark()
        var trainer = try Trainer(configuration: smallConfiguration(), benchmark: benchmark)
        let before = trainer.model.namedTensors
        let losses = trainer.step(batch: Array(trainer.split.training.prefix(8)), lambda: 0.5)
        #expect(losses.discriminator.isFinite && losses.valuer.isFinite && losses.generator.isFinite)
        let after = trainer.model.namedTensors
        for prefix in ["generator.", "discriminator.", "valuer."] {
            #expect(before.keys.filter { $0.hasPrefix(prefix) }.contains { before[$0] != after[$0] }, "\(prefix) unchanged")
        }
        // Distinct classes revealed to the valuer: at most one per labelled cell, and some when any was labelled.
        #expect(trainer.oracle.trainingQueries.count <= losses.oracleLabels)
        #expect((losses.oracleLabels > 0) == !trainer.oracle.trainingQueries.isEmpty)
    }

    @Test func sameSeedSameRunAndResumeReproducesIt() throws {
        let benchmark = try syntheticBenchmark()
        var config = smallConfiguration()
        config.epochs = 3
        let full = temporaryFolder(), resumed = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: full); try? FileManager.default.removeItem(atPath: resumed) }
        let a = try TrainingSession().run(configuration: config, benchmark: benchmark, folder: RunFolder(path: full), resume: false, finalCount: 100)
        // Interrupt after one epoch, then resume to three.
        var interrupted = TrainingSession()
        interrupted.stopAfterEpoch = 1
        #expect(throws: TrainingInterrupted.self) {
            try interrupted.run(configuration: config, benchmark: benchmark, folder: RunFolder(path: resumed), resume: false, finalCount: 10)
        }
        #expect(try RunFolder(path: resumed).readLog().count == 1)
        let b = try TrainingSession().run(configuration: config, benchmark: benchmark, folder: RunFolder(path: resumed), resume: true, finalCount: 100)
        #expect(a.log.count == 3 && b.log.count == 3)
        #expect(a.log.map(\.metrics) == b.log.map(\.metrics))
        #expect(a.log.map(\.lossGenerator) == b.log.map(\.lossGenerator))
        #expect(a.metrics == b.metrics)
        #expect(a.trainer.model.namedTensors == b.trainer.model.namedTensors)
        // Files a person and Python read.
        let folder = RunFolder(path: full)
        #expect(try folder.readLog().count == 3)
        #expect(FileManager.default.fileExists(atPath: folder.generated.path))
        let checkpoint = try SafeTensors.read(from: folder.lastCheckpoint)
        #expect(checkpoint.metadata["epoch"] == "3")
        #expect(try GeneratedCellsFile.readCells(path: folder.generated.path, space: benchmark.space).count == 100)
    }

    @Test func metricsOfKnownCells() throws {
        let benchmark = try syntheticBenchmark()
        let best = benchmark.classes[0].cell
        let other = benchmark.classes[benchmark.classes.count - 1].cell
        // Input and output are not connected: no pruning can make this valid.
        let invalid = Cell(adjacency: [[0, 1, 0], [0, 0, 0], [0, 0, 0]], labels: [Cell.inputLabel, 0, Cell.outputLabel])
        let cells = [best, best, other, invalid]
        let m = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: [benchmark.classes.count - 1]).metrics
        #expect(m.count == 4)
        #expect(m.validity == 0.75)
        #expect(abs(m.uniqueness - 1.0 / 3) < 1e-9)      // only `other` appears once among 3 valid cells
        #expect(abs(m.novelty - 2.0 / 3) < 1e-9)         // `best` twice is novel, `other` is in training
        #expect(m.top5 == 0.5 && m.top100 == 0.75)
        #expect(m.bestObjective == benchmark.classes[0].objective)
        #expect(m.distinctValid == 2)
    }
}

@Suite struct ConfigurationTests {
    @Test func roundTripsAndFillsMissingSettingsWithDefaults() throws {
        var c = TrainingConfiguration()
        c.dataPath = "x.csv"; c.dataset = "cifar10"; c.lambda = 0.5; c.edgeGradients = true
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(c))
        #expect(decoded == c)
        let old = try JSONDecoder().decode(TrainingConfiguration.self, from: Data(#"{"space": "nb201", "epochs": 3}"#.utf8))
        var expected = TrainingConfiguration()
        expected.space = "nb201"; expected.epochs = 3
        #expect(old == expected)
    }
}

@Suite struct EliteReplayTests {
    @Test func eliteKeepsTheBestDistinctClassesFound() throws {
        var config = smallConfiguration()
        config.eliteSize = 3
        var trainer = try Trainer(configuration: config, benchmark: try syntheticBenchmark())
        // Only classes the oracle revealed may enter, so each is looked up first (as feedback does).
        for k in [9, 4, 12, 4, 1, 30, 2] {
            #expect(trainer.oracle.classIndex(of: trainer.benchmark.classes[k].cell, for: .training) == k)
            trainer.admitToElite(k)
        }
        #expect(trainer.elite == [1, 2, 4])   // classes are sorted best first
        // Training with feedback on keeps the elite the best revealed classes, best first, within its size.
        _ = trainer.step(batch: Array(trainer.split.training.prefix(8)), lambda: 1)
        #expect(trainer.elite.count == 3)
        #expect(trainer.elite == trainer.elite.sorted())
        #expect(trainer.elite.allSatisfy { trainer.oracle.isRevealed($0) })
        #expect(trainer.elite.last! <= 4, "a later admission can only improve on the elite")
    }
}
