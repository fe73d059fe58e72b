import Foundation
import GNN2GNN
import NASBench

/// Data-layer measurements (`gnn2gnn-bench data`): loading the real tables and recomputing every
/// NAS-Bench-101 module hash. Skipped with a printed reason when ../shared/data is absent.
func runDataBenchmarks(_ harness: inout BenchHarness) {
    let root = "../shared/data"
    let nb201 = "\(root)/nasbench201/nats_tss_test_accuracy_200ep.csv"
    let nb101 = "\(root)/nasbench101/nasbench101_cifar10_108ep.csv.gz"
    guard FileManager.default.fileExists(atPath: nb201), FileManager.default.fileExists(atPath: nb101) else {
        print(#"{"name": "data", "skipped": "../shared/data not found"}"#)
        return
    }
    do {
        // First load includes building the 15,625-cell NAS-Bench-201 enumeration (once per process).
        let first = DispatchTime.now().uptimeNanoseconds
        _ = try Benchmark.load(space: "nb201", path: nb201, dataset: "cifar10")
        harness.report("nb201 load, first (incl. enumeration)", unit: "ms",
                       samples: [Double(DispatchTime.now().uptimeNanoseconds - first) / 1e6])
        try harness.time("nb201 load", unit: "ms", repetitions: 5) {
            _ = try Benchmark.load(space: "nb201", path: nb201, dataset: "cifar10")
        }
        var benchmark: Benchmark?
        try harness.time("nb101 load (csv.gz, 423,624 rows)", unit: "s", repetitions: 3, warmup: 0) {
            benchmark = try Benchmark.load(space: "nb101", path: nb101)
        }
        guard let b = benchmark else { return }
        // Whole-table hash check: recompute every module hash from adjacency + ops.
        let space = b.space
        var matches = 0, mismatches = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for record in b.records {
            if space.canonicalHash(of: record.cell) == record.identifier { matches += 1 } else { mismatches += 1 }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Facts of the README: best 0.94661 at index 307,498; the Inception-like cell (28cfc787…).
        let bestRecord = b.classes[0].members.first!
        let inception = b.records.first { $0.identifier?.hasPrefix("28cfc787") == true }
        let object: [String: Any] = [
            "name": "nb101 whole-table hash check", "unit": "s", "seconds": seconds,
            "median": seconds, "min": seconds, "max": seconds, "repetitions": 1,
            "rows": b.records.count, "matches": matches, "mismatches": mismatches, "classes": b.classes.count,
            "rejected": b.rejected.count, "bestIndex": b.records[bestRecord].metrics["index"] ?? Double(bestRecord),
            "bestAccuracy": b.classes[0].objective,
            "inceptionParameters": inception?.footprint ?? -1, "inceptionAccuracy": inception?.metrics["test_accuracy"] ?? -1,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
        // Look-up speed: exact cells (dictionary) and relabelled cells (prune + hash).
        let cells = b.records.prefix(100_000).map(\.cell)
        harness.time("nb101 classIndex, exact cell", unit: "us", repetitions: 3, transform: { $0 / Double(cells.count) * 1e6 }) {
            var found = 0
            for c in cells where b.classIndex(of: c) != nil { found += 1 }
            precondition(found == cells.count)
        }
        var rng = SplitMix64(seed: 1)
        let reversed = cells.prefix(10_000).map { c -> Cell in
            // Same graph, nodes in a random topological order (Kahn's algorithm, random ready node).
            var indegree = (0..<c.nodeCount).map { c.predecessors(of: $0).count }
            var ready = [0], order: [Int] = []
            while !ready.isEmpty {
                let v = ready.remove(at: rng.below(ready.count))
                order.append(v)
                for w in c.successors(of: v) { indegree[w] -= 1; if indegree[w] == 0 { ready.append(w) } }
            }
            return c.reordered(order)
        }
        harness.time("nb101 classIndex, relabelled cell", unit: "us", repetitions: 3, transform: { $0 / Double(reversed.count) * 1e6 }) {
            var found = 0
            for c in reversed where b.classIndex(of: c) != nil { found += 1 }
            precondition(found == reversed.count)
        }
    } catch {
        print(#"{"name": "data", "error": "\#(error)"}"#)
    }
}
