import Foundation
import Testing
import GNN2GNN
import TestFixtures

/// The run report a person opens after `gnn2gnn train`, checked in headless Chromium at 1400 and 800 px
/// (skipped where Chromium is not installed).
@Suite struct RunReportLayoutTests {
    @Test func runReportFitsBothWidths() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var config = smallConfiguration()
        config.epochs = 2
        _ = try TrainingSession().run(configuration: config, benchmark: try syntheticBenchmark(), folder: RunFolder(path: folder.path),
                                      resume: false, finalCount: 100)
        let report = folder.appendingPathComponent("report.html")
        #expect(FileManager.default.fileExists(atPath: report.path))
        // The best cells come best first: their "top %" captions never decrease down the grid.
        let html = try String(contentsOf: report, encoding: .utf8)
        let tops = html.components(separatedBy: " · top ").dropFirst().compactMap { Double($0.prefix { $0 != "%" }) }
        #expect(!tops.isEmpty && tops == tops.sorted(), "\(tops)")
        let problems = chromiumLayoutProblems(report)
        #expect(problems == nil, "\(problems ?? "")")
    }
}
