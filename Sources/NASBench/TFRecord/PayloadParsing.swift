import FileIO
/// A scalar of a flat JSON array: NAS-Bench-101 record payloads hold only strings and numbers.
enum FlatJSONValue: Equatable {
    case string([UInt8])
    case number(Double)
}

/// Strict parser for a JSON array whose elements are strings or numbers (no nesting), as in
/// NAS-Bench-101 record payloads. Errors are short messages (the caller adds the location).
struct FlatJSONArrayParser {
    private let bytes: UnsafeRawBufferPointer
    private var p = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses `bytes` as one flat JSON array; returns its elements or the reason it is not one.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Result<[FlatJSONValue], FlatJSONError> {
        var parser = FlatJSONArrayParser(bytes)
        do { return .success(try parser.array()) } catch { return .failure(error) }
    }

    private func peek() -> UInt8? { p < bytes.count ? bytes[p] : nil }

    private mutating func skipWhitespace() {
        while p < bytes.count, bytes[p] == 0x20 || bytes[p] == 0x0A || bytes[p] == 0x0D || bytes[p] == 0x09 {
            p += 1
        }
    }

    private func error(_ message: String) -> FlatJSONError { FlatJSONError(message: "\(message) at byte \(p)") }

    private mutating func array() throws(FlatJSONError) -> [FlatJSONValue] {
        skipWhitespace()
        guard peek() == UInt8(ascii: "[") else { throw error("expected '['") }
        p += 1
        var values: [FlatJSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            p += 1
        } else {
            while true {
                skipWhitespace()
                values.append(try value())
                skipWhitespace()
                guard let c = peek() else { throw error("unterminated array") }
                p += 1
                if c == UInt8(ascii: "]") { break }
                guard c == UInt8(ascii: ",") else { p -= 1; throw error("expected ',' or ']'") }
            }
        }
        skipWhitespace()
        guard p == bytes.count else { throw error("unexpected text after the array") }
        return values
    }

    private mutating func value() throws(FlatJSONError) -> FlatJSONValue {
        guard let c = peek() else { throw error("unexpected end") }
        if c == UInt8(ascii: "\"") { return .string(try string()) }
        if c == UInt8(ascii: "-") || (c >= 0x30 && c <= 0x39) { return .number(try number()) }
        throw error("expected a string or a number")
    }

    private mutating func number() throws(FlatJSONError) -> Double {
        let start = p
        while p < bytes.count {
            let c = bytes[p]
            guard (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+")
                || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E")
            else { break }
            p += 1
        }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<p]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { p = start; throw error("invalid number '\(excerpt(text))'") }
        return value
    }

    private mutating func string() throws(FlatJSONError) -> [UInt8] {
        p += 1  // opening quote
        var out: [UInt8] = []
        var runStart = p
        while true {
            guard p < bytes.count else { throw error("unterminated string") }
            let c = bytes[p]
            if c == UInt8(ascii: "\"") {
                out += UnsafeRawBufferPointer(rebasing: bytes[runStart..<p])
                p += 1
                return out
            }
            if c < 0x20 { throw error("control character in string") }
            if c != UInt8(ascii: "\\") { p += 1; continue }
            out += UnsafeRawBufferPointer(rebasing: bytes[runStart..<p])
            p += 1
            guard p < bytes.count else { throw error("unterminated escape") }
            let e = bytes[p]
            p += 1
            switch e {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard p + 4 <= bytes.count,
                      let code = UInt32(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[p..<(p + 4)]), as: UTF8.self), radix: 16)
                else { throw error("invalid \\u escape") }
                p += 4
                // Surrogates are passed through as U+FFFD: payload strings are ASCII in practice.
                let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                out += Array(String(Character(scalar)).utf8)
            default:
                p -= 1
                throw error("invalid escape")
            }
            runStart = p
        }
    }
}

/// Why a payload is not a flat JSON array.
struct FlatJSONError: Error { let message: String }

/// Base64 decoding (standard alphabet, `=` padding), ignoring ASCII whitespace such as the line
/// breaks Python's `base64.encodebytes` inserts.
enum Base64 {
    private static let decodeTable: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        for c in [0x20, 0x0A, 0x0D, 0x09] { t[c] = 0xFE }  // whitespace: skipped
        t[Int(UInt8(ascii: "="))] = 0xFD
        return t
    }()

    /// The decoded bytes, or the reason `text` is not base64.
    static func decode(_ text: [UInt8]) -> Result<[UInt8], FlatJSONError> {
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3)
        var quad: UInt32 = 0
        var filled = 0
        var padding = 0
        for (i, c) in text.enumerated() {
            let v = decodeTable[Int(c)]
            if v == 0xFE { continue }
            if v == 0xFD {
                padding += 1
                continue
            }
            if v == 0xFF { return .failure(FlatJSONError(message: "invalid base64 character at position \(i)")) }
            if padding > 0 { return .failure(FlatJSONError(message: "base64 data after '=' padding at position \(i)")) }
            quad = (quad << 6) | UInt32(v)
            filled += 1
            if filled == 4 {
                out.append(UInt8(truncatingIfNeeded: quad >> 16))
                out.append(UInt8(truncatingIfNeeded: quad >> 8))
                out.append(UInt8(truncatingIfNeeded: quad))
                quad = 0
                filled = 0
            }
        }
        switch (filled, padding) {
        case (0, 0):
            break
        case (2, 2), (2, 0):
            out.append(UInt8(truncatingIfNeeded: quad >> 4))
        case (3, 1), (3, 0):
            out.append(UInt8(truncatingIfNeeded: quad >> 10))
            out.append(UInt8(truncatingIfNeeded: quad >> 2))
        default:
            return .failure(FlatJSONError(message: "base64 length is not a whole number of quads (\(filled) characters left over, \(padding) '=')"))
        }
        return .success(out)
    }
}
