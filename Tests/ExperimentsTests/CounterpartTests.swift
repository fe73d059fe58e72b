import Foundation
import Testing
import TestFixtures
@testable import Experiments
@testable import GNN2GNN
import NASBench
import TensorCore

@Suite struct CounterpartTests {
    @Test func randomGeneratorRefinesLikeTheGNNGenerator() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 3)
        let cells = RandomCellGenerator(space: benchmark.space).sample(count: 300, using: &random)
        #expect(cells.count == 300)
        // Refined cells start with the input and end with the output, and every node lies on a path.
        for cell in cells {
            #expect(cell.labels.first == Cell.inputLabel && cell.labels.last == Cell.outputLabel)
            #expect(cell.pruned()?.nodeCount == cell.nodeCount)
        }
        // Edges are kept with p = 1/2, so some but not all cells are wired input → output directly.
        let direct = cells.filter { $0.nodeCount == 2 }.count
        #expect(direct > 0 && direct < 150)
        let valid = RandomCellGenerator(space: benchmark.space).sampleValid(count: 50, using: &random)
        #expect(valid.count == 50 && valid.allSatisfy { benchmark.space.isValid($0.pruned()!) })
    }

    @Test func uniformSamplingDrawsBenchmarkMembers() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 1)
        let cells = uniformSample(benchmark, count: 2000, using: &random)
        let m = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: []).metrics
        #expect(m.top100 == 1)
        #expect(abs(m.top50 - 0.5) < 0.05)
    }

    @Test func searchesQueryDistinctArchitecturesWithinTheBudget() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 2)
        for trace in [randomSearch(benchmark, budget: 60, using: &random),
                      regularizedEvolution(benchmark, budget: 60, population: 20, sampleSize: 5, using: &random)] {
            #expect(trace.queried.count == 60)
            #expect(Set(trace.queried).count == 60)
            #expect(trace.bestSoFar.count == 60)
            #expect(zip(trace.bestSoFar, trace.bestSoFar.dropFirst()).allSatisfy { $0 <= $1 })
            let best = trace.queried.map { benchmark.classes[$0].objective }.max()!
            #expect(trace.bestSoFar.last == best)
        }
        // Asking for more than the benchmark holds stops at the benchmark.
        #expect(randomSearch(benchmark, budget: 10_000, using: &random).queried.count == benchmark.classes.count)
    }

    @Test func evolutionReachesItsBudgetWhenThePopulationConverges() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 7)
        // Nearly the whole benchmark with a tiny population: mutants soon revisit known cells only.
        let budget = benchmark.classes.count - 1
        let trace = regularizedEvolution(benchmark, budget: budget, population: 5, sampleSize: 5, stallLimit: 20, using: &random)
        #expect(trace.queried.count == budget && Set(trace.queried).count == budget)
    }

    @Test func evolutionConcentratesOnGoodCellsOfNASBench201() throws {
        guard let data = sharedData else { return }
        let benchmark = try BenchmarkLibrary(dataDirectory: data).load(try BenchmarkSpec.named("nb201-cifar10"))
        var evo = 0.0, rs = 0.0
        for seed in 0..<3 {
            var a = SeededGenerator(seed: UInt64(seed)), b = SeededGenerator(seed: UInt64(seed))
            let e = regularizedEvolution(benchmark, budget: 300, using: &a), r = randomSearch(benchmark, budget: 300, using: &b)
            #expect(e.queried.count == 300 && Set(e.queried).count == 300)
            evo += Double(e.queried.filter { benchmark.classes[$0].top <= 10 }.count)
            rs += Double(r.queried.filter { benchmark.classes[$0].top <= 10 }.count)
        }
        // Mutating the best of a sample keeps evolution's queries in the good part of the space.
        #expect(evo > 1.5 * rs)
    }

    @Test func mutantsAreBenchmarkNeighbours() throws {
        let benchmark = try syntheticBenchmark()
        var random = SeededGenerator(seed: 5)
        var found = 0
        for k in 0..<40 {
            guard let j = mutant(of: k, benchmark, using: &random) else { continue }
            found += 1
            #expect(j != k && j < benchmark.classes.count)
        }
        #expect(found > 20)
    }

    @Test func molganGeneratorTrainsWithTheSameTrainer() throws {
        let benchmark = try syntheticBenchmark()
        var config = smallConfiguration()
        config.switchGenerator(to: .molgan)
        #expect(throws: ConfigurationError.self) { try Trainer(configuration: config, benchmark: benchmark) }  // not a generator of GNN2GNN's own
        var trainer = try Trainer(configuration: config, benchmark: benchmark, generators: .withCounterparts)
        #expect(trainer.model.generator is MolGANGenerator)
        let before = trainer.model.generator.parameters.tensors
        let losses = trainer.step(batch: Array(trainer.split.training.prefix(8)), lambda: 0.5)
        #expect(losses.generator.isFinite && losses.discriminator.isFinite && losses.valuer.isFinite)
        #expect(trainer.model.generator.parameters.tensors != before)
        #expect(trainer.model.generator.parameters.names.allSatisfy { $0.hasPrefix("molgan.") })
        var random = SeededGenerator(seed: 1)
        let cells = trainer.model.generate(count: 40, using: &random)
        #expect(cells.count == 40 && cells.allSatisfy { $0.labels.first == Cell.inputLabel })
        // The configuration round-trips with its generator kind; old files default to the GNN generator.
        let data = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: data).generatorKind == .molgan)
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: Data("{}".utf8)).generatorKind == .gnn)
        config.generatorKind = .rnn
        #expect(throws: ConfigurationError.self) { try config.validate() }
    }

    @Test func predictorRankedSamplingPrefersBetterCells() throws {
        let benchmark = try syntheticBenchmark()
        var config = smallConfiguration()
        config.epochs = 3
        let ranked = try PredictorRankedSampler(configuration: config).sample(benchmark, count: 40)
        #expect(ranked.count == 40)
        var random = SeededGenerator(seed: 9)
        let plain = RandomCellGenerator(space: benchmark.space).sampleValid(count: 400, using: &random)
        let split = benchmark.split(topRemoved: config.topRemoved, seed: config.seed)
        let a = GenerationMetrics.evaluate(ranked, benchmark: benchmark, trainingClasses: Set(split.training)).metrics
        let b = GenerationMetrics.evaluate(plain, benchmark: benchmark, trainingClasses: Set(split.training)).metrics
        #expect(a.validity == 1)
        #expect(a.top50 >= b.top50 - 0.1)
    }

    @Test func oracleRevealsClassesInQueryOrderAndResumeKeepsThem() throws {
        let benchmark = try syntheticBenchmark()
        var oracle = Oracle(benchmark: benchmark)
        for k in [5, 2, 5, 9] { _ = oracle.classIndex(of: benchmark.classes[k].cell, for: .training) }
        _ = oracle.classIndex(of: benchmark.classes[1].cell, for: .existence)
        _ = oracle.classIndex(of: benchmark.classes[2].cell, for: .selection)
        _ = oracle.classIndex(of: benchmark.classes[7].cell, for: .selection)
        #expect(oracle.revealed == [5, 2, 9, 7])
        #expect(oracle.distinctQueries == 4)

        let config = smallConfiguration()
        let full = temporaryFolder().path, resumed = temporaryFolder().path
        let a = try TrainingSession().run(configuration: config, benchmark: benchmark, folder: RunFolder(path: full), resume: false, finalCount: 20)
        var interrupted = TrainingSession()
        interrupted.stopAfterEpoch = 1
        #expect(throws: TrainingInterrupted.self) {
            try interrupted.run(configuration: config, benchmark: benchmark, folder: RunFolder(path: resumed), resume: false, finalCount: 20)
        }
        let b = try TrainingSession().run(configuration: config, benchmark: benchmark, folder: RunFolder(path: resumed), resume: true, finalCount: 20)
        #expect(!a.trainer.oracle.revealed.isEmpty)
        #expect(a.trainer.oracle.revealed == b.trainer.oracle.revealed)
        #expect(Set(a.trainer.oracle.revealed) == a.trainer.oracle.trainingQueries.union(a.trainer.oracle.selectionQueries))
        #expect(try revealedClasses(RunFolder(path: resumed)) == b.trainer.oracle.revealed)
        // A finished run folder is read back instead of trained again.
        let reused = try trainGenerator(config, benchmark: benchmark, folder: RunFolder(path: full), finalCount: 20, maxStepsPerEpoch: nil)
        #expect(reused.reused && reused.cells == a.scored.map(\.cell) && reused.revealed == a.trainer.oracle.revealed)
    }
}

@Suite struct WorkerTests {
    @Test func workersRunInParallelAndFailuresAreReported() throws {
        let root = temporaryFolder()
        let sh = URL(fileURLWithPath: "/bin/sh")
        let tasks = (0..<4).map { i in
            WorkerTask(name: "w\(i)", folder: root.appendingPathComponent("w\(i)"), arguments: ["-c", "echo run \(i)"])
        }
        var messages: [String] = []
        try runWorkers(tasks, executable: sh, jobs: 2) { messages.append($0) }
        for i in 0..<4 {
            let log = try String(contentsOf: root.appendingPathComponent("w\(i)/worker.log"), encoding: .utf8)
            #expect(log == "run \(i)\n")
        }
        #expect(messages.filter { $0.hasPrefix("finished") }.count == 4)
        let failing = [WorkerTask(name: "bad", folder: root.appendingPathComponent("bad"), arguments: ["-c", "exit 3"])]
        #expect(throws: ExperimentError.self) { try runWorkers(failing, executable: sh, jobs: 1) { _ in } }
    }

    @Test func sweepGridIsThePapers() {
        #expect(SweepPoint.grid.count == 36)
        #expect(Set(SweepPoint.grid.map(\.name)).count == 36)
        #expect(SweepPoint.grid.first?.name == "mu1-tau0.1-lambda0.01")
    }

    @Test func benchmarkNames() throws {
        #expect(try BenchmarkSpec.named("nb201-imagenet16-120").dataset == "ImageNet16-120")
        #expect(try BenchmarkSpec.named("NB101").space == "nb101")
        #expect(throws: ExperimentError.self) { try BenchmarkSpec.named("nb301") }
        #expect(transferTargets(of: "nb101", quick: false).count == 3)
        #expect(transferTargets(of: "nb201-cifar10", quick: false) == ["nb101"])
    }
}

@Suite struct RunReuseTests {
    @Test func aRunFolderWithOtherSettingsIsNotReused() throws {
        let benchmark = try syntheticBenchmark()
        let config = smallConfiguration()
        let folder = RunFolder(path: temporaryFolder().path)
        _ = try trainGenerator(config, benchmark: benchmark, folder: folder, finalCount: 10, maxStepsPerEpoch: nil)
        var other = config
        other.epochs = 3
        #expect(throws: ExperimentError.self) {
            try trainGenerator(other, benchmark: benchmark, folder: folder, finalCount: 10, maxStepsPerEpoch: nil)
        }
        #expect(try trainGenerator(config, benchmark: benchmark, folder: folder, finalCount: 10, maxStepsPerEpoch: nil).reused)
    }
}

@Suite struct SweepWorkerTests {
    /// `train --resume` refuses a folder without a run, and takes no settings: a sweep worker starts
    /// a new run with every setting and resumes a started one from its folder alone.
    @Test func newRunsStartAndStartedRunsResume() throws {
        let path = NSTemporaryDirectory() + "sweep-worker-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = RunFolder(path: path)
        var c = TrainingConfiguration.paper
        c.space = "nb201"; c.dataPath = "/data/nb201.csv"; c.dataset = "cifar10"
        let point = SweepPoint(mu: 2, tau: 0.5, lambda: 0.1)
        let fresh = sweepWorkerArguments(c, point: point, seed: 1, folder: folder)
        #expect(!fresh.contains("--resume"))
        #expect(fresh.contains("--mu") && fresh.contains("--data") && fresh.last == path)
        try folder.create()
        try folder.writeJSON(c, to: folder.configuration)
        #expect(sweepWorkerArguments(c, point: point, seed: 1, folder: folder) == ["train", "--out", path, "--resume", "--quiet"])
    }
}
