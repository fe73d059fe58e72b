import Foundation
import NASBench

/// Resolves the benchmark and space names the tools accept, including the embedded default.
public enum BenchmarkSource {
    /// Loads a benchmark: without `path`, the embedded NAS-Bench-Graph table (dataset `cora` unless
    /// given); `.tfrecord` files through the native NAS-Bench-101 reader; other files by
    /// `Benchmark.load`.
    public static func load(space: String, path: String?, dataset: String?, objective: String?) throws -> Benchmark {
        guard let path else {
            if space != NASBenchGraphSpace().name {
                throw BenchmarkError(file: "(embedded)", field: "space", "the embedded benchmark is nbgraph; pass --data for space \(space)")
            }
            return try Benchmark.embeddedDefault(dataset: dataset ?? "cora", objective: objective ?? "validation_accuracy")
        }
        return try Benchmark.load(space: space, path: path, dataset: dataset, objectiveColumn: objective)
    }
}
