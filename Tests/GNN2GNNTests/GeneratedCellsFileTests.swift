import Foundation
import Testing
@testable import GNN2GNN
import NASBench
import TensorCore

/// The fast line reader must decode what it accepts exactly as `JSONDecoder` does, and leave
/// everything else (including every error) to `JSONDecoder`.
@Suite struct GeneratedCellsFileTests {
    static func decoded(_ line: String) -> GeneratedCellRecord? {
        try? JSONDecoder().decode(GeneratedCellRecord.self, from: Data(line.utf8))
    }

    static func fast(_ line: String) -> GeneratedCellRecord? {
        Array(line.utf8).withUnsafeBytes { FastRecordParser.parse($0) }
    }

    static func same(_ a: GeneratedCellRecord, _ b: GeneratedCellRecord) -> Bool {
        a.matrix == b.matrix && a.ops == b.ops && a.archStrings == b.archStrings && a.arch == b.arch && a.archCount == b.archCount
    }

    @Test func writtenRecordsReadBackIdentically() throws {
        let space = try SearchSpaces.named("nb201")
        var random = SeededGenerator(seed: 3)
        var config = TrainingConfiguration()
        config.space = "nb201"
        config.hiddenSize = 16
        let model = GNN2GNNModel(configuration: config, space: space, using: &random)
        let cells = model.generate(count: 300, using: &random)
        // With the graph written (`generate --graph`), the cells read back exactly.
        var records = cells.map { GeneratedCellRecord(notation: space.notation(of: $0), graph: true) }
        for k in stride(from: 0, to: records.count, by: 3) { records[k].valid = true; records[k].hash = "abc"; records[k].objective = 93.5; records[k].top = 1e-05 }
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fast-reader-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try GeneratedCellsFile.write(records, to: url)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count == records.count)
        for line in lines {
            let fast = try #require(Self.fast(line), "fast path declined a written line: \(line)")
            #expect(Self.same(fast, try #require(Self.decoded(line))))
        }
        #expect(try GeneratedCellsFile.readCells(path: url.path, space: space) == cells)
    }

    @Test func nasBench201LinesHoldOneCanonicalStringUnlessAllAreAskedFor() throws {
        let space = NASBench201Space(skipSubstitution: true)
        // The class of the all-skip cell has many official strings; its canonical one is the smallest.
        let text = "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"
        let cell = try #require(try space.graph(ofCellString: text))
        let strings = space.officialStrings(for: cell)
        #expect(strings.count > 1)
        let record = GeneratedCellRecord(notation: space.notation(of: cell))
        #expect(record.arch == strings.min() && record.archCount == strings.count && record.archStrings == nil)
        #expect(GeneratedCellRecord(notation: space.notation(of: cell), allStrings: true).archStrings == strings)
        // Short lines for every class, and a file of canonical strings alone reads back as the same cells.
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("canonical-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let cells = Array(space.table.graphByHash.values.prefix(400))
        // By default a line is the canonical string without the graph: at most 300 bytes with every field filled.
        var records = cells.map { GeneratedCellRecord(notation: space.notation(of: $0)) }
        for k in records.indices {
            records[k].valid = true; records[k].hash = space.canonicalHash(of: cells[k])
            records[k].objective = 94.36666666666667; records[k].top = 0.019025875190258754; records[k].footprint = 1.531546
        }
        try GeneratedCellsFile.write(records, to: url)
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 300 && !$0.contains("matrix") }, "longest line: \(lines.map(\.utf8.count).max() ?? 0) bytes")
        let compact = try GeneratedCellsFile.readCells(path: url.path, space: space)
        #expect(compact.count == cells.count && zip(compact, cells).allSatisfy { space.canonicalHash(of: $0) == space.canonicalHash(of: $1) })
        try GeneratedCellsFile.write(cells.map { GeneratedCellRecord(notation: space.notation(of: $0), graph: true) }, to: url)
        #expect(try GeneratedCellsFile.readCells(path: url.path, space: space) == cells)
        let onlyStrings = cells.map { #"{"arch":""# + (space.officialStrings(for: $0).min() ?? "") + #"","matrix":[],"ops":[]}"# }
        try onlyStrings.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        let read = try GeneratedCellsFile.readCells(path: url.path, space: space)
        #expect(zip(read, cells).allSatisfy { space.canonicalHash(of: $0) == space.canonicalHash(of: $1) })
    }

    @Test func writerMatchesJSONEncoderByteForByte() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var full = GeneratedCellRecord(notation: CellNotation(matrix: [[0, 1, 1], [0, 0, 1], [0, 0, 0]], ops: ["input", "conv/3x3", "output"],
                                                               archStrings: ["|a~0|+|b~1|", "q\"uote\\back\u{1}\u{8}\u{c}\n\r\t\u{1f}é\u{7f}"]), allStrings: true)
        full.valid = false; full.hash = "0123abcd"; full.objective = 94.24000000000001; full.top = 5; full.footprint = 1.2345678901234568e+17
        full.isNew = true; full.valuerScore = 0.9567984938621521; full.predicted = 93.46104245976797; full.predictedTop = 6.607142857142857
        var small = GeneratedCellRecord(notation: CellNotation(matrix: [[0, 1], [0, 0]], ops: ["input", "output"], archStrings: []))
        small.top = 1e-05; small.objective = -0.0; small.valid = true; small.isNew = false; small.predictedTop = 0
        let bare = GeneratedCellRecord(notation: CellNotation(matrix: [], ops: [], archStrings: nil))
        for record in [full, small, bare] {
            var bytes: [UInt8] = []
            #expect(FastRecordWriter.append(record, to: &bytes))
            #expect(bytes == Array(try encoder.encode(record)), "\(String(decoding: bytes, as: UTF8.self))")
        }
        var broken = small
        broken.objective = .nan
        var bytes: [UInt8] = []
        #expect(!FastRecordWriter.append(broken, to: &bytes))
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("writer-\(UUID().uuidString).jsonl")
        try GeneratedCellsFile.write([small], to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: (any Error).self) { try GeneratedCellsFile.write([small, broken], to: url) }
        #expect(try String(contentsOf: url, encoding: .utf8) == String(decoding: try encoder.encode(small), as: UTF8.self) + "\n",
                "a failed write leaves the file as it was")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix(".\(url.lastPathComponent)") }
        #expect(leftovers.isEmpty)
    }

    @Test(arguments: [
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"]}"#,
        #" { "ops" : ["input","output"] , "matrix" : [ [0, 1], [0, 0] ], "extra": [1, "x", null, true, -2.5e3], "arch_strings": null } "#,
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"],"valid":null,"hash":null,"objective":1,"top":-0.5,"footprint":2E+10}"#,
        #"{"arch":"|none~0|","arch_count":3,"matrix":[[0,1],[0,0]],"ops":["input","output"]}"#,
        #"{"arch":null,"arch_count":null,"matrix":[[0,1],[0,0]],"ops":["input","output"]}"#,
        #"{"matrix":[[0,1],[0,0]],"new":true,"ops":["input","output"],"predicted":0.93,"predicted_top":2.5,"valuer_score":1}"#,
    ])
    func acceptedLinesDecodeAsJSONDecoderDoes(line: String) throws {
        let fast = try #require(Self.fast(line))
        #expect(Self.same(fast, try #require(Self.decoded(line))))
    }

    @Test(arguments: [
        #"{"matrix":[[0,1],[0,0]]}"#,                                             // ops missing
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"],"valid":1}"#,           // wrong type
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"],"new":"yes"}"#,         // wrong type
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"],"predicted":"high"}"#,  // wrong type
        #"{"matrix":[[0,1.0],[0,0]],"ops":["input","output"]}"#,                   // not a plain integer
        #"{"matrix":[[0,1],[0,0]],"ops":["in\u0070ut","output"]}"#,                 // escape
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"],"x":{"a":1}}"#,         // nested object
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"],"ops":["input","output"]}"#, // duplicate key
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"]} x"#,                   // trailing text
        #"{"matrix":[[0,01],[0,0]],"ops":["input","output"]}"#,                    // leading zero
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"],"arch_count":2.5}"#,    // not an integer
        #"{"matrix":[[0,18446744073709551616],[0,0]],"ops":["input","output"]}"#,  // past Int.max (a fuzzed input that trapped)
        #"{"matrix":[[0,1],[0,0]],"ops":["input","output"],"arch_count":99999999999999999999999}"#,
        #"[1, 2]"#,
    ])
    func otherLinesAreLeftToJSONDecoder(line: String) {
        #expect(Self.fast(line) == nil)
    }

    @Test func aFileWithoutCellsIsAnError() throws {
        let path = NSTemporaryDirectory() + "empty-cells-\(UUID().uuidString).jsonl"
        defer { try? FileManager.default.removeItem(atPath: path) }
        for content in ["", "\n  \n"] {
            #expect(FileManager.default.createFile(atPath: path, contents: Data(content.utf8)))
            #expect {
                _ = try GeneratedCellsFile.readCells(path: path, space: NASBench201Space())
            } throws: { "\($0)" == "\(path): holds no cells (the file is empty or blank)" }
        }
    }
}
