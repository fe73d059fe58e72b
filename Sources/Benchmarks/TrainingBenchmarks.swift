import Foundation
import GNN2GNN
import NASBench
import TensorCore

/// Time of GNN2GNN training steps and generation, on the real NAS-Bench-201 table when present.
enum TrainingBenchmarks {
    static func run(_ harness: inout BenchHarness) {
        let path = "../shared/data/nasbench201/nats_tss_test_accuracy_200ep.csv"
        guard FileManager.default.fileExists(atPath: path),
              let benchmark = try? Benchmark.load(space: "nb201", path: path, dataset: "cifar10") else {
            print(#"{"name":"training","skipped":"../shared/data/nasbench201 not found"}"#)
            return
        }
        for mu in [1, 2] {
            var config = TrainingConfiguration()
            config.space = "nb201"
            config.generatorLayers = mu
            guard var trainer = try? Trainer(configuration: config, benchmark: benchmark) else { return }
            let batches = stride(from: 0, to: 32 * 40, by: 32).map { Array(trainer.split.training[$0..<($0 + 32)]) }
            var k = 0
            harness.time("training_step_nb201_mu\(mu)", unit: "ms", repetitions: 40, warmup: 5) {
                _ = trainer.step(batch: batches[k % batches.count], lambda: 0.1)
                k += 1
            }
        }
        var random = SeededGenerator(seed: 0)
        var config = TrainingConfiguration()
        config.space = "nb201"
        let model = GNN2GNNModel(configuration: config, space: benchmark.space, using: &random)
        let count = 10_000
        harness.time("generate_nb201_cells_per_second", unit: "cells/s", repetitions: 3, transform: { Double(count) / $0 }) {
            _ = model.generate(count: count, using: &random)
        }
    }
}
