import Foundation
import NASBench

/// Resolves the benchmark and space names the tools accept, including the embedded default.
public enum BenchmarkSource {
    /// The space called `name`: `nb101`, `nb201`, `nb201-noskip`, `nbgraph`, or the path of a
    /// custom space's JSON description.
    public static func space(named name: String) throws -> any SearchSpace {
        if name == NASBenchGraphSpace().name { return NASBenchGraphSpace() }
        if name.hasSuffix(".json") {
            guard let data = FileManager.default.contents(atPath: name) else {
                throw BenchmarkError(file: name, "cannot read the space description")
            }
            do { return try CustomSpace(json: data) } catch { throw BenchmarkError(file: name, "\(error)") }
        }
        return try SearchSpaces.named(name)
    }

    /// Loads a benchmark: without `path`, the embedded NAS-Bench-Graph table (dataset `cora` unless
    /// given); `.tfrecord` files through the native NAS-Bench-101 reader; other files by
    /// `Benchmark.load`.
    public static func load(space: String?, path: String?, dataset: String?, objective: String?) throws -> Benchmark {
        guard let path else {
            if let space, space != NASBenchGraphSpace().name {
                throw BenchmarkError(file: "(embedded)", field: "space", "the embedded benchmark is nbgraph; pass --data for space \(space)")
            }
            return try Benchmark.embeddedDefault(dataset: dataset ?? "cora", objective: objective ?? "validation_accuracy")
        }
        if path.lowercased().hasSuffix(".tfrecord") {
            if let space, space != "nb101" { throw BenchmarkError(file: path, field: "space", "TFRecord files hold NAS-Bench-101 cells (space nb101), not \(space)") }
            return try Benchmark.loadNASBench101TFRecord(path: path, objectiveColumn: objective)
        }
        guard let space else { throw BenchmarkError(file: path, field: "space", "pass --space for a benchmark file") }
        if space.hasSuffix(".json") {
            return try Benchmark.loadJSONLines(path: path, space: try Self.space(named: space), objectiveColumn: objective)
        }
        return try Benchmark.load(space: space, path: path, dataset: dataset, objectiveColumn: objective)
    }
}
