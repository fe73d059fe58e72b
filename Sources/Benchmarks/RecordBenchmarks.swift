import Foundation
import NASBench

/// TFRecord reading speed on the EC-NAS files (and on `NASBENCH_TFRECORD` when set, e.g. the official
/// `nasbench_only108.tfrecord`), and the time to load the embedded NAS-Bench-Graph benchmark.
func runRecordBenchmarks(_ harness: inout BenchHarness) {
    let dataRoot = ProcessInfo.processInfo.environment["GNN2GNN_DATA"] ?? "../shared/data"
    var files = ["ecnas_energy_5V9E.tfrecord", "ecnas_energy_4V9E_estimate.tfrecord"].map { "\(dataRoot)/nasbench101/\($0)" }
    if let official = ProcessInfo.processInfo.environment["NASBENCH_TFRECORD"] { files.append(official) }
    for path in files {
        let name = URL(fileURLWithPath: path).lastPathComponent
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int else {
            print("{\"skipped\": \"records: \(name) not found under \(dataRoot)\"}")
            continue
        }
        let megabytes = Double(size) / 1e6
        let repetitions = size > 100_000_000 ? 1 : 5
        do {
            try harness.time("tfrecord_crc_framing_\(name)", unit: "MB/s", repetitions: repetitions, warmup: repetitions == 1 ? 0 : 1,
                             transform: { megabytes / $0 }) {
                try TFRecord.withMappedFile(path: path) { bytes in
                    try TFRecord.forEachPayload(in: bytes, file: name) { _, _, _ in }
                }
            }
            try harness.time("tfrecord_read_nb101_\(name)", unit: "MB/s", repetitions: repetitions, warmup: repetitions == 1 ? 0 : 1,
                             transform: { megabytes / $0 }) {
                _ = try NASBench101TFRecord.read(path: path)
            }
            try harness.time("tfrecord_read_nb101_\(name)_seconds", unit: "s", repetitions: repetitions, warmup: repetitions == 1 ? 0 : 1) {
                _ = try NASBench101TFRecord.read(path: path)
            }
        } catch {
            print("{\"error\": \"records: \(error)\"}")
        }
    }
    do {
        try harness.time("nasbench_graph_load_cora", unit: "ms", repetitions: 5) {
            _ = try NASBenchGraphData.load(dataset: "cora")
        }
        try harness.time("nasbench_graph_embedded_default_benchmark", unit: "ms", repetitions: 3) {
            _ = try Benchmark.embeddedDefault()
        }
        try harness.time("nasbench_graph_index_with_aliases", unit: "ms", repetitions: 3) {
            _ = try NASBenchGraphIndex(dataset: "cora")
        }
    } catch {
        print("{\"error\": \"records: \(error)\"}")
    }
}
