import NASBench

/// A fast reader for the lines `GeneratedCellsFile.write` produces (and any JSON object with the same
/// fields): it accepts a strict subset of JSON — an object whose keys and strings have no escapes
/// and only ASCII, integers in `matrix`, no nested objects — and returns `nil` for anything else, so
/// that the caller falls back to `JSONDecoder`. What it accepts, it decodes exactly as
/// `JSONDecoder` decodes `GeneratedCellRecord`: same fields, same types checked, unknown keys skipped.
struct FastRecordParser {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The record of one line, or `nil` when the line is outside the subset (or invalid).
    static func parse(_ line: UnsafeRawBufferPointer) -> GeneratedCellRecord? {
        var parser = FastRecordParser(line)
        return parser.record()
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            let b = bytes[position]
            guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
            position += 1
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard current == byte else { return false }
        position += 1
        return true
    }

    private mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        for k in 0..<count where bytes[position + k] != text.utf8Start[k] { return false }
        position += count
        return true
    }

    /// A string without escapes, ASCII only.
    private mutating func string() -> String? {
        guard consume(0x22) else { return nil }
        let start = position
        while let b = current {
            if b == 0x22 {
                let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                position += 1
                return text
            }
            guard b >= 0x20 && b < 0x80 && b != 0x5C else { return nil }
            position += 1
        }
        return nil
    }

    /// A plain integer (`-?digits`, at most 18 digits, no leading zeros).
    private mutating func integer() -> Int? {
        skipWhitespace()
        var negative = false
        if current == 0x2D { negative = true; position += 1 }
        let start = position
        var value = 0
        while let b = current, b >= 0x30 && b <= 0x39 {
            value = value &* 10 &+ Int(b - 0x30)  // wraps past 18 digits, which are rejected below
            position += 1
        }
        let digits = position - start
        guard digits >= 1 && digits <= 18, !(digits > 1 && bytes[start] == 0x30) else { return nil }
        // A fraction or exponent would make this a non-integer number: leave it to JSONDecoder.
        if let b = current, b == 0x2E || b == 0x65 || b == 0x45 { return nil }
        return negative ? -value : value
    }

    /// Skips a JSON number (strict grammar); returns whether one was there.
    private mutating func skipNumber() -> Bool {
        skipWhitespace()
        if current == 0x2D { position += 1 }
        func digits() -> Int {
            let start = position
            while let b = current, b >= 0x30 && b <= 0x39 { position += 1 }
            return position - start
        }
        let start = position
        let whole = digits()
        guard whole >= 1, !(whole > 1 && bytes[start] == 0x30) else { return false }
        if current == 0x2E { position += 1; guard digits() >= 1 else { return false } }
        if let b = current, b == 0x65 || b == 0x45 {
            position += 1
            if let s = current, s == 0x2B || s == 0x2D { position += 1 }
            let exponent = digits()
            guard exponent >= 1 && exponent <= 2 else { return false }  // keep clear of overflow
        }
        return true
    }

    /// `[` item, … `]` (possibly empty).
    private mutating func array<T>(_ item: (inout FastRecordParser) -> T?) -> [T]? {
        guard consume(0x5B) else { return nil }
        var items: [T] = []
        if consume(0x5D) { return items }
        while true {
            guard let value = item(&self) else { return nil }
            items.append(value)
            if consume(0x2C) { continue }
            return consume(0x5D) ? items : nil
        }
    }

    private mutating func null() -> Bool {
        skipWhitespace()
        return literal("null")
    }

    private enum Kind { case bool, string, number }

    /// A value of `kind` or null (as for an optional field); `false` when it is neither.
    private mutating func optionalScalar(_ kind: Kind) -> Bool {
        skipWhitespace()
        if current == 0x6E { return literal("null") }
        switch kind {
        case .bool: return literal("true") || literal("false")
        case .string: return string() != nil
        case .number: return skipNumber()
        }
    }

    /// Skips the value of a key the record does not declare: scalars and arrays, no objects.
    private mutating func skipValue() -> Bool {
        skipWhitespace()
        switch current {
        case 0x22: return string() != nil
        case 0x74: return literal("true")
        case 0x66: return literal("false")
        case 0x6E: return literal("null")
        case 0x5B: return array { $0.skipValue() ? true : nil } != nil
        default: return skipNumber()
        }
    }

    private mutating func record() -> GeneratedCellRecord? {
        guard consume(0x7B) else { return nil }
        var matrix: [[Int]]?, ops: [String]?, archStrings: [String]?, arch: String?, archCount: Int?
        var seen = Set<String>()
        if !consume(0x7D) {
            while true {
                guard let key = string(), seen.insert(key).inserted, consume(0x3A) else { return nil }
                switch key {
                case "matrix":
                    guard let m = array({ $0.array { $0.integer() } }) else { return nil }
                    matrix = m
                case "ops":
                    guard let o = array({ $0.string() }) else { return nil }
                    ops = o
                case "arch_strings":
                    if null() { break }
                    guard let a = array({ $0.string() }) else { return nil }
                    archStrings = a
                case "arch":
                    if null() { break }
                    guard let a = string() else { return nil }
                    arch = a
                case "arch_count":
                    if null() { break }
                    guard let k = integer() else { return nil }
                    archCount = k
                case "valid", "new": guard optionalScalar(.bool) else { return nil }
                case "hash": guard optionalScalar(.string) else { return nil }
                case "objective", "top", "footprint", "predicted", "predicted_top", "valuer_score": guard optionalScalar(.number) else { return nil }
                default: guard skipValue() else { return nil }
                }
                if consume(0x2C) { continue }
                guard consume(0x7D) else { return nil }
                break
            }
        }
        skipWhitespace()
        guard position == bytes.count else { return nil }
        // The graph may be left out when an official cell string stands for it.
        let hasString = arch != nil || archStrings?.isEmpty == false
        guard hasString || (matrix != nil && ops != nil) else { return nil }
        var record = GeneratedCellRecord(notation: CellNotation(matrix: matrix ?? [], ops: ops ?? [], archStrings: nil))
        record.archStrings = archStrings
        record.arch = arch
        record.archCount = archCount
        return record
    }
}
