extension Benchmark {
    /// The benchmark shipped inside the package: NAS-Bench-Graph on `dataset` (`cora`, `citeseer` or
    /// `pubmed`, see `NASBenchGraphData.availableDatasets()`), 26,206 architectures of
    /// `NASBenchGraphSpace`. Metrics: `validation_accuracy`, `test_accuracy`, `latency`, `parameters`;
    /// the objective is `objective` (default validation accuracy); the footprint is the parameter count;
    /// the identifier is the package's architecture key.
    ///
    /// Valid cells the table does not list but the package maps onto a listed architecture (skip
    /// rearrangements) are not classes of this benchmark; resolve them with `NASBenchGraphIndex`.
    public static func embeddedDefault(dataset: String = "cora", objective: String = "validation_accuracy") throws -> Benchmark {
        let space = NASBenchGraphSpace()
        let records = try NASBenchGraphData.load(dataset: dataset).map { r in
            BenchmarkRecord(cell: r.cell, metrics: r.metrics, footprint: Double(r.parameters), identifier: String(r.id))
        }
        return try Benchmark(name: "\(space.name)-\(dataset)", space: space, records: records, objective: objective)
    }
}
