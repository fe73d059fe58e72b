import Foundation
import GNN2GNN
import Testing
import TestFixtures

/// A run killed between any two of an epoch's files resumes to the bytes of an uninterrupted run
/// (issue 13: a kill between `last` and `best` used to skip a log line and lose the best checkpoint).
@Suite struct CrashConsistencyTests {
    struct Killed: Error {}

    /// What must match between two runs: the log without wall times, and the bytes of the cells and checkpoints.
    func fingerprint(_ path: String) throws -> (log: [String], files: [String: Data]) {
        let folder = RunFolder(path: path)
        let log = try folder.readLog().map { entry -> String in
            var e = entry
            e.seconds = 0
            e.valuerPretrainSeconds = e.valuerPretrainSeconds.map { _ in 0 }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            return String(decoding: try encoder.encode(e), as: UTF8.self)
        }
        var files: [String: Data] = [:]
        for url in [folder.generated, folder.lastCheckpoint, folder.bestCheckpoint] {
            files[url.lastPathComponent] = FileManager.default.contents(atPath: url.path)
        }
        return (log, files)
    }

    @Test func aKillBetweenAnyTwoFilesOfAnEpochResumesToTheSameBytes() throws {
        let benchmark = try syntheticBenchmark()
        var config = smallConfiguration()
        config.epochs = 4
        let reference = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: reference) }
        var writes: [(Int, String)] = []
        var recording = TrainingSession()
        recording.afterEpochFile = { epoch, url in writes.append((epoch, url.lastPathComponent)) }
        _ = try recording.run(configuration: config, benchmark: benchmark, folder: RunFolder(path: reference), resume: false, finalCount: 60)
        let expected = try fingerprint(reference)
        #expect(expected.files.values.count == 3 && expected.log.count == 4)
        #expect(writes.contains { $0.1 == "best.safetensors" }, "the run should write a best checkpoint to test the kill around it")

        for (point, write) in writes.enumerated() {
            let path = temporaryFolder()
            defer { try? FileManager.default.removeItem(atPath: path) }
            var count = 0
            var killed = TrainingSession()
            killed.afterEpochFile = { _, _ in
                if count == point { throw Killed() }
                count += 1
            }
            #expect(throws: Killed.self) {
                try killed.run(configuration: config, benchmark: benchmark, folder: RunFolder(path: path), resume: false, finalCount: 60)
            }
            // A kill inside an atomic write leaves its temporary file; the resume removes it.
            let folder = RunFolder(path: path)
            let stray = AtomicFile.temporaryURL(for: folder.lastCheckpoint)
            #expect(FileManager.default.createFile(atPath: stray.path, contents: Data("torn".utf8)))
            _ = try TrainingSession().run(configuration: config, benchmark: benchmark, folder: folder, resume: true, finalCount: 60)
            let got = try fingerprint(path)
            #expect(got.log == expected.log, "kill after \(write): log differs")
            for (name, data) in expected.files { #expect(got.files[name] == data, "kill after \(write): \(name) differs") }
            #expect(!FileManager.default.fileExists(atPath: stray.path))
        }
    }

    @Test func aLogShorterThanTheCheckpointIsAnError() throws {
        let benchmark = try syntheticBenchmark()
        let path = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var config = smallConfiguration()
        config.epochs = 3
        var session = TrainingSession()
        session.stopAfterEpoch = 2
        #expect(throws: TrainingInterrupted.self) {
            try session.run(configuration: config, benchmark: benchmark, folder: RunFolder(path: path), resume: false, finalCount: 10)
        }
        let folder = RunFolder(path: path)
        try folder.rewriteLog(Array(try folder.readLog().prefix(1)))
        #expect {
            try TrainingSession().run(configuration: config, benchmark: benchmark, folder: folder, resume: true, finalCount: 10)
        } throws: { error in
            "\(error)".hasPrefix(folder.log.path) && "\(error)".contains("holds 1 epochs")
        }
    }
}

/// Run-folder and space files with bad settings: one line naming the file and the key (issue 13).
@Suite struct SettingsFileErrorTests {
    func configurationError(_ edit: (inout [String: Any]) -> Void) throws -> String {
        let path = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = RunFolder(path: path)
        try folder.create()
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(smallConfiguration())) as! [String: Any]
        edit(&object)
        let edited = try JSONSerialization.data(withJSONObject: object)
        #expect(FileManager.default.createFile(atPath: folder.configuration.path, contents: edited))
        do { _ = try folder.readConfiguration(); return "accepted" } catch {
            let text = "\(error)"
            #expect(text.hasPrefix(folder.configuration.path + ": ") && !text.contains("\n"), "\(text)")
            return String(text.dropFirst(folder.configuration.path.count + 2))
        }
    }

    @Test func configurationFiles() throws {
        #expect(try configurationError { _ in } == "accepted")
        #expect(try configurationError { $0["hiddenSize"] = 6.5 }.hasPrefix("key 'hiddenSize': 6.5 is not a whole number"))
        #expect(try configurationError { $0["hidenSize"] = 16 } == "unknown setting 'hidenSize'")
        #expect(try configurationError { $0["temperature"] = 0 }.contains("tau (temperature) must be positive"))
        #expect(try configurationError { $0["hiddenSize"] = 100_000 }.contains("hidden size must be in 1...4096"))
        #expect(try configurationError { $0["epochs"] = "ten" } == "key 'epochs' must be an integer")
        #expect(try configurationError { $0["generatorKind"] = "gan" }.hasPrefix("key 'generatorKind'"))
        // Versioned: the current format is written and read, a file without the key is version 1, a newer one is refused.
        var written: Int?
        #expect(try configurationError { written = $0["version"] as? Int } == "accepted")
        #expect(written == TrainingConfiguration.formatVersion)
        #expect(try configurationError { $0["version"] = nil } == "accepted")
        #expect(try configurationError { $0["version"] = 99 }.hasPrefix("key 'version': 99 is not a configuration format this build reads"))
    }

    /// A setting the chosen generator would ignore is rejected with the key that names it.
    @Test func impossibleCombinations() throws {
        let cases: [([String: Any], String)] = [
            (["generatorKind": "molgan", "logitBound": 2], "logitBound (--logit-bound) has no effect with generatorKind molgan"),
            (["generatorKind": "rnn", "nodePositions": true, "valuerMode": "rank"], "nodePositions (--node-positions) has no effect with generatorKind rnn"),
            (["generatorKind": "autoregressive", "policyGradientWeight": 1, "logitBound": 2, "valuerMode": "rank"],
             "policyGradientWeight (--policy-gradient) has no effect with generatorKind autoregressive"),
            (["oracleReward": true], "oracleReward (--oracle-reward) needs a score-function term"),
            (["oracleFeedback": false, "penalizeAbsent": true], "penalizeAbsent (--penalize-absent) labels oracle feedback"),
        ]
        for (settings, expected) in cases {
            let message = try configurationError { object in for (key, value) in settings { object[key] = value } }
            #expect(message.hasPrefix(expected), "\(settings): \(message)")
        }
    }

    @Test func spaceFilesNameThemselves() throws {
        let path = NSTemporaryDirectory() + "space-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        for (json, expected) in [(#"{"name": "s", "operations": ["a"], "maxNodes": 6.5}"#, "key 'maxNodes': 6.5 is not a whole number"),
                                 (#"{"name": "s", "operations": ["a"], "maxNodes": 100000}"#, "maxNodes: must be in 2...64"),
                                 (#"{"name": "s", "operations": ["a"]}"#, "key 'maxNodes' is missing")] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(json.utf8)))
            #expect {
                _ = try Benchmark.load(space: path, path: "/tmp/data.jsonl")
            } throws: { error in
                let text = "\(error)"
                return text.hasPrefix(path + ": ") && text.contains(expected) && !text.contains("data.jsonl")
            }
        }
    }
}
