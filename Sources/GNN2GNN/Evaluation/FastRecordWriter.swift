#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FileIO
import Foundation

/// Writes generated-cell records as JSON Lines, byte for byte as `JSONEncoder` with sorted keys and
/// unescaped slashes writes them, without its per-value boxing (which made `gnn2gnn generate` of
/// 100,000 NAS-Bench-201 cells spend most of its time encoding), and streams them to a temporary
/// file that replaces the destination at the end (nothing half-written is ever visible).
enum FastRecordWriter {
    /// Appends `record` as one JSON object (no newline); false when a number is not finite (which
    /// `JSONEncoder` rejects; the caller then uses it to report the error).
    static func append(_ record: GeneratedCellRecord, to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "{"))
        var first = true
        func key(_ name: StaticString) {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        func number(_ value: Double) -> Bool {
            guard value.isFinite else { return false }
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            out.append(contentsOf: text.utf8)
            return true
        }
        func strings(_ values: [String]) {
            out.append(UInt8(ascii: "["))
            for (i, value) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                appendString(value, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        // Keys in sorted order, absent optionals left out (as `encodeIfPresent` does).
        if let arch = record.arch { key("arch"); appendString(arch, to: &out) }
        if let archCount = record.archCount { key("arch_count"); out.append(contentsOf: String(archCount).utf8) }
        if let archStrings = record.archStrings { key("arch_strings"); strings(archStrings) }
        if let footprint = record.footprint { key("footprint"); guard number(footprint) else { return false } }
        if let hash = record.hash { key("hash"); appendString(hash, to: &out) }
        // The graph is left out when an official cell string stands for it (as `GeneratedCellRecord.encode(to:)` decides).
        let graph = !record.matrix.isEmpty || record.arch == nil
        if graph {
            key("matrix")
            out.append(UInt8(ascii: "["))
            for (i, row) in record.matrix.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                for (j, entry) in row.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(contentsOf: String(entry).utf8)
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "]"))
        }
        if let isNew = record.isNew { key("new"); out.append(contentsOf: (isNew ? "true" : "false").utf8) }
        if let objective = record.objective { key("objective"); guard number(objective) else { return false } }
        if graph { key("ops"); strings(record.ops) }
        if let predicted = record.predicted { key("predicted"); guard number(predicted) else { return false } }
        if let predictedTop = record.predictedTop { key("predicted_top"); guard number(predictedTop) else { return false } }
        if let top = record.top { key("top"); guard number(top) else { return false } }
        if let valid = record.valid { key("valid"); out.append(contentsOf: (valid ? "true" : "false").utf8) }
        if let score = record.valuerScore { key("valuer_score"); guard number(score) else { return false } }
        out.append(UInt8(ascii: "}"))
        return true
    }

    /// A JSON string as `JSONEncoder` escapes it: quote, backslash and control characters
    /// (`\b \f \n \r \t`, otherwise `\u00xx`); everything else, slashes included, as UTF-8.
    static func appendString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: value.utf8)   // the usual case: nothing to escape
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
            case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Streams `lines` (each appends one line's bytes, newline excluded, or returns false) to a
    /// temporary file beside `url`, then renames it over `url`. A line that fails makes `failed`
    /// throw for it, and the destination is left as it was.
    static func write(count: Int, to url: URL, line: (Int, inout [UInt8]) -> Bool, failed: (Int) throws -> Never) throws {
        try AtomicFile.stream(to: url) { write in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 22)
            for i in 0..<count {
                guard line(i, &buffer) else { try failed(i) }
                buffer.append(0x0A)
                if buffer.count >= 1 << 22 {
                    try buffer.withUnsafeBytes { try write($0) }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            try buffer.withUnsafeBytes { try write($0) }
        }
    }
}
