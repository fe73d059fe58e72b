import Foundation
import GNN2GNN
import Testing
import TestFixtures
import FileIO
import NASBench

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
    /// `config.json` as written (version 2, nested), edited, then read back: "accepted" or the message without the file.
    func configurationError(_ configuration: TrainingConfiguration = smallConfiguration(), _ edit: (inout [String: Any]) -> Void) throws -> String {
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(configuration)) as! [String: Any]
        edit(&object)
        return try readBack(object)
    }

    func readBack(_ object: [String: Any]) throws -> String {
        let path = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let folder = RunFolder(path: path)
        try folder.create()
        let edited = try JSONSerialization.data(withJSONObject: object)
        #expect(FileManager.default.createFile(atPath: folder.configuration.path, contents: edited))
        do { _ = try folder.readConfiguration(); return "accepted" } catch {
            let text = "\(error)"
            #expect(text.hasPrefix(folder.configuration.path + ": ") && !text.contains("\n"), "\(text)")
            return String(text.dropFirst(folder.configuration.path.count + 2))
        }
    }

    /// Sets `value` at a dotted path ("generator.hiddenSize") of a nested object.
    static func set(_ path: String, _ value: Any?, in object: inout [String: Any]) {
        let keys = path.split(separator: ".").map(String.init)
        guard keys.count > 1 else { object[keys[0]] = value; return }
        var inner = object[keys[0]] as? [String: Any] ?? [:]
        set(keys.dropFirst().joined(separator: "."), value, in: &inner)
        object[keys[0]] = inner
    }

    @Test func configurationFiles() throws {
        func edited(_ path: String, _ value: Any?) throws -> String { try configurationError { Self.set(path, value, in: &$0) } }
        #expect(try configurationError { _ in } == "accepted")
        #expect(try edited("generator.hiddenSize", 6.5).hasPrefix("key 'generator.hiddenSize': 6.5 is not a whole number"))
        #expect(try edited("generator.hidenSize", 16) == "unknown setting 'generator.hidenSize'")
        #expect(try edited("valuer.widht", 16) == "unknown setting 'valuer.widht'")
        #expect(try edited("hiddenSize", 16) == "unknown setting 'hiddenSize'")  // a version-1 key in a version-2 file
        #expect(try edited("generator.temperature", 0).contains("tau (temperature) must be positive"))
        #expect(try edited("generator.hiddenSize", 100_000).contains("hidden size must be in 1...4096"))
        #expect(try edited("optimisation.epochs", "ten") == "key 'optimisation.epochs' must be an integer")
        #expect(try edited("generator.kind", "gan").hasPrefix("key 'generator.kind'"))
        #expect(try edited("valuer", 3).hasPrefix("key 'valuer' must be"))
        // Versioned: the current format is written and read, a newer one is refused.
        var written: Int?
        #expect(try configurationError { written = $0["version"] as? Int } == "accepted")
        #expect(written == TrainingConfiguration.formatVersion && written == 3)
        #expect(try edited("version", 99).hasPrefix("key 'version': 99 is not a configuration format this build reads"))
    }

    /// Version 2 writes only the generator's own settings, and a setting of another generator is an error naming it.
    @Test func generatorSectionHoldsOnlyItsKindsSettings() throws {
        var c = smallConfiguration()
        c.switchGenerator(to: .autoregressive)
        c.valuerMode = .rank
        c.distillWeight = 1
        var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(c)) as! [String: Any]
        let generator = try #require(object["generator"] as? [String: Any])
        #expect(Set(generator.keys) == ["kind", "hiddenSize", "logitBound", "distillation"])
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(c)) == c)
        Self.set("generator.directEdgeLogits", true, in: &object)
        #expect(try readBack(object).hasPrefix("key 'generator.directEdgeLogits': the autoregressive generator has no such setting (it has hiddenSize, logitBound, distillation)"))
        // Every generator's configuration survives the round trip.
        for kind in GeneratorKind.allCases {
            var k = smallConfiguration()
            k.switchGenerator(to: kind)
            if kind.usesSlots { k.valuerMode = .rank }
            #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: JSONEncoder().encode(k)) == k, "\(kind)")
        }
    }

    /// A version-1 file (flat, as every run folder before format 2; here the NB101 20-epoch run's) reads as before.
    @Test func versionOneFilesAreRead() throws {
        let v1 = #"""
        {"adversarialWarmup":0,"batchSize":32,"checkpointSelection":"last","complexity":1,"dataPath":"/data/nb101.csv.gz",
         "directEdgeLogits":false,"discriminatorLossFloor":0,"discriminatorRealTop":100,"distillPlateau":0,"distillSamples":0,
         "distillTemperature":2,"distillWeight":1,"edgeGradients":false,"eliteShare":0.5,"eliteSize":0,"entropyWeight":0.1,
         "epochs":20,"evaluationCount":1000,"generatorKind":"autoregressive","generatorLayers":2,"generatorSamples":128,
         "goodTop":50,"hiddenSize":64,"lambda":0.1,"learningRate":0.003,"logitBound":5,"membersOnly":true,"nodePositions":false,
         "oracleFeedback":true,"oracleReward":false,"penalizeAbsent":false,"policyGradientWeight":0,"queryBudget":300,
         "rewardScale":0,"seed":0,"space":"nb101","temperature":0.1,"topRemoved":10,"valuerDirectedSum":true,"valuerLayers":3,
         "valuerMode":"rank","valuerOverAllValid":false,"valuerPretrainEpochs":2,"valuerRestarts":2,"valuerWidth":64,"weightDecay":0.0005}
        """#
        var expected = TrainingConfiguration.recommended(space: "nb101")
        expected.epochs = 20
        expected.valuerRankExtension = false  // a setting added since: absent, it keeps the type's default
        expected.minimumSteps = 0
        expected.dataPath = "/data/nb101.csv.gz"
        #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: Data(v1.utf8)) == expected)
        let object = try JSONSerialization.jsonObject(with: Data(v1.utf8)) as! [String: Any]
        #expect(try readBack(object) == "accepted")
        #expect(try readBack(object.merging(["version": 1]) { $1 }) == "accepted")
        #expect(try readBack(object.merging(["hidenSize": 3]) { $1 }) == "unknown setting 'hidenSize'")
        #expect(try readBack(object.merging(["hiddenSize": 6.5]) { $1 }).hasPrefix("key 'hiddenSize': 6.5 is not a whole number"))
        #expect(try readBack(object.merging(["oracleFeedback": false, "penalizeAbsent": true]) { $1 })
            .hasPrefix("penalizeAbsent (--penalize-absent) labels oracle feedback"))
        // Builds before version 2 accepted generator settings the generator did not read (here a MolGAN
        // run on the default's hidden width, logit bound and distillation): they had no effect, so
        // the file reads, with them at their defaults.
        let molgan = object.merging(["generatorKind": "molgan"]) { $1 }
        #expect(try readBack(molgan) == "accepted")
        let read = try JSONDecoder().decode(TrainingConfiguration.self, from: JSONSerialization.data(withJSONObject: molgan))
        var expectedMolGAN = expected
        expectedMolGAN.switchGenerator(to: .molgan)
        #expect(read == expectedMolGAN && read.hiddenSize == 100 && read.logitBound == 0 && read.distillWeight == 0)
    }

    /// A setting the chosen generator would ignore is rejected with the key that names it.
    @Test func impossibleCombinations() throws {
        func message(_ kind: GeneratorKind, _ edit: (inout TrainingConfiguration) -> Void) -> String {
            var c = smallConfiguration()
            c.switchGenerator(to: kind)
            if kind.usesSlots { c.valuerMode = .rank }
            edit(&c)
            do { try c.validate(); return "accepted" } catch { return "\(error)" }
        }
        #expect(message(.molgan) { $0.logitBound = 2 }.hasPrefix("logitBound (--logit-bound) has no effect with generatorKind molgan"))
        #expect(message(.molgan) { $0.hiddenSize = 32 }.hasPrefix("hiddenSize (--hidden) has no effect with generatorKind molgan"))
        #expect(message(.rnn) { $0.nodePositions = true }.hasPrefix("nodePositions (--node-positions) has no effect with generatorKind rnn"))
        #expect(message(.rnn) { $0.generatorLayers = 3 }.hasPrefix("generatorLayers (--mu) has no effect with generatorKind rnn"))
        #expect(message(.autoregressive) { $0.temperature = 0.5 }.hasPrefix("temperature (--tau) has no effect with generatorKind autoregressive"))
        #expect(message(.autoregressive) { $0.policyGradientWeight = 1; $0.logitBound = 2 }
            .hasPrefix("policyGradientWeight (--policy-gradient) has no effect with generatorKind autoregressive"))
        #expect(message(.slots) { $0.distillTemperature = 2 }.hasPrefix("distillTemperature (--distill-temperature) has no effect with generatorKind slots"))
        #expect(message(.gnn) { $0.oracleReward = true }.hasPrefix("oracleReward (--oracle-reward) needs a score-function term"))
        #expect(message(.gnn) { $0.oracleFeedback = false; $0.penalizeAbsent = true }.hasPrefix("penalizeAbsent (--penalize-absent) labels oracle feedback"))
        // Switching the generator puts back what the new one cannot use, so a preset plus --generator is valid.
        for kind in GeneratorKind.allCases {
            var c = TrainingConfiguration.recommended(space: "nb201")
            c.switchGenerator(to: kind)
            if kind.usesSlots { c.valuerMode = .rank }
            #expect(throws: Never.self) { try c.validate() }
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

/// The README's preset table is `gnn2gnn presets`' output (`make readme-presets`), not typed.
@Suite struct PresetTableTests {
    @Test func theReadmeTableIsThePresetsOwn() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let block = try #require(text.components(separatedBy: "<!-- presets:begin -->\n").last?.components(separatedBy: "\n<!-- presets:end -->").first)
        let table = try TrainingConfiguration.presetDifferencesTable(spaces: ["nb201", "nb101", "nbgraph"])
        #expect(block == table, "README.md's preset table is stale: run `make readme-presets`")
        // Every row is a real difference, and a setting both presets share is not listed.
        #expect(table.contains("| `generator.distillation.weight` | `--distill-weight` | 0.0 | 1.0 | 1.0 | · |"))
        #expect(!table.contains("optimisation.batchSize"))
    }
}

/// `TrainingConfiguration.generator`: the typed generator section, in step with `config.json`'s.
@Suite struct GeneratorSettingsTests {
    /// Every case with every setting away from its default.
    static let samples: [GeneratorSettings] = [
        .gnn(.init(hiddenSize: 48, layers: 3, temperature: 0.5, logitBound: 2, directEdgeLogits: true, nodePositions: true,
                   edgeGradients: true, valuerOverAllValid: true, policyGradient: .init(weight: 0.5, oracleReward: true, rewardScale: 3))),
        .molgan(.init(temperature: 0.7, edgeGradients: true, valuerOverAllValid: true)),
        .slots(.init(hiddenSize: 32, layers: 3, temperature: 0.4, logitBound: 4)),
        .autoregressive(.init(hiddenSize: 24, logitBound: 5, distillation: .init(weight: 1, temperature: 2, plateau: 3, samples: 64))),
        .rnn(.init(hiddenSize: 20, logitBound: 3, distillation: .init(weight: 0.5, temperature: 4, plateau: 1, samples: 16))),
    ]

    /// Leaf values of a settings struct, nested structs flattened.
    static func leafCount(_ value: Any) -> Int {
        let children = Mirror(reflecting: value).children
        return children.isEmpty ? 1 : children.reduce(0) { $0 + leafCount($1.value) }
    }

    @Test func everySettingSurvivesTheFileAndNoOtherIsWritten() throws {
        for settings in Self.samples {
            var c = TrainingConfiguration.recommended(space: "nb201")
            c.generator = settings
            #expect(c.generatorKind == settings.kind && c.generator == settings)
            try c.validate()
            let data = try JSONEncoder().encode(c)
            #expect(try JSONDecoder().decode(TrainingConfiguration.self, from: data).generator == settings, "\(settings.kind)")
            // The typed case holds exactly the keys the file's generator section holds (besides `kind`).
            let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            let section = try #require(object["generator"] as? [String: Any])
            let fileKeys = section.filter { $0.key != "kind" }.map { ($0.value as? [String: Any])?.count ?? 1 }.reduce(0, +)
            let payload = try #require(Mirror(reflecting: settings).children.first?.value)
            #expect(Self.leafCount(payload) == fileKeys, "\(settings.kind)")
        }
    }

    @Test func defaultsAreTheConfigurationsAndSwitchingResetsTheRest() throws {
        let defaults: [GeneratorSettings] = [.gnn(.init()), .molgan(.init()), .slots(.init()), .autoregressive(.init()), .rnn(.init())]
        for settings in defaults {
            var switched = TrainingConfiguration()
            switched.switchGenerator(to: settings.kind)
            var typed = TrainingConfiguration()
            typed.generator = settings
            #expect(typed == switched, "\(settings.kind)")
        }
        var c = TrainingConfiguration.recommended(space: "nb201")  // autoregressive, hidden 64, distillation on
        c.generator = .gnn(.init(hiddenSize: 32))
        #expect(c.distillWeight == 0 && c.hiddenSize == 32 && c.logitBound == 0)
    }
}
