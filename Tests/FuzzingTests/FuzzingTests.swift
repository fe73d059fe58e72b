import Foundation
import Fuzzing
import GNN2GNN
import Testing
import TensorCore

/// A short run of the fuzzing harness (`make fuzz` runs 100,000 inputs per reader in release).
@Suite struct FuzzingTests {
    @Test func everyReaderRejectsMutatedInputsWithOneLineNamingTheFile() throws {
        let scratch = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fuzz-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let targets = try FuzzTarget.all(scratch: scratch)
        #expect(targets.count == 10)
        var runner = FuzzRunner()
        runner.mutator.hugeLineRate = 200  // a few inputs over the 16 MiB line cap even in a short run
        for target in targets {
            // Every seed is a valid input: the harness tests rejection of its mutations, not of its seeds.
            let path = scratch.appendingPathComponent("seed-check-\(target.fileName)").path
            for seed in target.seedFiles {
                #expect(FileManager.default.createFile(atPath: path, contents: Data(seed)))
                if target.name == "config-json" || target.name == "log-jsonl" { continue }  // read from a folder
                #expect(throws: Never.self, "\(target.name) seed") { try target.readForTesting(path) }
            }
            let report = runner.run(target, count: 150, scratch: scratch)
            #expect(report.inputs == 150)
            #expect(report.unclear == 0, "\(target.name): \(report.unclearExamples)")
            #expect(report.rejected > 0, "\(target.name): no mutation was rejected")
        }
    }

    @Test func mutationsAreReproducibleFromTheirSeed() {
        let mutator = Mutator()
        let input = Array(#"{"a": 1, "b": [2, 3.5], "c": "x"}"#.utf8)
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        let first = (0..<50).map { _ in mutator.mutate(input, using: &a) }
        let second = (0..<50).map { _ in mutator.mutate(input, using: &b) }
        #expect(first == second)
        #expect(Set(first).count > 30, "mutations should differ from each other")
    }
}
