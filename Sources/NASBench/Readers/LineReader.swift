#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib
import FileIO
import Foundation

/// `read(2)`, under a name that the methods called `read` do not hide.
private func readFile(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Reads a text file line by line, plain or gzip-compressed (one or more gzip members; anything else
/// after the last member is an error), handing out lines as byte buffers without the line terminator
/// (`\n` or `\r\n`), valid only during the callback. Memory stays bounded whatever the file holds:
/// a line may be at most `maximumLineBytes` long and a compressed file may expand to at most
/// `maximumDecompressedBytes`.
final class LineReader {
    /// The longest line accepted (16 MiB; a NAS-Bench-101 row is about 300 bytes).
    static let maximumLineBytes = 16 << 20
    /// The most bytes a gzip file may expand to (8 GiB; the NAS-Bench-101 table is about 130 MB).
    static let maximumDecompressedBytes: Int64 = 8 << 30

    let path: String
    private let source: ByteSource
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
        source = try ByteSource(path: path)
        buffer = [UInt8](repeating: 0, count: chunkSize)
    }

    /// Calls `body` with the next line; returns `nil` at the end of the file.
    func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        var searched = start  // bytes before this offset hold no line break
        while true {
            let found: Int? = searched < end ? buffer.withUnsafeBufferPointer { p in
                memchr(p.baseAddress! + searched, 0x0A, end - searched).map { UnsafeRawPointer($0) - UnsafeRawPointer(p.baseAddress!) }
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
            guard end - start <= Self.maximumLineBytes else {
                throw BenchmarkError(file: path, line: lineNumber + 1, "line longer than \(Self.maximumLineBytes >> 20) MiB without a line break (not a table of this format?)")
            }
            searched = end - start
            try fill()
            searched = min(searched, end)
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
        let read = try buffer.withUnsafeMutableBufferPointer { p in
            try source.read(into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(p)[end..<(end + room)]), lineNumber: lineNumber + 1)
        }
        if read == 0 { atEOF = true }
        end += read
    }
}

/// The bytes of a file: read as they are, or inflated when the file starts with the gzip magic.
private final class ByteSource {
    let path: String
    private let descriptor: Int32
    private var stream = z_stream()
    private let compressed: Bool
    private var input = [UInt8](repeating: 0, count: 1 << 18)
    private var inputStart = 0, inputEnd = 0
    private var inputAtEOF = false
    private var streamEnded = false
    private var produced: Int64 = 0
    private var consumed: Int64 = 0  // compressed bytes handed to zlib

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw BenchmarkError(file: path, "cannot open: \(String(cString: strerror(errno)))") }
        var magic: [UInt8] = [0, 0]
        let n = pread(descriptor, &magic, 2, 0)
        compressed = n == 2 && magic == [0x1F, 0x8B]
        if compressed {
            guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                close(descriptor)
                throw BenchmarkError(file: path, "cannot start gzip decompression")
            }
        }
    }

    deinit {
        if compressed { inflateEnd(&stream) }
        close(descriptor)
    }

    /// Reads up to `out.count` bytes; 0 at the end of the data.
    func read(into out: UnsafeMutableRawBufferPointer, lineNumber: Int) throws -> Int {
        guard compressed else {
            while true {
                let n = readFile(descriptor, out.baseAddress!, out.count)
                if n >= 0 { return n }
                if errno != EINTR { throw BenchmarkError(file: path, line: lineNumber, "read error: \(String(cString: strerror(errno)))") }
            }
        }
        func corrupt(_ reason: String) -> BenchmarkError {
            BenchmarkError(file: path, line: lineNumber, "corrupt or truncated gzip data (\(reason))")
        }
        while true {
            if streamEnded {
                // Another gzip member may follow; anything else after a member is an error.
                try refillInput()
                if inputStart == inputEnd { return 0 }
                guard input[inputStart] == 0x1F, inputEnd - inputStart < 2 || input[inputStart + 1] == 0x8B else {
                    throw BenchmarkError(file: path, "\(inputEnd - inputStart) or more bytes after the end of the gzip stream (at compressed byte \(consumed)); the file is damaged or two files were joined")
                }
                inflateReset(&stream)
                streamEnded = false
            }
            if inputStart == inputEnd { try refillInput() }
            let available = inputEnd - inputStart
            var status: Int32 = Z_OK
            var written = 0, used = 0
            input.withUnsafeMutableBufferPointer { p in
                stream.next_in = p.baseAddress! + inputStart
                stream.avail_in = UInt32(available)
                stream.next_out = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                stream.avail_out = UInt32(min(out.count, Int(UInt32.max)))
                status = inflate(&stream, Z_NO_FLUSH)
                used = available - Int(stream.avail_in)
                written = min(out.count, Int(UInt32.max)) - Int(stream.avail_out)
            }
            inputStart += used
            consumed += Int64(used)
            produced += Int64(written)
            guard produced <= LineReader.maximumDecompressedBytes else {
                throw BenchmarkError(file: path, line: lineNumber, "expands to more than \(LineReader.maximumDecompressedBytes >> 30) GiB")
            }
            switch status {
            case Z_STREAM_END: streamEnded = true
            case Z_OK: break
            case Z_BUF_ERROR where available == 0 && inputAtEOF: throw corrupt("the file ends inside the gzip stream")
            case Z_BUF_ERROR: break
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                throw corrupt(message)
            }
            if written > 0 { return written }
            if !streamEnded && available == 0 && inputAtEOF { throw corrupt("the file ends inside the gzip stream") }
        }
    }

    private func refillInput() throws {
        guard inputStart == inputEnd, !inputAtEOF else { return }
        inputStart = 0
        inputEnd = 0
        while true {
            let n = input.withUnsafeMutableBytes { readFile(descriptor, $0.baseAddress!, $0.count) }
            if n > 0 { inputEnd = n; return }
            if n == 0 { inputAtEOF = true; return }
            if errno != EINTR { throw BenchmarkError(file: path, "read error: \(String(cString: strerror(errno)))") }
        }
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

    /// The field as an error quotes it: at most 80 characters, control characters escaped.
    func excerpt(_ k: Int, in line: UnsafeBufferPointer<UInt8>) -> String {
        quotedExcerpt(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: line[ranges[k]])))
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

/// A finite number written in decimal (digits, sign, point, exponent; no blanks, no hexadecimal).
func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
    let n = bytes.count
    guard n > 0, n < 64 else { return nil }
    // Decimal only: strtod would also read hexadecimal ("0x5D" = 93), "inf" and "nan".
    for b in bytes {
        guard (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E || b == 0x65 || b == 0x45 else { return nil }
    }
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
            let shown = names.prefix(6).map { excerpt($0, limit: 32) }.joined(separator: ", ") + (names.count > 6 ? ", … (\(names.count) in all)" : "")
            throw BenchmarkError(file: path, line: 1, field: name, "missing column (columns: \(shown))")
        }
        return k
    }
}
