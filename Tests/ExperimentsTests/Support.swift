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
