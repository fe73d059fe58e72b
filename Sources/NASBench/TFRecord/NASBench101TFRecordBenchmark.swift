extension Benchmark {
    /// Reads a NAS-Bench-101 TFRecord file (`nasbench_only108.tfrecord`, `nasbench_full.tfrecord` or a
    /// file in their layout) as a benchmark of `NASBench101Space` at one budget: `epochs` (default: the
    /// largest budget in the file). Metrics per cell are means over its repeats at that budget —
    /// `train_accuracy`, `validation_accuracy`, `test_accuracy`, `training_time` — plus
    /// `trainable_parameters` (also the footprint) and `repeats`. Objective default `test_accuracy`.
    /// The file's hash is the identifier and, when `trustHashes`, the canonical hash of valid cells.
    /// Cells without a run at the budget are left out; cells with unknown operations are rejected.
    public static func loadNASBench101TFRecord(
        path: String, epochs: Int? = nil, objectiveColumn: String? = nil, trustHashes: Bool = true
    ) throws -> Benchmark {
        let space = NASBench101Space()
        let objective = objectiveColumn ?? "test_accuracy"
        let cells = try NASBench101TFRecord.read(path: path)
        guard let budget = epochs ?? cells.flatMap(\.epochs).max() else {
            throw BenchmarkError(file: path, "no records")
        }
        var records: [BenchmarkRecord] = []
        var hashes: [String?] = []
        var unconverted: [RejectedRecord] = []
        var row = 0
        for cell in cells {
            let runs = cell.repeats(epochs: budget)
            guard !runs.isEmpty else { continue }
            defer { row += 1 }
            var labels: [Int] = []
            for (i, op) in cell.ops.enumerated() {
                if i == 0 && op == NodeNames.input { labels.append(Cell.inputLabel) }
                else if i == cell.ops.count - 1 && op == NodeNames.output { labels.append(Cell.outputLabel) }
                else if i > 0 && i < cell.ops.count - 1, let k = space.operations.firstIndex(of: op) { labels.append(k) }
                else { break }
            }
            guard labels.count == cell.ops.count else {
                unconverted.append(RejectedRecord(row: row, identifier: cell.hash, reason: "ops \(cell.ops.joined(separator: ",")) are not input, NAS-Bench-101 operations, output"))
                continue
            }
            let count = Double(runs.count)
            func mean(_ metric: KeyPath<NASBench101Evaluation, Double>) -> Double { runs.reduce(0) { $0 + $1[keyPath: metric] } / count }
            let metrics: [String: Double] = [
                "train_accuracy": mean(\.trainAccuracy), "validation_accuracy": mean(\.validationAccuracy),
                "test_accuracy": mean(\.testAccuracy), "training_time": mean(\.trainingTime),
                "trainable_parameters": Double(cell.trainableParameters), "repeats": count,
            ]
            guard metrics[objective] != nil else {
                throw BenchmarkError(file: path, field: objective, "unknown objective (metrics: \(metrics.keys.sorted().joined(separator: ", ")))")
            }
            records.append(BenchmarkRecord(
                cell: Cell(nodeCount: cell.nodeCount, adjacency: cell.adjacencyBits.map { $0 != 0 }, labels: labels),
                metrics: metrics, footprint: Double(cell.trainableParameters), identifier: cell.hash))
            hashes.append(trustHashes ? cell.hash : nil)
        }
        guard !records.isEmpty || !unconverted.isEmpty else {
            throw BenchmarkError(file: path, "no record has the \(budget)-epoch budget")
        }
        return try Benchmark(
            name: "nb101-\(budget)ep-\(objective)", space: space, records: records, objective: objective,
            knownHashes: hashes, unconvertedRows: unconverted)
    }
}
