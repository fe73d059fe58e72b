import Foundation
import GNN2GNN
#if canImport(Glibc)
import Glibc
#endif
import NASBench
import TensorCore

/// Issue 6: paper-length training measured against the arithmetic floor (`gnn2gnn-bench perf` and
/// `gnn2gnn-bench long`). Each measurement runs in a child process (`gnn2gnn-bench one NAME`) so that
/// its peak resident memory (VmHWM) is its own; the child prints its measurements, then
/// `{"name": "NAME peak memory", "unit": "MiB", …}`.
enum PerformanceBenchmarks {
    static let nb201Path = "../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv"
    static let nb101Path = "../shared/data/nasbench101/nasbench101_cifar10_108ep.csv.gz"

    /// The measurements of `make bench` (group `perf`) and `make bench-long` (group `long`).
    static let short = [
        "floor-gemm",
        "step-nb101-mu1", "step-nb101-mu2", "step-nb201-mu1", "step-nb201-mu2", "step-nb101-default", "step-nb201-default", "step-nb101-rnn",
        "generate-nb201", "generate-nb101", "score-space-nb201", "score-space-nb101", "evaluate-nb201", "evaluate-nb101",
        "epoch-nb201", "epoch-nb101", "growth-nb201", "growth-nbgraph",
    ]
    static let long = ["train20-nb201", "train20-nb101"]

    /// Runs each measurement in a child process of this executable.
    static func runChildren(_ names: [String]) {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        for name in names {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["one", name]
            do {
                try process.run()
                process.waitUntilExit()
                if process.terminationStatus != 0 { skip(name, "child exited with status \(process.terminationStatus)") }
            } catch {
                skip(name, "cannot start child: \(error)")
            }
        }
    }

    /// Runs one measurement in this process, then reports the process's peak resident memory.
    static func runOne(_ name: String, _ harness: inout BenchHarness) {
        switch name {
        case "floor-gemm": _ = gemmRates(&harness, print: true)
        case "step-nb101-mu1": step(&harness, space: "nb101", mu: 1)
        case "step-nb101-default": step(&harness, space: "nb101", config: .recommended(space: "nb101"), name: "training step nb101 default preset")
        case "step-nb201-default": step(&harness, space: "nb201", config: .recommended(space: "nb201"), name: "training step nb201 default preset")
        case "step-nb101-rnn": step(&harness, space: "nb101", config: rnnConfiguration("nb101"), name: "training step nb101 rnn counterpart")
        case "step-nb101-mu2": step(&harness, space: "nb101", mu: 2)
        case "step-nb201-mu1": step(&harness, space: "nb201", mu: 1)
        case "step-nb201-mu2": step(&harness, space: "nb201", mu: 2)
        case "generate-nb201": generate(&harness, space: "nb201")
        case "generate-nb101": generate(&harness, space: "nb101")
        case "score-space-nb101": scoreSpace(&harness, space: "nb101")
        case "score-space-nb201": scoreSpace(&harness, space: "nb201")
        case "evaluate-nb201": evaluate(&harness, space: "nb201")
        case "evaluate-nb101": evaluate(&harness, space: "nb101")
        case "epoch-nb201": train(&harness, space: "nb201", epochs: 1)
        case "epoch-nb101": train(&harness, space: "nb101", epochs: 1)
        case "growth-nb201": growth(&harness, space: "nb201")
        case "growth-nbgraph": growth(&harness, space: "nbgraph")
        case "train20-nb201": train(&harness, space: "nb201", epochs: 20)
        case "train20-nb101": train(&harness, space: "nb101", epochs: 20)
        case "profile-step-nb101-mu1": profileSteps(space: "nb101", mu: 1)
        case "profile-step-nb201-mu2": profileSteps(space: "nb201", mu: 2)
        case "profile-step-nb101-rnn": profileSteps(space: "nb101", config: rnnConfiguration("nb101"))
        case "digest-nb101": digest(space: "nb101")
        case "digest-nb201": digest(space: "nb201")
        default: skip(name, "unknown measurement (known: \((short + long).joined(separator: ", ")))"); return
        }
        if let peak = peakResidentMiB() { harness.report("\(name) peak memory", unit: "MiB", samples: [peak]) }
    }

    // MARK: Data

    static func load(_ space: String) -> Benchmark? {
        let path = space == "nb101" ? nb101Path : nb201Path
        guard FileManager.default.fileExists(atPath: path) else {
            skip(space, "\(path) not found")
            return nil
        }
        do {
            return try space == "nb101" ? Benchmark.load(space: "nb101", path: path)
                : Benchmark.load(space: "nb201", path: path, dataset: "cifar10")
        } catch {
            skip(space, "cannot load \(path): \(error)")
            return nil
        }
    }

    /// The paper's configuration for a space: hidden 100, batch 32, top 10 % withheld, μ layers.
    static func configuration(_ space: String, mu: Int = 2) -> TrainingConfiguration {
        var config = TrainingConfiguration()
        config.space = space
        config.generatorLayers = mu
        return config
    }

    /// The RNN counterpart as the quality experiment trains it: the default preset with the GRU generator.
    static func rnnConfiguration(_ space: String) -> TrainingConfiguration {
        var config = TrainingConfiguration.recommended(space: space)
        config.switchGenerator(to: .rnn)
        return config
    }

    // MARK: Measurements

    /// Single-thread sgemm rates: the generator's [224×100]·[100×100] shape and a large square one.
    static func gemmRates(_ harness: inout BenchHarness, print: Bool) -> (shape: Double, large: Double) {
        func rate(_ m: Int, _ n: Int, _ k: Int, inner: Int) -> [Double] {
            var g = SeededGenerator(seed: 1)
            let a = Initializer.uniform(shape: [m, k], bound: 1, using: &g)
            let b = Initializer.uniform(shape: [k, n], bound: 1, using: &g)
            var c = [Float](repeating: 0, count: m * n)
            var samples: [Double] = []
            for r in 0..<6 {
                let start = DispatchTime.now().uptimeNanoseconds
                a.scalars.withUnsafeBufferPointer { ap in
                    b.scalars.withUnsafeBufferPointer { bp in
                        c.withUnsafeMutableBufferPointer { cp in
                            for _ in 0..<inner {
                                BLAS.gemm(m: m, n: n, k: k, a: ap.baseAddress!, b: bp.baseAddress!, c: cp.baseAddress!)
                            }
                        }
                    }
                }
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                if r > 0 { samples.append(2 * Double(m * n * k * inner) / seconds / 1e9) }
            }
            return samples
        }
        let shape = rate(224, 100, 100, inner: 400), large = rate(512, 512, 512, inner: 8)
        if print {
            harness.report("sgemm 224x100x100 (1 thread)", unit: "GFLOP/s", samples: shape)
            harness.report("sgemm 512x512x512 (1 thread)", unit: "GFLOP/s", samples: large)
            emit(["name": "blas kernel", "unit": "name", "kernel": BLASKernel.coreName,
                  "OPENBLAS_CORETYPE": ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? ""])
        }
        return (shape.sorted()[shape.count / 2], large.sorted()[large.count / 2])
    }

    /// One `Trainer.step` (batch 32, λ = 0.1 as after the warm-up), its phases and its arithmetic floor.
    static func step(_ harness: inout BenchHarness, space: String, mu: Int = 2, config chosen: TrainingConfiguration? = nil, name label: String? = nil) {
        guard let benchmark = load(space) else { return }
        let config = chosen ?? configuration(space, mu: mu)
        guard var trainer = try? Trainer(configuration: config, benchmark: benchmark) else { return }
        let training = trainer.split.training
        let batches = (0..<(training.count / 32)).map { Array(training[($0 * 32)..<($0 * 32 + 32)]) }
        let name = label ?? "training step \(space) mu=\(mu)"
        var k = 0
        func next() -> [Int] { defer { k += 1 }; return batches[k % batches.count] }
        for _ in 0..<50 { _ = trainer.step(batch: next(), lambda: config.lambda) }
        // Wall time per step, and this thread's CPU time (less sensitive to other processes on the machine).
        var wall: [Double] = [], cpu: [Double] = []
        for _ in 0..<300 {
            let (w0, c0) = (DispatchTime.now().uptimeNanoseconds, threadCPUSeconds())
            _ = trainer.step(batch: next(), lambda: config.lambda)
            wall.append(Double(DispatchTime.now().uptimeNanoseconds - w0) / 1e6)
            cpu.append((threadCPUSeconds() - c0) * 1e3)
        }
        harness.report(name, unit: "ms", samples: wall)
        harness.report("\(name) (thread CPU time)", unit: "ms", samples: cpu)

        // Phase breakdown and arithmetic over the next steps.
        let steps = 200
        StepProfile.reset()
        StepProfile.isEnabled = true
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<steps { _ = trainer.step(batch: next(), lambda: config.lambda) }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(steps)
        StepProfile.isEnabled = false
        var phases: [String: Double] = [:]
        var accounted = 0.0
        for phase in StepProfile.Phase.trainingStep {
            let ms = StepProfile.seconds[phase, default: 0] * 1e3 / Double(steps)
            phases[phase.name] = ms
            accounted += ms
        }
        phases["other (losses, binding, gradients)"] = total - accounted
        let matmul = StepProfile.matmulFlops / Double(steps)
        let propagation = StepProfile.propagationFlops / Double(steps)
        let rates = gemmRates(&harness, print: false)
        let flops = matmul + propagation
        emit([
            "name": "\(name) breakdown", "unit": "ms", "profiled_step_ms": total, "phases_ms": phases,
        ])
        emit([
            "name": "\(name) arithmetic floor", "unit": "ms",
            "matmul_flops": matmul, "propagation_flops": propagation,
            "sgemm_gflops_224x100x100": rates.shape, "sgemm_gflops_512": rates.large, "blas_kernel": BLASKernel.coreName,
            "floor_ms_at_shape_rate": flops / rates.shape / 1e6,
            "floor_ms_at_peak_rate": flops / rates.large / 1e6,
            "measured_over_floor_at_shape_rate": total / (flops / rates.shape / 1e6),
        ])
        // Issue 15's two figures for this step: its median (wall, the 300 timed steps above) over the floor
        // at the shape's sgemm rate, and its spread (max / median).
        let floor = flops / rates.shape / 1e6
        emit([
            "name": "\(name) median over floor", "unit": "ratio",
            "median_ms": median(wall), "floor_ms": floor, "median_over_floor": median(wall) / floor,
            "cpu_median_over_floor": median(cpu) / floor, "spread_max_over_median": wall.max()! / median(wall),
        ])
    }

    /// 20 warm-up steps, then 100 timed steps and nothing else: a short run to profile under
    /// `valgrind --tool=callgrind --toggle-collect=<Trainer.step's symbol>` (instruction counts do not
    /// depend on other processes on the machine). `GNN2GNN_PROFILE_STEPS=N` runs N steps instead, for a
    /// sampling profiler (`perf record -D <ms after loading>`).
    static func profileSteps(space: String, mu: Int = 1, config: TrainingConfiguration? = nil) {
        guard let benchmark = load(space) else { return }
        let config = config ?? configuration(space, mu: mu)
        guard var trainer = try? Trainer(configuration: config, benchmark: benchmark) else { return }
        let training = trainer.split.training
        let steps = ProcessInfo.processInfo.environment["GNN2GNN_PROFILE_STEPS"].flatMap { Int($0) } ?? 120
        for s in 0..<steps {
            let start = (s * 32) % (training.count - 32)
            _ = trainer.step(batch: Array(training[start..<(start + 32)]), lambda: config.lambda)
        }
    }

    /// 100,000 cells from an untrained generator, each looked up in the benchmark.
    static func generate(_ harness: inout BenchHarness, space: String) {
        guard let benchmark = load(space) else { return }
        var random = SeededGenerator(seed: 0)
        let model = GNN2GNNModel(configuration: configuration(space), space: benchmark.space, using: &random)
        let count = 100_000
        var found = 0
        harness.time("generate \(space) 100k cells with look-up, \(Parallelism.threads) thread(s)", unit: "cells/s", repetitions: 3, warmup: 0,
                     transform: { Double(count) / $0 }) {
            let cells = model.generate(count: count, using: &random)
            // Look-ups in as many chunks as threads (Parallelism.threads).
            let chunk = (cells.count + Parallelism.threads - 1) / Parallelism.threads
            found = Parallelism.map(tasks: Parallelism.threads) { k in
                cells[min(k * chunk, cells.count)..<min((k + 1) * chunk, cells.count)].reduce(0) { $0 + (benchmark.classIndex(of: $1) != nil ? 1 : 0) }
            }.reduce(0, +)
        }
        harness.time("generate \(space) 100k cells without look-up, \(Parallelism.threads) thread(s)", unit: "cells/s", repetitions: 3, warmup: 0,
                     transform: { Double(count) / $0 }) {
            _ = model.generate(count: count, using: &random)
        }
        emit(["name": "generate \(space) found share", "unit": "fraction", "median": Double(found) / Double(count)])
    }

    /// The valuer's scores of every cell of the benchmark (what whole-space distillation refreshes and the
    /// valuer-quality diagnostic reads every epoch), on one thread and on `Parallelism.threads`.
    static func scoreSpace(_ harness: inout BenchHarness, space: String) {
        guard let benchmark = load(space) else { return }
        var random = SeededGenerator(seed: 0)
        let model = GNN2GNNModel(configuration: .recommended(space: space), space: benchmark.space, using: &random)
        let cells = benchmark.classes.map(\.cell)
        for threads in Set([1, Parallelism.threads]).sorted() {
            harness.time("valuer scores of all \(cells.count) \(space) cells, \(threads) thread(s)", unit: "s", repetitions: 3, warmup: 0) {
                _ = model.valuerScores(cells, operationCount: benchmark.space.operations.count, threads: threads)
            }
        }
    }

    /// `gnn2gnn evaluate` on a file of 100,000 generated cells (reading the file and scoring it).
    static func evaluate(_ harness: inout BenchHarness, space: String) {
        guard let benchmark = load(space) else { return }
        var random = SeededGenerator(seed: 0)
        let model = GNN2GNNModel(configuration: configuration(space), space: benchmark.space, using: &random)
        let cells = model.generate(count: 100_000, using: &random)
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("gnn2gnn-bench-\(getpid()).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            try GeneratedCellsFile.write(cells.map { GeneratedCellRecord(notation: benchmark.space.notation(of: $0)) }, to: url)
        } catch {
            skip("evaluate \(space)", "cannot write \(url.path): \(error)")
            return
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? -1
        emit(["name": "evaluate \(space) 100k cells: file size", "unit": "MB", "median": Double(bytes) / 1e6])
        let training = Set(benchmark.split(topRemoved: 10, complexity: 1, seed: 0).training)
        var read: [Cell] = []
        harness.time("evaluate \(space) 100k cells: read file", unit: "s", repetitions: 3, warmup: 0) {
            read = (try? GeneratedCellsFile.readCells(path: url.path, space: benchmark.space)) ?? []
        }
        precondition(read.count == cells.count)
        harness.time("evaluate \(space) 100k cells: GenerationMetrics", unit: "s", repetitions: 3, warmup: 0) {
            _ = GenerationMetrics.evaluate(read, benchmark: benchmark, trainingClasses: training)
        }
    }

    /// `epochs` epochs of the paper's configuration (μ = 2) from seed 0, as `gnn2gnn train` runs them.
    static func train(_ harness: inout BenchHarness, space: String, epochs: Int) {
        let loadStart = DispatchTime.now().uptimeNanoseconds
        guard let benchmark = load(space) else { return }
        harness.report("\(space) benchmark load", unit: "s",
                       samples: [Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9])
        var config = configuration(space)
        config.epochs = epochs
        guard var trainer = try? Trainer(configuration: config, benchmark: benchmark) else { return }
        var seconds: [Double] = []
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<epochs { seconds.append(trainer.runEpoch().seconds) }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if epochs == 1 {
            harness.report("epoch \(space) (\(trainer.stepsPerEpoch) steps + 1000-cell evaluation)", unit: "s", samples: seconds)
        } else {
            harness.report("epoch \(space) within \(epochs)-epoch run", unit: "s", samples: seconds)
            harness.report("\(epochs) epochs \(space) (\(epochs * trainer.stepsPerEpoch) steps)", unit: "s", samples: [total])
        }
    }

    /// First and last epoch of a 20-epoch run with the project defaults and with the paper preset, and
    /// their ratio (the first epoch without the valuer's pre-training): an epoch must not get slower
    /// as training goes on (it did, by 4–7×, while subnormal floats went unflushed).
    static func growth(_ harness: inout BenchHarness, space: String) {
        let benchmark: Benchmark?
        if space == "nbgraph" { benchmark = try? Benchmark.embeddedDefault(dataset: "cora", objective: "validation_accuracy") } else { benchmark = load(space) }
        guard let benchmark else { return skip("growth-\(space)", "benchmark not available") }
        for (preset, base) in [("default", TrainingConfiguration.recommended(space: space)), ("paper", TrainingConfiguration.paper)] {
            var config = base
            config.space = space
            guard var trainer = try? Trainer(configuration: config, benchmark: benchmark) else { return }
            var logs: [EpochLog] = []
            for _ in 0..<config.epochs { logs.append(trainer.runEpoch()) }
            let seconds = logs.map { $0.seconds - ($0.valuerPretrainSeconds ?? 0) }
            let first = seconds[0], last = seconds[seconds.count - 1]
            harness.report("epoch growth \(space) \(preset): first epoch (without pre-training)", unit: "s", samples: [first])
            harness.report("epoch growth \(space) \(preset): last epoch", unit: "s", samples: [last])
            harness.report("epoch growth \(space) \(preset): last / first", unit: "ratio", samples: [last / first])
            // One epoch of 0.3–2 s moves by ±20% with the machine's state; the medians of the first and
            // the last three epochs (pre-training left out) are the steadier figure.
            let steady = median(Array(seconds.suffix(3))) / median(Array(seconds.prefix(3)))
            harness.report("epoch growth \(space) \(preset): median of last 3 / median of first 3", unit: "ratio", samples: [steady])
            emit(["name": "epoch growth \(space) \(preset): seconds per epoch", "unit": "s",
                  "epochs": seconds.map { ($0 * 1000).rounded() / 1000 }, "lambda": logs.map { Double($0.lambda) }])
            harness.report("epoch growth \(space) \(preset): 20 epochs", unit: "s", samples: [logs.reduce(0) { $0 + $1.seconds }])
        }
    }

    /// Not a timing: losses and metrics of 400 steps (λ = 0.1, μ = 2, seed 0) and of 2,000 generated
    /// cells, printed in full so that two builds can be checked for identical results.
    static func digest(space: String) {
        guard let benchmark = load(space) else { return }
        guard var trainer = try? Trainer(configuration: configuration(space), benchmark: benchmark) else { return }
        let training = trainer.split.training
        var sums = (0.0, 0.0, 0.0, 0)
        for s in 0..<400 {
            let start = (s * 32) % (training.count - 32)
            let l = trainer.step(batch: Array(training[start..<(start + 32)]), lambda: s < 200 ? 1 : 0.1)
            sums.0 += Double(l.generator); sums.1 += Double(l.discriminator); sums.2 += Double(l.valuer); sums.3 += l.oracleLabels
        }
        var random = SeededGenerator(seed: 7)
        let cells = trainer.model.generate(count: 2000, using: &random)
        let metrics = GenerationMetrics.evaluate(cells, benchmark: benchmark, trainingClasses: Set(training)).metrics
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let encoded = (try? encoder.encode(metrics)).map { String(decoding: $0, as: UTF8.self) } ?? "?"
        // FNV-1a over the bit patterns of every parameter: equal only if training was bit-identical.
        var fnv: UInt64 = 0xcbf2_9ce4_8422_2325
        for store in [trainer.model.generator.parameters, trainer.model.discriminator.parameters, trainer.model.valuer.parameters] {
            for tensor in store.tensors { for x in tensor.scalars { fnv = (fnv ^ UInt64(x.bitPattern)) &* 0x100_0000_01b3 } }
        }
        print("digest \(space): parameters \(String(fnv, radix: 16)) losses \(sums.0) \(sums.1) \(sums.2) labels \(sums.3) metrics \(encoded)")
    }

    // MARK: Support

    /// CPU time of the calling thread, in seconds.
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// Peak resident set of this process (VmHWM), in MiB.
    static func peakResidentMiB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Double($0) }
            if let kB = digits.first { return kB / 1024 }
        }
        return nil
    }

    static func emit(_ object: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        print(String(decoding: data, as: UTF8.self))
        fflush(nil)
    }

    static func skip(_ name: String, _ reason: String) {
        emit(["name": name, "skipped": reason])
    }
}

/// The middle element of `values` after sorting (the upper one of the two middles for an even count).
private func median(_ values: [Double]) -> Double {
    precondition(!values.isEmpty, "median of nothing")
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}
