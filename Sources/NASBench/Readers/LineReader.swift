import CZlib
import Foundation

/// Reads a text file line by line through zlib, so plain and gzip-compressed files are read alike
/// (`gzread` passes uncompressed data through). Lines are handed out as byte buffers without the
/// line terminator (`\n` or `\r\n`), valid only during the callback.
final class LineReader {
    let path: String
    private var file: gzFile?
    private var buffer: [UInt8]
    private var start = 0, end = 0
    private var atEOF = false
    /// 1-based number of the line last handed out.
    private(set) var lineNumber = 0

    init(path: String, chunkSize: Int = 1 << 20) throws {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw BenchmarkError(file: path, "no such file")
        }
        guard let handle = gzopen(path, "rb") else { throw BenchmarkError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
        gzbuffer(handle, 1 << 18)
        self.file = handle
        self.buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    deinit { if let file { gzclose(file) } }

    /// Calls `body` with the next line; returns `nil` at the end of the file.
    func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        while true {
            let found: Int? = start < end ? buffer.withUnsafeBufferPointer { p in
                memchr(p.baseAddress! + start, 0x0A, end - start).map { UnsafeRawPointer($0) - UnsafeRawPointer(p.baseAddress!) }
            } : nil
            if let newline = found {
                var stop = newline
                if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
                let lineStart = start
                start = newline + 1
                lineNumber += 1
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<stop])) }
            }
            if atEOF {
                guard start < end else { return nil }
                var stop = end
                if buffer[stop - 1] == 0x0D { stop -= 1 }
                let lineStart = start
                start = end
                lineNumber += 1
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[lineStart..<stop])) }
            }
            try fill()
        }
    }

    private func fill() throws {
        if start > 0 {
            let count = end - start
            if count > 0 { buffer.withUnsafeMutableBufferPointer { p in
                _ = memmove(p.baseAddress!, p.baseAddress! + start, count)
            } }
            start = 0; end = count
        }
        if end == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
        let room = buffer.count - end
        let read = buffer.withUnsafeMutableBufferPointer { p in gzread(file, p.baseAddress! + end, UInt32(room)) }
        if read < 0 || (read == 0 && gzFailed()) {
            var code: Int32 = 0
            let message = gzerror(file, &code).map { String(cString: $0) } ?? "read error"
            throw BenchmarkError(file: path, line: lineNumber + 1, "corrupt or truncated data (\(message))")
        }
        if read == 0 { atEOF = true }
        end += Int(read)
    }

    private func gzFailed() -> Bool {
        var code: Int32 = 0
        _ = gzerror(file, &code)
        return code != Z_OK
    }
}

/// Splitting CSV lines (RFC 4180 quoting: `"…"` with `""` for a quote; a quoted field may contain
/// commas but not line breaks) into byte ranges, and reading numbers from them without copies.
struct CSVLine {
    /// Field byte ranges (inside the quotes for quoted fields).
    var ranges: [Range<Int>] = []
    /// Whether field k contains doubled quotes that must be unescaped.
    var escaped: [Bool] = []

    /// Splits `line`; returns the problem on a malformed quote.
    mutating func split(_ line: UnsafeBufferPointer<UInt8>) -> CSVSplitError? {
        ranges.removeAll(keepingCapacity: true)
        escaped.removeAll(keepingCapacity: true)
        let n = line.count
        var i = 0
        while true {
            if i < n && line[i] == 0x22 {  // quoted field
                let fieldStart = i + 1
                var j = fieldStart
                var hasEscape = false
                while true {
                    guard j < n else { return CSVSplitError(field: ranges.count, message: "unterminated quoted field") }
                    if line[j] == 0x22 {
                        if j + 1 < n && line[j + 1] == 0x22 { hasEscape = true; j += 2; continue }
                        break
                    }
                    j += 1
                }
                ranges.append(fieldStart..<j)
                escaped.append(hasEscape)
                i = j + 1
                if i == n { return nil }
                guard line[i] == 0x2C else { return CSVSplitError(field: ranges.count - 1, message: "unexpected character after closing quote") }
                i += 1
            } else {
                var j = i
                while j < n && line[j] != 0x2C { j += 1 }
                ranges.append(i..<j)
                escaped.append(false)
                if j == n { return nil }
                i = j + 1
            }
        }
    }

    func string(_ k: Int, in line: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: UnsafeBufferPointer(rebasing: line[ranges[k]]), as: UTF8.self)
        return escaped[k] ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
    }

    /// The field as a finite Double, or `nil`.
    func double(_ k: Int, in line: UnsafeBufferPointer<UInt8>) -> Double? {
        parseDouble(UnsafeBufferPointer(rebasing: line[ranges[k]]))
    }
}

struct CSVSplitError: Error {
    let field: Int
    let message: String
}

/// A finite number written in decimal (what `strtod` accepts, without surrounding blanks).
func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = bytes.count
    guard n > 0, n < 64 else { return nil }
    let first = bytes[0]
    guard first == 0x2D || first == 0x2B || first == 0x2E || (first >= 0x30 && first <= 0x39) else { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { tmp -> Double? in
        let p = tmp.baseAddress!
        for k in 0..<n { p[k] = CChar(bitPattern: bytes[k]) }
        p[n] = 0
        var endPointer: UnsafeMutablePointer<CChar>?
        let value = strtod(p, &endPointer)
        guard let endPointer, endPointer - p == n, value.isFinite else { return nil }
        return value
    }
}

/// Reads a CSV header and gives column positions by name.
struct CSVHeader {
    let names: [String]
    init(line: UnsafeBufferPointer<UInt8>, path: String) throws {
        var split = CSVLine()
        if let error = split.split(line) {
            throw BenchmarkError(file: path, line: 1, "malformed header: \(error.message)")
        }
        names = (0..<split.ranges.count).map { split.string($0, in: line).trimmingCharacters(in: .whitespaces) }
        guard !(names.count == 1 && names[0].isEmpty) else { throw BenchmarkError(file: path, line: 1, "empty header line") }
    }
    func column(_ name: String, path: String) throws -> Int {
        guard let k = names.firstIndex(of: name) else {
            throw BenchmarkError(file: path, line: 1, field: name, "missing column (columns: \(names.joined(separator: ", ")))")
        }
        return k
    }
}
