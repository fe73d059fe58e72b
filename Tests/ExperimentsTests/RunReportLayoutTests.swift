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
        let problems = chromiumLayoutProblems(report)
        #expect(problems == nil, "\(problems ?? "")")
    }
}
