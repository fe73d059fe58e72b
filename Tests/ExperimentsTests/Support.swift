import Foundation
@testable import Experiments
import GNN2GNN

/// A small synthetic benchmark over a custom 5-node, 3-operation space (as in GNN2GNNTests).
func syntheticBenchmark(cells count: Int = 400, seed: UInt64 = 1) throws -> Benchmark {
    let space = try CustomSpace(name: "toy", operations: ["a", "b", "c"], maxNodes: 5, maxEdges: nil)
    var random = SeededGenerator(seed: seed)
    var records: [BenchmarkRecord] = []
    for _ in 0..<count {
        let n = 3 + random.int(below: 3)
        var rows = [[Int]](repeating: [Int](repeating: 0, count: n), count: n)
        for i in 0..<n { for j in (i + 1)..<n where random.nextFloat() < 0.5 { rows[i][j] = 1 } }
        for j in 1..<n where !(0..<j).contains(where: { rows[$0][j] == 1 }) { rows[j - 1][j] = 1 }
        for i in 0..<(n - 1) where !((i + 1)..<n).contains(where: { rows[i][$0] == 1 }) { rows[i][n - 1] = 1 }
        let labels = [Cell.inputLabel] + (1..<(n - 1)).map { _ in random.int(below: 3) } + [Cell.outputLabel]
        let cell = Cell(adjacency: rows, labels: labels)
        let score = Double(labels.filter { $0 == 0 }.count) * 2 + Double(cell.edgeCount) + Double(random.nextFloat())
        records.append(BenchmarkRecord(cell: cell, metrics: ["accuracy": score], footprint: Double(cell.edgeCount)))
    }
    return try Benchmark(name: "synthetic", space: space, records: records, objective: "accuracy")
}

func smallConfiguration() -> TrainingConfiguration {
    var c = TrainingConfiguration()
    c.space = "toy"
    c.hiddenSize = 16
    c.epochs = 2
    c.batchSize = 8
    c.evaluationCount = 50
    return c
}

func temporaryFolder() -> URL {
    let url = URL(fileURLWithPath: NSTemporaryDirectory() + "gnn2gnn-exp-test-\(UUID().uuidString)", isDirectory: true)
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `../shared/data` from the repository root, or nil (with a printed reason) when the NAS-Bench-201 table is absent.
let sharedData: String? = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data").standardized
    let file = root.appendingPathComponent(BenchmarkSpec.nb201File).path
    if FileManager.default.fileExists(atPath: file) { return root.path }
    print("skipping: ../shared/data not found (\(file))")
    return nil
}()

/// Quick options writing to a fresh folder.
func quickOptions() -> ExperimentOptions? {
    guard let data = sharedData else { return nil }
    var o = ExperimentOptions(output: temporaryFolder())
    o.dataDirectory = data
    o.applyQuick()
    o.log = { _ in }
    return o
}
