import Foundation
@testable import Experiments
import GNN2GNN

/// A fresh temporary folder.
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

/// Runs scripts/check_reports.py (headless Chromium at 1400 and 800 px) on `report`: the failures it
/// prints, or nil when the page fits both widths. Skips (nil, with a printed reason) where Chromium or
/// python3 is missing — the script exits 2 without Chromium, `env` 127 without python3 — so that the
/// tests pass on any machine.
func chromiumLayoutProblems(_ report: URL) -> String? {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", root.appendingPathComponent("scripts/check_reports.py").path,
                         report.deletingLastPathComponent().appendingPathComponent("layout-check").path, report.path]
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    do { try process.run() } catch { return "cannot run check_reports.py: \(error)" }
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    switch process.terminationStatus {
    case 0: return nil
    case 2, 127:
        print("skipping the Chromium layout check of \(report.lastPathComponent): \(text.split(separator: "\n").first ?? "no chromium or python3")")
        return nil
    default: return text
    }
}
