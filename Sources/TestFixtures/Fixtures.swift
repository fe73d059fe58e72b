import GNN2GNN
import NASBench
import TensorCore

/// Fixtures shared by the test targets (not part of any product).

/// A small synthetic benchmark over a custom 5-node, 3-operation space: every cell reachable by a
/// few hundred random DAGs, with an objective that prefers operation 0 and more edges, so that
/// "good" cells exist and are learnable. Built in memory; needs no data files.
public func syntheticBenchmark(cells count: Int = 400, seed: UInt64 = 1) throws -> Benchmark {
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

/// A configuration small enough for debug-build tests on the synthetic benchmark.
public func smallConfiguration() -> TrainingConfiguration {
    var c = TrainingConfiguration()
    c.space = "toy"
    c.hiddenSize = 16
    c.epochs = 2
    c.batchSize = 8
    c.evaluationCount = 50
    return c
}

/// Every official NAS-Bench-201 cell (paper setting: skip substitution) with a synthetic objective
/// that rewards 3×3 convolutions most, 1×1 ones less and pooling least, plus a small deterministic
/// perturbation per cell string. Built in memory (hashes from the space's memoised table), so
/// tests of the slot generator need no data files.
public func syntheticNB201Benchmark() throws -> Benchmark {
    let space = NASBench201Space(skipSubstitution: true)
    let worth: [Double] = [0, 0.5, 2, 3, 0.2]  // none, skip, conv1x1, conv3x3, avg-pool
    var records: [BenchmarkRecord] = [], hashes: [String?] = []
    for text in NASBench201Space.allCellStrings() {
        guard let cell = space.table.graphByString[text] else { continue }
        let ops = try NASBench201Space.parse(text)
        var wobble = SplitMix64(seed: text.utf8.reduce(UInt64(0)) { $0 &* 31 &+ UInt64($1) })
        let score = 70 + ops.reduce(0) { $0 + worth[$1] } + Double(wobble.below(100)) / 200
        records.append(BenchmarkRecord(cell: cell, metrics: ["accuracy": score], identifier: text))
        hashes.append(space.table.hashByString[text])
    }
    return try Benchmark(name: "synthetic-nb201", space: space, records: records, objective: "accuracy", knownHashes: hashes)
}
