import NASBench

/// What a user needs beside each generated cell: whether it is *new* (a member of the space that the
/// table lacks), what the run's valuer predicts for it — an objective, read back from the valuer's
/// targets (`ValuerTargets.objective(ofScore:)`), and where that objective would rank in the table
/// (`predicted_top`, percent of the table's architectures better) — so that cells can be ordered by
/// prediction and the new ones sent to an evaluator first.
public struct CellPredictions: Sendable {
    public let targets: ValuerTargets
    public let table: Benchmark

    public init(targets: ValuerTargets, table: Benchmark) {
        self.targets = targets
        self.table = table
    }

    /// The targets of `configuration`'s run on `table` (its training split, as the trainer draws it).
    public init(configuration: TrainingConfiguration, table: Benchmark) {
        let split = table.split(topRemoved: configuration.topRemoved, complexity: configuration.complexity, seed: configuration.seed)
        self.init(targets: ValuerTargets(configuration: configuration, benchmark: table, training: split.training), table: table)
    }

    /// Percent of the table's architectures whose objective beats `objective` (0: better than all).
    public func tableTop(ofObjective objective: Double) -> Double {
        // Classes are sorted best first: count those strictly better by binary search.
        let classes = table.classes
        var low = 0, high = classes.count
        while low < high {
            let mid = (low + high) / 2
            let better = table.higherIsBetter ? classes[mid].objective > objective : classes[mid].objective < objective
            if better { low = mid + 1 } else { high = mid }
        }
        return classes.isEmpty ? 0 : 100 * Double(low) / Double(classes.count)
    }

    /// Fills `new`, `predicted` and `predicted_top` of `records` (parallel to `scored`) from the
    /// model's valuer; invalid cells get none.
    public func annotate(_ records: inout [GeneratedCellRecord], scored: [ScoredCell], model: GNN2GNNModel) {
        precondition(records.count == scored.count, "one record per scored cell")
        let valid = scored.indices.filter { scored[$0].isValid }
        let scores = model.valuerScores(valid.map { scored[$0].cell }, operationCount: table.space.operations.count)
        for (i, score) in zip(valid, scores) {
            records[i].isNew = scored[i].hash.map { table.classIndex(ofHash: $0) == nil }
            records[i].valuerScore = Double(score)
            if let objective = targets.objective(ofScore: Double(score)) {
                records[i].predicted = objective
                records[i].predictedTop = tableTop(ofObjective: objective)
            }
        }
    }
}
