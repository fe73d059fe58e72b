import Foundation
import Testing
@testable import NASBench

/// Directory of the shared NAS-Bench-101 files, or `nil` (with a printed reason) when absent.
func nasbench101DataDirectory() -> String? {
    let candidates = [
        ProcessInfo.processInfo.environment["GNN2GNN_DATA"].map { $0 + "/nasbench101" },
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/data/nasbench101").standardized.path,
        "/work/shared/data/nasbench101",
    ].compactMap { $0 }
    for dir in candidates where FileManager.default.fileExists(atPath: dir + "/ecnas_energy_5V9E.tfrecord") {
        return dir
    }
    print("skipping: NAS-Bench-101 EC-NAS TFRecord files not found (looked in \(candidates.joined(separator: ", ")))")
    return nil
}

@Suite struct TFRecordFramingTests {
    @Test func crc32cKnownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0..<32 as Range<UInt8>)) == 0x46DD_794E)
    }

    @Test func crc32cSlicingAgreesWithBytewise() {
        var rng = SystemRandomNumberGenerator()
        for length in [1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var reference: UInt32 = 0xFFFF_FFFF
            for b in bytes {
                reference ^= UInt32(b)
                for _ in 0..<8 { reference = (reference & 1) != 0 ? (reference >> 1) ^ 0x82F6_3B78 : reference >> 1 }
            }
            #expect(CRC32C.checksum(bytes) == ~reference)
            // Continuing over a split gives the same checksum.
            let split = length / 3
            let head = bytes[..<split].withUnsafeBytes { CRC32C.checksum($0) }
            let whole = bytes[split...].withUnsafeBytes { CRC32C.checksum($0, continuing: head) }
            #expect(whole == ~reference)
        }
    }

    @Test func maskRotatesAndAdds() {
        #expect(CRC32C.mask(0) == 0xA282_EAD8)
        #expect(CRC32C.mask(0x8000) == 0xA282_EAD9)
        #expect(CRC32C.mask(1) == 0xA284_EAD8)
    }

    @Test func framesRoundTrip() throws {
        let payloads: [[UInt8]] = [[], Array("hello".utf8), [UInt8](repeating: 7, count: 1000)]
        let file = payloads.flatMap(TFRecord.frame)
        var seen: [[UInt8]] = []
        var offsets: [Int] = []
        try file.withUnsafeBytes { buffer in
            try TFRecord.forEachPayload(in: buffer, file: "t.tfrecord") { record, offset, payload in
                #expect(record == seen.count)
                seen.append(Array(payload))
                offsets.append(offset)
            }
        }
        #expect(seen == payloads)
        #expect(offsets == [0, 16, 37])
    }
}

@Suite struct NASBench101TFRecordTests {
    static let metricsBase64 =
        // ModelMetrics { evaluation_data { current_epoch: 4, training_time: 10, train_accuracy: 0.5,
        // validation_accuracy: 0.25, test_accuracy: 0.125 }, trainable_parameters: 1234, total_time: 20,
        // unknown field 9 (varint 5) }
        {
            var evaluation = Nasbench_EvaluationData()
            evaluation.currentEpoch = 4
            evaluation.trainingTime = 10
            evaluation.trainAccuracy = 0.5
            evaluation.validationAccuracy = 0.25
            evaluation.testAccuracy = 0.125
            var metrics = Nasbench_ModelMetrics()
            metrics.evaluationData = [Nasbench_EvaluationData(), evaluation]
            metrics.trainableParameters = 1234
            metrics.totalTime = 20
            var bytes: [UInt8] = try! metrics.serializedBytes()
            bytes += [0x48, 0x05]  // field 9, varint 5: an unknown field the reader must skip
            return Data(bytes).base64EncodedString(options: .lineLength64Characters)
        }()

    static func payload(
        hash: String = "e1aeb470572477cf15b1bd3644d59370", epochs: String = "4",
        adjacency: String = "0110000011000100000100000",
        ops: String = "input,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,output",
        metrics: String? = nil
    ) -> [UInt8] {
        let m = (metrics ?? metricsBase64).replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n")
        return Array("[\"\(hash)\", \(epochs), \"\(adjacency)\", \"\(ops)\", \"\(m)\"]".utf8)
    }

    /// Reads `bytes` and returns the error description, or `nil` when it reads.
    static func errorText(_ bytes: [UInt8]) -> String? {
        do {
            _ = try NASBench101TFRecord.read(bytes: bytes, file: "ecnas.tfrecord")
            return nil
        } catch let error as TFRecordError {
            return error.description
        } catch {
            return "unexpected error type: \(error)"
        }
    }

    @Test func decodesSyntheticRecord() throws {
        let file = TFRecord.frame(Self.payload()) + TFRecord.frame(Self.payload(epochs: "4"))
            + TFRecord.frame(Self.payload(epochs: "108"))
        let records = try NASBench101TFRecord.read(bytes: file, file: "x.tfrecord")
        #expect(records.count == 1)
        let r = try #require(records.first)
        #expect(r.hash == "e1aeb470572477cf15b1bd3644d59370")
        #expect(r.nodeCount == 5)
        #expect(r.adjacency[0] == [0, 1, 1, 0, 0])
        #expect(r.ops[2] == "maxpool3x3")
        #expect(r.trainableParameters == 1234)
        #expect(r.epochs == [4, 108])
        #expect(r.repeats(epochs: 4).count == 2)
        #expect(r.repeats(epochs: 4)[0] == NASBench101Evaluation(
            epoch: 4, trainingTime: 10, trainAccuracy: 0.5, validationAccuracy: 0.25, testAccuracy: 0.125))
        #expect(r.mean(epochs: 108, \.testAccuracy) == 0.125)
        #expect(r.mean(epochs: 36, \.testAccuracy) == nil)
    }

    @Test func emptyFileHasNoRecords() throws {
        #expect(try NASBench101TFRecord.read(bytes: [], file: "empty.tfrecord").isEmpty)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gnn2gnn-empty-\(getpid()).tfrecord").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try NASBench101TFRecord.read(path: path).isEmpty)
    }

    @Test func missingFileIsAnError() {
        #expect(throws: TFRecordError.self) { try NASBench101TFRecord.read(path: "/nonexistent/x.tfrecord") }
    }

    @Test func flippedLengthByteFailsLengthCRC() {
        var file = TFRecord.frame(Self.payload())
        file[0] ^= 0x01
        let text = Self.errorText(file)
        #expect(text?.hasPrefix("ecnas.tfrecord: record 0 (offset 0): length CRC mismatch") == true, "\(text ?? "nil")")
    }

    @Test func badLengthCRC() {
        let good = TFRecord.frame(Self.payload())
        var file = good + good
        file[good.count + 9] ^= 0x40
        let text = Self.errorText(file)
        #expect(text?.hasPrefix("ecnas.tfrecord: record 1 (offset \(good.count)): length CRC mismatch") == true, "\(text ?? "nil")")
    }

    @Test func badPayloadCRC() {
        var file = TFRecord.frame(Self.payload())
        file[file.count - 1] ^= 0x01
        #expect(Self.errorText(file)?.hasPrefix("ecnas.tfrecord: record 0 (offset 0): payload CRC mismatch") == true)
        // A flipped payload byte is caught by the same check.
        var corrupted = TFRecord.frame(Self.payload())
        corrupted[20] ^= 0x01
        #expect(Self.errorText(corrupted)?.contains("payload CRC mismatch") == true)
    }

    @Test func invalidJSON() {
        for bad in ["[\"abc\", 4", "{\"a\": 1}", "[\"a\" 4]", "[true]", "[\"a\\q\"]", "[1] x", ""] {
            let text = Self.errorText(TFRecord.frame(Array(bad.utf8)))
            #expect(text?.hasPrefix("ecnas.tfrecord: record 0 (offset 0): invalid JSON") == true, "\(bad): \(text ?? "nil")")
        }
        let short = Self.errorText(TFRecord.frame(Array("[\"a\", 4]".utf8)))
        #expect(short?.contains("expected a JSON array of 5 elements") == true)
    }

    @Test func invalidFields() {
        #expect(Self.errorText(TFRecord.frame(Self.payload(hash: "xyz")))?.contains(": hash: expected 32 lowercase hex digits") == true)
        #expect(Self.errorText(TFRecord.frame(Self.payload(epochs: "4.5")))?.contains(": epochs: expected a positive integer") == true)
        #expect(Self.errorText(TFRecord.frame(Self.payload(adjacency: "0110")))?.contains(": adjacency: 4 characters, expected 25") == true)
        #expect(Self.errorText(TFRecord.frame(Self.payload(adjacency: "0110000011000100000100002")))?.contains(": adjacency: character 24 is not 0 or 1") == true)
        #expect(Self.errorText(TFRecord.frame(Self.payload(ops: "input,,output")))?.contains(": ops: expected at least 2") == true)
    }

    @Test func invalidBase64() {
        let text = Self.errorText(TFRecord.frame(Self.payload(metrics: "CnIJ*AAA")))
        #expect(text?.hasPrefix("ecnas.tfrecord: record 0 (offset 0): metrics: invalid base64 character at position 4") == true, "\(text ?? "nil")")
        let ragged = Self.errorText(TFRecord.frame(Self.payload(metrics: "CnIJA")))
        #expect(ragged?.contains("metrics: base64 length") == true, "\(ragged ?? "nil")")
    }

    @Test func invalidProtobuf() {
        // A varint that never ends, then a length-delimited field 1 longer than the message.
        for bytes: [UInt8] in [[0xFF, 0xFF, 0xFF], [0x0A, 0x40, 0x01]] {
            let text = Self.errorText(TFRecord.frame(Self.payload(metrics: Data(bytes).base64EncodedString())))
            #expect(text?.hasPrefix("ecnas.tfrecord: record 0 (offset 0): ModelMetrics protobuf:") == true, "\(text ?? "nil")")
        }
        let empty = Self.errorText(TFRecord.frame(Self.payload(metrics: "")))
        #expect(empty?.contains("no evaluation_data") == true)
    }

    @Test func truncatedFilesNeverCrash() {
        let good = TFRecord.frame(Self.payload())
        let file = good + good
        for cut in 1..<file.count where cut != good.count {
            let text = Self.errorText(Array(file[..<cut]))
            #expect(text != nil)
            #expect(text?.contains("truncated") == true || text?.contains("CRC") == true, "cut \(cut): \(text ?? "nil")")
        }
        #expect(Self.errorText(Array(file[..<good.count])) == nil)
        let header = Self.errorText(Array(file[..<(good.count + 5)]))
        #expect(header == "ecnas.tfrecord: record 1 (offset \(good.count)): length header truncated: 5 of 12 bytes present")
        let body = Self.errorText(Array(file[..<(good.count + 20)]))
        #expect(body?.hasPrefix("ecnas.tfrecord: record 1 (offset \(good.count)): payload truncated") == true)
    }

    @Test func inconsistentDuplicateHash() throws {
        let file = TFRecord.frame(Self.payload()) + TFRecord.frame(Self.payload(ops: "input,conv1x1-bn-relu,maxpool3x3,conv3x3-bn-relu,output"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gnn2gnn-dup-\(getpid()).tfrecord").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data(file)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            try NASBench101TFRecord.read(path: path)
        } throws: { error in
            (error as? TFRecordError)?.description.contains("record 1 (offset \(file.count / 2)): ops differ from an earlier record") == true
        }
    }
}

@Suite struct ECNASFileTests {
    @Test func reads5V9E() throws {
        guard let dir = nasbench101DataDirectory() else { return }
        let path = dir + "/ecnas_energy_5V9E.tfrecord"
        var entries = 0
        try NASBench101TFRecord.forEachEntry(path: path) { _, _, _ in entries += 1 }
        #expect(entries == 2532)
        let records = try NASBench101TFRecord.read(path: path)
        #expect(records.count == 2532)
        #expect(records.allSatisfy { $0.epochs == [4] && $0.nodeCount <= 5 && $0.repeats(epochs: 4).count == 1 })
        // Values checked independently with Python (json + base64 + protobuf's generated module).
        let first = records[0]
        #expect(first.hash == "e1aeb470572477cf15b1bd3644d59370")
        #expect(first.adjacency == [[0, 1, 1, 0, 0], [0, 0, 0, 1, 1], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1], [0, 0, 0, 0, 0]])
        #expect(first.ops == ["input", "conv3x3-bn-relu", "maxpool3x3", "conv3x3-bn-relu", "output"])
        #expect(first.trainableParameters == 5_532_810)
        let run = first.repeats(epochs: 4)[0]
        #expect(run.epoch == 4)
        #expect(run.trainAccuracy == 0.5912460088729858)
        #expect(run.validationAccuracy == 0.5816305875778198)
        #expect(run.testAccuracy == 0.5799278616905212)
        #expect(run.trainingTime == 92.45899963378906)
        let r17 = records[17]
        #expect(r17.hash == "55466b4cd76b669601717df57be50f2d")
        #expect(r17.ops == ["input", "maxpool3x3", "maxpool3x3", "maxpool3x3", "output"])
        #expect(r17.trainableParameters == 2_193_162)
        #expect(r17.repeats(epochs: 4)[0].testAccuracy == 0.31260016560554504)
        let last = try #require(records.last)
        #expect(last.hash == "693200c6c2749d896ea7f55c333d02a5")
        #expect(last.trainableParameters == 592_660)
        #expect(last.repeats(epochs: 4)[0].validationAccuracy == 0.3600761294364929)
    }

    @Test func reads4V9EEstimate() throws {
        guard let dir = nasbench101DataDirectory() else { return }
        let path = dir + "/ecnas_energy_4V9E_estimate.tfrecord"
        var entries = 0
        try NASBench101TFRecord.forEachEntry(path: path) { _, _, _ in entries += 1 }
        #expect(entries == 364)
        let records = try NASBench101TFRecord.read(path: path)
        #expect(records.count == 91)
        #expect(records.allSatisfy { $0.epochs == [4, 12, 36, 108] && $0.nodeCount <= 4 })
        let first = records[0]
        #expect(first.hash == "5529e1779433733d1145e20de5d8604e")
        #expect(first.ops == ["input", "conv1x1-bn-relu", "conv3x3-bn-relu", "output"])
        #expect(first.trainableParameters == 3_468_426)
        #expect(first.repeats(epochs: 4)[0].testAccuracy == 0.599792997042338)
        #expect(first.repeats(epochs: 12)[0].trainAccuracy == 0.8739650249481201)
        let last = try #require(records.last)
        #expect(last.hash == "3db7e20184e417b4eb1718c5846356a6")
        #expect(last.trainableParameters == 1_143_306)
        #expect(last.repeats(epochs: 108) == [NASBench101Evaluation(
            epoch: 108, trainingTime: last.repeats(epochs: 108)[0].trainingTime, trainAccuracy: 1.0,
            validationAccuracy: 0.8932625651359558, testAccuracy: 0.8890892068545023)])
        #expect(last.repeats(epochs: 36)[0].trainAccuracy == 0.9891159137090048)
    }
}

@Suite struct ECNASHashAndBenchmarkTests {
    /// The NAS-Bench-101 module hash recomputed from each record's adjacency and ops equals its stored hash.
    @Test(arguments: ["ecnas_energy_5V9E.tfrecord", "ecnas_energy_4V9E_estimate.tfrecord"])
    func hashesReproduce(file: String) throws {
        guard let dir = nasbench101DataDirectory() else { return }
        let space = NASBench101Space()
        var checked = 0
        try NASBench101TFRecord.forEachEntry(path: dir + "/" + file) { record, _, entry in
            let labels = entry.ops.enumerated().map { i, op in
                i == 0 ? Cell.inputLabel : i == entry.ops.count - 1 ? Cell.outputLabel : space.operations.firstIndex(of: op) ?? 99
            }
            let cell = Cell(nodeCount: entry.ops.count, adjacency: entry.adjacencyBits.map { $0 != 0 }, labels: labels)
            #expect(space.invalidity(of: cell) == nil, "record \(record)")
            #expect(space.canonicalHash(of: cell) == entry.hash, "record \(record)")
            checked += 1
        }
        #expect(checked == (file.contains("5V9E") ? 2532 : 364))
    }

    @Test func benchmarkFromTFRecord() throws {
        guard let dir = nasbench101DataDirectory() else { return }
        let path = dir + "/ecnas_energy_4V9E_estimate.tfrecord"
        let b108 = try Benchmark.loadNASBench101TFRecord(path: path)
        #expect(b108.records.count == 91)
        #expect(b108.rejected.isEmpty)
        #expect(b108.name == "nb101-108ep-test_accuracy")
        let last = try #require(b108.records.last)
        #expect(last.identifier == "3db7e20184e417b4eb1718c5846356a6")
        #expect(last.metrics["test_accuracy"] == 0.8890892068545023)
        #expect(last.footprint == 1_143_306)
        #expect(b108.classIndex(of: last.cell) != nil)
        let b4 = try Benchmark.loadNASBench101TFRecord(path: path, epochs: 4, objectiveColumn: "validation_accuracy")
        #expect(b4.records.first?.metrics["validation_accuracy"] == 0.6064703663190206)
        #expect(b4.classes.count == b108.classes.count)
        #expect(throws: BenchmarkError.self) { try Benchmark.loadNASBench101TFRecord(path: path, epochs: 5) }
        let b5 = try Benchmark.loadNASBench101TFRecord(path: dir + "/ecnas_energy_5V9E.tfrecord")
        #expect(b5.records.count == 2532)
        #expect(b5.name == "nb101-4ep-test_accuracy")
    }
}

@Suite struct TFRecordCorruptionFuzzTests {
    /// Random byte flips and cuts in a slice of a real file: always a `TFRecordError`, never a crash.
    @Test func randomDamageIsAlwaysReported() throws {
        guard let dir = nasbench101DataDirectory() else { return }
        let whole = try Data(contentsOf: URL(fileURLWithPath: dir + "/ecnas_energy_4V9E_estimate.tfrecord"))
        var end = 0
        var boundaries: Set<Int> = [0]
        try whole.withUnsafeBytes { bytes in
            try TFRecord.forEachPayload(in: bytes, file: "x") { record, offset, payload in
                if record < 8 {
                    end = offset + payload.count + TFRecord.overhead
                    boundaries.insert(end)
                }
            }
        }
        let valid = [UInt8](whole.prefix(end))
        #expect(try NASBench101TFRecord.read(bytes: valid, file: "x").count == 2)
        var rng = SplitMix64(seed: 42)
        for trial in 0..<300 {
            var damaged = valid
            let position = Int(rng.next() % UInt64(valid.count))
            if trial % 3 == 0 {
                if boundaries.contains(position) { continue }  // a whole-record cut leaves a valid file
                damaged.removeSubrange(position...)
            } else {
                damaged[position] ^= UInt8(1 + rng.next() % 255)
            }
            #expect(throws: TFRecordError.self, "trial \(trial), byte \(position)") {
                try NASBench101TFRecord.read(bytes: damaged, file: "x")
            }
        }
    }
}
