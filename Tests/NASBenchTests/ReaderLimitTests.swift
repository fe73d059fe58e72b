import CZlib
import Foundation
import Testing
@testable import NASBench

/// gzip-compresses `data` (one member), as `gzip` would.
func gzipped(_ data: Data) -> Data {
    var stream = z_stream()
    precondition(deflateInit2_(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK)
    defer { deflateEnd(&stream) }
    var input = [UInt8](data)
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
    let written = input.withUnsafeMutableBufferPointer { i in
        output.withUnsafeMutableBufferPointer { o -> Int in
            stream.next_in = i.baseAddress; stream.avail_in = UInt32(i.count)
            stream.next_out = o.baseAddress; stream.avail_out = UInt32(o.count)
            precondition(deflate(&stream, Z_FINISH) == Z_STREAM_END)
            return o.count - Int(stream.avail_out)
        }
    }
    return Data(output.prefix(written))
}

/// The limits and edge cases of the line reader and the number parser (issue 13's findings).
@Suite struct ReaderLimitTests {
    func temporaryFile(_ data: Data, suffix: String) -> String {
        let path = NSTemporaryDirectory() + "nasbench-limit-\(UUID().uuidString)\(suffix)"
        #expect(FileManager.default.createFile(atPath: path, contents: data))
        return path
    }

    func lines(_ path: String) throws -> [String] {
        let reader = try LineReader(path: path)
        var out: [String] = []
        while let line = try reader.nextLine({ String(decoding: $0, as: UTF8.self) }) { out.append(line) }
        return out
    }

    @Test func gzipMembersAreReadInTurnAndTrailingBytesAreAnError() throws {
        let one = gzipped(Data("a,b\n1,2\n".utf8)), two = gzipped(Data("3,4\n".utf8))
        let joined = temporaryFile(one + two, suffix: ".csv.gz")
        defer { try? FileManager.default.removeItem(atPath: joined) }
        #expect(try lines(joined) == ["a,b", "1,2", "3,4"])
        #expect(try lines(temporaryFile(Data("x\r\ny".utf8), suffix: ".csv")) == ["x", "y"])

        let trailing = temporaryFile(one + Data("garbage".utf8), suffix: ".csv.gz")
        defer { try? FileManager.default.removeItem(atPath: trailing) }
        #expect {
            _ = try lines(trailing)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix(trailing) && text.contains("after the end of the gzip stream") && !text.contains("\n")
        }
        let truncated = temporaryFile(one.prefix(one.count - 6), suffix: ".csv.gz")
        defer { try? FileManager.default.removeItem(atPath: truncated) }
        #expect(throws: BenchmarkError.self) { _ = try lines(truncated) }
    }

    @Test func aLineWithoutABreakIsRejectedWithBoundedMemory() throws {
        // 17 MiB without a newline, plain and compressed (compressed it is 17 KB: a bomb in miniature).
        let huge = Data(repeating: 0, count: LineReader.maximumLineBytes + (1 << 20))
        for (data, suffix) in [(huge, ".csv"), (gzipped(huge), ".csv.gz")] {
            let path = temporaryFile(data, suffix: suffix)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect {
                _ = try Benchmark.loadNASBench101CSV(path: path)
            } throws: { error in
                let text = "\(error)"
                return text.hasPrefix(path + ":1:") && text.contains("line longer than 16 MiB") && text.count < 300
            }
        }
    }

    @Test func numbersAreDecimalOnly() {
        for text in ["0x5D", "-0x5D", "0X1p3", "inf", "-inf", "nan", "1e999", " 1", "1 ", ""] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { parseDouble($0) } == nil, "\(text) should be rejected")
        }
        for (text, value) in [("93", 93.0), ("-1.5e2", -150), (".5", 0.5), ("+7", 7)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { parseDouble($0) } == value)
        }
    }

    @Test func errorsQuoteAtMostEightyCharactersOfTheInput() throws {
        let header = ReaderErrorTests.nb201Header
        let long = String(repeating: "9", count: 5_000) + "x"
        let path = temporaryFile(Data("\(header)\n\(long),70.2,44.3,\(ReaderErrorTests.goodArch),x\n".utf8), suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try Benchmark.loadNASBench201CSV(path: path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("not a number") && text.count < path.count + 200
        }
    }

    @Test func negativeFootprintsAreRejected() throws {
        let good = #"{"matrix": [[0,1,0],[0,0,1],[0,0,0]], "ops": ["input", "conv3x3-bn-relu", "output"], "metrics": {"test_accuracy": 0.9}, "footprint": 5}"#
        let path = temporaryFile(Data(good.replacingOccurrences(of: "\"footprint\": 5", with: "\"footprint\": -5").utf8), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try Benchmark.load(space: "nb101", path: path)
        } throws: { "\($0)".contains("field 'footprint': is negative") }
        let row = ReaderErrorTests.nb101Row.replacingOccurrences(of: "\",8555530,", with: "\",-8555530,")
        let csv = temporaryFile(Data("\(ReaderErrorTests.nb101Header)\n\(row)\n".utf8), suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: csv) }
        #expect {
            _ = try Benchmark.loadNASBench101CSV(path: csv)
        } throws: { "\($0)".contains("field 'trainable_parameters': is negative") }
    }
}
