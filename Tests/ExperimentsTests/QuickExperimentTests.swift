import Foundation
import Testing
@testable import Experiments
import GNN2GNN
import NASBench

/// The `--quick` variant of every experiment, on the NAS-Bench-201 table (skipped without ../shared/data).
@Suite(.serialized) struct QuickExperimentTests {
    func checkOutputs(_ o: ExperimentOptions, _ results: ExperimentResults, figures minimum: Int) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: o.output.path)
        #expect(files.contains("results.json") && files.contains("report.html"))
        #expect(files.filter { $0.hasSuffix(".svg") }.count >= minimum)
        let html = try String(contentsOf: o.output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("<table"))
        let back = try ExperimentResults.read(from: o.output.appendingPathComponent("results.json"))
        #expect(back.results.count == results.results.count)
        for r in results.results { #expect(FileManager.default.fileExists(atPath: o.output.appendingPathComponent(r.cellsFile).path)) }
        let problems = chromiumLayoutProblems(o.output.appendingPathComponent("report.html"))
        #expect(problems == nil, "\(problems ?? "")")
    }

    @Test func quality() throws {
        guard let o = quickOptions() else { return }
        let results = try Experiment.quality.run(o)
        #expect(Set(results.results.map(\.method)) == Set(Method.allCases))
        let uniform = results.results.first { $0.method == .uniform }!
        #expect(uniform.metrics.top100 == 1 && uniform.metrics.top10 > 0.02 && uniform.metrics.top10 < 0.2)
        let gnn = results.results.first { $0.method == .gnn2gnn }!
        for search in results.results.filter(\.method.isSearch) {
            #expect(search.oracleQueries == gnn.oracleQueries)
            #expect(search.metrics.top100 == 1)
        }
        #expect(results.results.first { $0.method == .predictor }!.metrics.validity == 1)
        try checkOutputs(o, results, figures: 1)
    }

    @Test func degradation() throws {
        guard var o = quickOptions() else { return }
        o.methods = [.gnn2gnn, .uniform, .random]
        let results = try Experiment.degradation.run(o)
        #expect(Set(results.results.map(\.topRemoved)) == [10, 20, 30])
        try checkOutputs(o, results, figures: 2)
    }

    @Test func sweep() throws {
        guard let o = quickOptions() else { return }
        let results = try Experiment.sweep.run(o)
        #expect(results.results.count == SweepPoint.quickGrid.count)
        #expect(Set(results.results.compactMap { $0.labels?["mu"] }) == ["1", "2"])
        try checkOutputs(o, results, figures: 2)
    }

    @Test func transfer() throws {
        guard let o = quickOptions() else { return }
        let results = try Experiment.transfer.run(o)
        #expect(Set(results.results.compactMap { $0.labels?["target"] }) == ["nb201-cifar100", "nb201-ImageNet16-120"])
        try checkOutputs(o, results, figures: 2)
    }

    @Test func budget() throws {
        guard let o = quickOptions() else { return }
        let results = try Experiment.budget.run(o)
        for r in results.results {
            let curve = try #require(r.bestSoFar)
            #expect(curve.count == r.oracleQueries)
        }
        let html = try String(contentsOf: o.output.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("benchmark optimum 94.37"))
        try checkOutputs(o, results, figures: 1)
    }

    @Test func nb101CellsTransferToNB201WhenTheirGraphIsAnNB201Graph() throws {
        guard let data = sharedData else { return }
        let nb201 = try BenchmarkLibrary(dataDirectory: data).load(try BenchmarkSpec.named("nb201-cifar10"))
        // An NB201 cell written with NB101 operations translates back onto itself.
        let nb101 = NASBench101Space()
        let cells = nb201.classes.prefix(50).compactMap { translate($0.cell, from: nb201.space, to: nb101) }
        #expect(cells.count == 50)
        let (metrics, _) = transferredMetrics(cells, from: nb101, to: nb201)
        #expect(metrics.top100 == 1)
        #expect(metrics.top10 == 1)
    }
}
