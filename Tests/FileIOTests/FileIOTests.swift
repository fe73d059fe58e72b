import FileIO
import Foundation
import Testing

@Suite struct AtomicFileTests {
    func temporaryDirectory() throws -> URL {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("fileio-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func writeReplacesTheFileAndLeavesNoTemporary() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("a.json")
        try AtomicFile.write(Data("old".utf8), to: file)
        try AtomicFile.write(Data("new".utf8), to: file)
        #expect(FileManager.default.contents(atPath: file.path) == Data("new".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["a.json"])
    }

    @Test func aFailedWriteKeepsTheOldContent() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("b.txt")
        try AtomicFile.write(Data("kept".utf8), to: file)
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try AtomicFile.stream(to: file) { write in
                try Data("half".utf8).withUnsafeBytes { try write($0) }
                throw Stop()
            }
        }
        #expect(FileManager.default.contents(atPath: file.path) == Data("kept".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["b.txt"])
        // A write into a missing folder names the file.
        let missing = directory.appendingPathComponent("no/such/c.txt")
        #expect { try AtomicFile.write(Data(), to: missing) } throws: { error in
            (error as? FileWriteError)?.description.hasPrefix(missing.path) == true
        }
    }

    @Test func staleTemporariesAreRemovedAndOthersKept() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let destination = directory.appendingPathComponent("last.safetensors")
        #expect(FileManager.default.createFile(atPath: AtomicFile.temporaryURL(for: destination).path, contents: Data("torn".utf8)))
        #expect(FileManager.default.createFile(atPath: directory.appendingPathComponent("keep.partial").path, contents: nil))
        #expect(AtomicFile.removeStaleTemporaries(in: directory) == [".last.safetensors.partial"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["keep.partial"])
    }
}

@Suite struct ErrorTextTests {
    @Test func excerptsAreShortAndPrintable() {
        #expect(quotedExcerpt("abc"[...]) == "\"abc\"")
        let long = String(repeating: "x", count: 500)
        let excerpt = quotedExcerpt(long[...])
        #expect(excerpt.count == 80 + 3 && excerpt.hasSuffix("…\""))
        #expect(quotedExcerpt("a\u{0}b\nc"[...]) == "\"a\\u{0}b\\u{a}c\"")
        let bytes = [UInt8](repeating: 0, count: 4096)
        #expect(bytes.withUnsafeBytes { quotedExcerpt($0) }.count < 80 * 7 + 4)
    }

    struct Sample: Decodable { var name: String; var size: Int; var inner: Inner }
    struct Inner: Decodable { var values: [Double] }

    func reason(_ json: String) -> String {
        do { _ = try JSONFile.decode(Sample.self, from: Data(json.utf8), file: "f.json"); return "decoded" } catch {
            #expect(error is FileError)
            let text = "\(error)"
            #expect(text.hasPrefix("f.json: "))
            return String(text.dropFirst("f.json: ".count))
        }
    }

    @Test func decodingErrorsNameTheKey() {
        #expect(reason(#"{"size": 1, "inner": {"values": []}}"#) == "key 'name' is missing")
        #expect(reason(#"{"name": 1, "size": 1, "inner": {"values": []}}"#) == "key 'name' must be a string")
        #expect(reason(#"{"name": "a", "size": 6.5, "inner": {"values": [0.5]}}"#).hasPrefix("key 'size': 6.5 is not a whole number"))
        #expect(reason(#"{"name": "a", "size": 1, "inner": {"values": [1, "x"]}}"#) == "key 'inner.values[1]' must be a number")
        #expect(reason(#"{"name": "a", "size": null, "inner": {"values": []}}"#) == "key 'size' is null")
        #expect(reason("{not json").hasPrefix("not valid JSON"))
        #expect(reason("[1]") == "expected an object at the top level")
        for json in [#"{"size": 1}"#, "\u{0}\u{0}", "{\"name\": \"\(String(repeating: "y", count: 3000))\"}"] {
            let text = reason(json)
            #expect(!text.contains("\n") && text.count <= 220, "\(text)")
        }
    }
}
