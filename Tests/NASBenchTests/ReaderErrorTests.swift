import Foundation
import Testing
@testable import NASBench

/// Malformed inputs: each gives one clear line naming file, line and field; nothing crashes.
@Suite struct ReaderErrorTests {
    static let nb201Header = "CIFAR10TestAccuracy200Epochs,CIFAR100TestAccuracy200Epochs,ImageNetTestAccuracy200Epochs,ArchitectureString,UniqueString"
    static let goodArch = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|"
    static let nb101Header = "index,hash,num_vertices,adjacency,ops,trainable_parameters,test_accuracy,flops"
    static let nb101Row = #"0,00005c142e6f48ac74fdcf73e3439874,7,0100110001000000010010000010000001000000010000000,"input,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output",8555530,0.9211738705635071,1266914304"#

    /// Loads `text` as a file of the given kind and returns the error's description.
    func failure(_ text: String, suffix: String, space: String) -> String? {
        let path = TestData.temporaryFile(text, suffix: suffix)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try Benchmark.load(space: space, path: path)
            return nil
        } catch let error as BenchmarkError {
            let line = error.description
            #expect(line.hasPrefix(path), "error should name the file: \(line)")
            #expect(!line.contains("\n"))
            return line
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    func expectFailure(_ text: String, suffix: String, space: String, contains parts: [String]) {
        guard let message = failure(text, suffix: suffix, space: space) else {
            Issue.record("expected an error for \(suffix) input:\n\(text)")
            return
        }
        for part in parts { #expect(message.contains(part), "'\(message)' should contain '\(part)'") }
    }

    @Test func nasBench201CSV() {
        let row = "94.1,70.2,44.3,\(Self.goodArch),x"
        #expect(failure("\(Self.nb201Header)\n\(row)\n", suffix: ".csv", space: "nb201") == nil)
        expectFailure("\(Self.nb201Header)\n\(row)\nabc,70.2,44.3,\(Self.goodArch),x\n", suffix: ".csv", space: "nb201",
                      contains: [":3:", "field 'CIFAR10TestAccuracy200Epochs'", "not a number: \"abc\""])
        expectFailure("\(Self.nb201Header)\n94.1,70.2,44.3,|conv~0|+|x~0|,x\n", suffix: ".csv", space: "nb201",
                      contains: [":2:", "field 'ArchitectureString'", "expected 3 groups"])
        expectFailure("\(Self.nb201Header)\n94.1,70.2,\(Self.goodArch),x\n", suffix: ".csv", space: "nb201",
                      contains: [":2:", "expected 5 fields, found 4"])
        expectFailure("CIFAR100TestAccuracy200Epochs,ArchitectureString\n70.2,\(Self.goodArch)\n", suffix: ".csv", space: "nb201",
                      contains: [":1:", "field 'CIFAR10TestAccuracy200Epochs'", "missing column"])
        expectFailure("", suffix: ".csv", space: "nb201", contains: ["empty file"])
        expectFailure("\(Self.nb201Header)\n", suffix: ".csv", space: "nb201", contains: ["no valid cell"])
        expectFailure("\(Self.nb201Header)\n94.1,70.2,44.3,\"\(Self.goodArch),x\n", suffix: ".csv", space: "nb201",
                      contains: [":2:", "unterminated quoted field"])
        expectFailure("\(Self.nb201Header)\n94.1,70.2,44.3,\(Self.goodArch),x\n", suffix: ".csv", space: "nb999", contains: ["unknown space"])
        // Quoted fields work (and quotes inside are unescaped).
        #expect(failure("\(Self.nb201Header)\n\"94.1\",70.2,44.3,\"\(Self.goodArch)\",\"a \"\"b\"\"\"\r\n", suffix: ".csv", space: "nb201") == nil)
    }

    @Test func nasBench101CSV() {
        #expect(failure("\(Self.nb101Header)\n\(Self.nb101Row)\n", suffix: ".csv", space: "nb101") == nil)
        expectFailure("\(Self.nb101Header)\n\(Self.nb101Row.replacingOccurrences(of: "maxpool3x3", with: "maxpool5x5"))\n", suffix: ".csv", space: "nb101",
                      contains: [":2:", "field 'ops'", "unknown operation \"maxpool5x5\""])
        expectFailure("\(Self.nb101Header)\n\(Self.nb101Row.replacingOccurrences(of: ",0100110001", with: ",100110001"))\n", suffix: ".csv", space: "nb101",
                      contains: [":2:", "field 'adjacency'", "expected 7×7"])
        expectFailure("\(Self.nb101Header)\n\(Self.nb101Row.replacingOccurrences(of: ",0100110001", with: ",0120110001"))\n", suffix: ".csv", space: "nb101",
                      contains: ["field 'adjacency'", "expected 0 or 1"])
        expectFailure("\(Self.nb101Header)\n\(Self.nb101Row.replacingOccurrences(of: "0.9211738705635071", with: "nan"))\n", suffix: ".csv", space: "nb101",
                      contains: ["field 'test_accuracy'", "not a number: \"nan\""])
        expectFailure("\(Self.nb101Header)\n\(Self.nb101Row.replacingOccurrences(of: "00005c14", with: "XYZ"))\n", suffix: ".csv", space: "nb101",
                      contains: ["field 'hash'"])
        expectFailure("\(Self.nb101Header)\n\(Self.nb101Row.replacingOccurrences(of: ",7,", with: ",6,"))\n", suffix: ".csv", space: "nb101",
                      contains: ["field 'num_vertices'"])
        expectFailure("index,hash,adjacency,ops\n", suffix: ".csv", space: "nb101", contains: ["field 'test_accuracy'", "missing column"])
        expectFailure("\(Self.nb101Header)\n\(Self.nb101Row),5\n", suffix: ".csv", space: "nb101", contains: ["expected 8 fields, found 9"])
        // A CSV saved as .tfrecord reaches the TFRecord reader, whose framing check rejects it.
        let path = NSTemporaryDirectory() + "nasbench-test-\(UUID().uuidString).tfrecord"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("\(Self.nb101Header)\n\(Self.nb101Row)\n".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: TFRecordError.self) { try Benchmark.load(space: "nb101", path: path) }
        expectFailure("x", suffix: ".parquet", space: "nb101", contains: ["unsupported format"])
        expectFailure("\(Self.nb101Header)\n\(Self.nb101Row)\n", suffix: ".txt", space: "nb101", contains: ["unsupported format"])
    }

    @Test func truncatedAndCorruptGzip() throws {
        guard let source = TestData.nb101CSV else { return }
        let handle = try #require(FileHandle(forReadingAtPath: source))
        let prefix = handle.readData(ofLength: 200_000)
        try handle.close()
        let path = NSTemporaryDirectory() + "nasbench-truncated-\(UUID().uuidString).csv.gz"
        #expect(FileManager.default.createFile(atPath: path, contents: prefix))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try Benchmark.loadNASBench101CSV(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(path) && text.contains("truncated")
        }
        // Garbage after a gzip magic number.
        var corrupt = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 0xFF])
        corrupt.append(Data((0..<2000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        let bad = NSTemporaryDirectory() + "nasbench-corrupt-\(UUID().uuidString).csv.gz"
        #expect(FileManager.default.createFile(atPath: bad, contents: corrupt))
        defer { try? FileManager.default.removeItem(atPath: bad) }
        #expect(throws: BenchmarkError.self) { try Benchmark.loadNASBench101CSV(path: bad) }
        #expect(throws: BenchmarkError.self) { try Benchmark.loadNASBench101CSV(path: "/nonexistent/file.csv") }
    }

    @Test func jsonLines() {
        let good = #"{"matrix": [[0,1,0],[0,0,1],[0,0,0]], "ops": ["input", "conv3x3-bn-relu", "output"], "metrics": {"test_accuracy": 0.9}}"#
        #expect(failure(good + "\n\n" + good + "\n", suffix: ".jsonl", space: "nb101") == nil)
        expectFailure(good + "\n{\"matrix\": [[0,1],\n", suffix: ".jsonl", space: "nb101", contains: [":2:", "invalid JSON"])
        expectFailure(good + "\n[1, 2]\n", suffix: ".jsonl", space: "nb101", contains: [":2:", "not a JSON object"])
        expectFailure(#"{"ops": ["input", "output"], "metrics": {"test_accuracy": 1}}"#, suffix: ".jsonl", space: "nb101",
                      contains: [":1:", "field 'matrix'", "missing"])
        expectFailure(good.replacingOccurrences(of: "conv3x3-bn-relu", with: "conv7x7"), suffix: ".jsonl", space: "nb101",
                      contains: [":1:", "field 'ops'", "unknown operation 'conv7x7'"])
        expectFailure(good.replacingOccurrences(of: "[0,0,1],", with: "[0,0],"), suffix: ".jsonl", space: "nb101",
                      contains: ["field 'matrix'", "row 1 has 2 entries"])
        expectFailure(good.replacingOccurrences(of: "0.9", with: "\"high\""), suffix: ".jsonl", space: "nb101",
                      contains: ["field 'metrics.test_accuracy'", "not a number"])
        expectFailure(good.replacingOccurrences(of: "[0,1,0]", with: "[0,2,0]"), suffix: ".jsonl", space: "nb101",
                      contains: ["field 'matrix'", "expected 0 or 1"])
        expectFailure("", suffix: ".jsonl", space: "nb101", contains: ["empty file"])
        expectFailure(good.replacingOccurrences(of: "test_accuracy", with: "acc") + "\n" + good, suffix: ".jsonl", space: "nb101",
                      contains: [":2:", "field 'acc'", "no value for the objective"])
        // NAS-Bench-201 cells by string.
        #expect(failure(#"{"arch": "\#(Self.goodArch)", "metrics": {"acc": 93}}"#, suffix: ".jsonl", space: "nb201") == nil)
        expectFailure(#"{"arch": "|bad|", "metrics": {"acc": 93}}"#, suffix: ".jsonl", space: "nb201", contains: ["field 'arch'"])
    }
}
