import TensorCore

/// Seeded mutations of a valid input: byte-level (truncation, bit flips, random bytes, insertions,
/// deletions), line-level (duplicated, dropped, swapped lines; rarely a line far longer than any
/// reader accepts) and token-level (a number or value replaced by NaN, infinity, a negative, a
/// fraction, hexadecimal, a string, null, an empty list; a JSON key removed). The same seed gives
/// the same input, so a failure is reproduced from its seed and index alone.
public struct Mutator {
    /// Inputs longer than this are cut (the rare "huge line" mutation may exceed it on purpose).
    public var sizeLimit = 1 << 16
    /// One input in this many gets a line longer than the readers' 16 MiB line cap.
    public var hugeLineRate = 20_000

    public init() {}

    static let replacements: [String] = [
        "NaN", "nan", "inf", "-inf", "Infinity", "1e999", "-1", "-0", "0", "6.5", "0x5D", "1e-320",
        "9223372036854775807", "-9223372036854775808", "18446744073709551616", "99999999999999999999999",
        "\"text\"", "null", "true", "[]", "{}", "[[]]", "\"\"", "\u{0}", "\"\u{FFFD}\"", ",", "\"", "[", "{",
    ]

    /// 1–3 mutations of `seed` drawn from `random`.
    public func mutate(_ seed: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        let count = 1 + random.int(below: 3)
        for _ in 0..<count { apply(random.int(below: 12), to: &bytes, using: &random) }
        if random.int(below: hugeLineRate) == 0 {
            let position = bytes.isEmpty ? 0 : random.int(below: bytes.count + 1)
            bytes.insert(contentsOf: [UInt8](repeating: UInt8(ascii: "7"), count: (16 << 20) + 1 + random.int(below: 1000)), at: position)
        } else if bytes.count > sizeLimit {
            bytes.removeLast(bytes.count - sizeLimit)
        }
        return bytes
    }

    private func apply(_ kind: Int, to bytes: inout [UInt8], using random: inout SeededGenerator) {
        func position(_ extra: Int = 0) -> Int { random.int(below: bytes.count + extra) }
        switch kind {
        case 0 where !bytes.isEmpty:  // truncate
            bytes.removeLast(bytes.count - position())
        case 1 where !bytes.isEmpty:  // flip bits
            for _ in 0..<(1 + random.int(below: 8)) { bytes[position()] ^= 1 << UInt8(random.int(below: 8)) }
        case 2 where !bytes.isEmpty:  // overwrite with random bytes
            let start = position(), length = min(bytes.count - start, 1 + random.int(below: 16))
            for k in start..<(start + length) { bytes[k] = UInt8(truncatingIfNeeded: random.next()) }
        case 3:  // insert random bytes
            let inserted = (0..<(1 + random.int(below: 32))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: inserted, at: position(1))
        case 4 where !bytes.isEmpty:  // delete a range
            let start = position(), length = min(bytes.count - start, 1 + random.int(below: 64))
            bytes.removeSubrange(start..<(start + length))
        case 5, 6, 7:  // line edits
            var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
            guard !lines.isEmpty else { return }
            let i = random.int(below: lines.count), j = random.int(below: lines.count)
            switch kind {
            case 5: lines.insert(lines[i], at: j)
            case 6: lines.remove(at: i)
            default: lines.swapAt(i, j)
            }
            bytes = Array(lines.joined(separator: [0x0A]))
        case 8, 9:  // replace a token (a run of digits, letters, or a quoted string) with a hostile value
            replaceToken(in: &bytes, using: &random)
        case 10:  // remove a JSON key with its value (up to the next comma or brace)
            removeKey(in: &bytes, using: &random)
        case 11 where !bytes.isEmpty:  // repeat a slice (a long field, a duplicated key)
            let start = position(), length = min(bytes.count - start, 1 + random.int(below: 64))
            let slice = Array(bytes[start..<(start + length)])
            let times = 1 + random.int(below: 64)
            bytes.insert(contentsOf: Array([[UInt8]](repeating: slice, count: times).joined()), at: position(1))
        default:
            break
        }
    }

    private static func isTokenByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x2D || b == 0x5F
    }

    private func replaceToken(in bytes: inout [UInt8], using random: inout SeededGenerator) {
        guard !bytes.isEmpty else { return }
        var start = random.int(below: bytes.count)
        // Find the token under or after `start`.
        while start < bytes.count && !Self.isTokenByte(bytes[start]) && bytes[start] != 0x22 { start += 1 }
        guard start < bytes.count else { return }
        var end = start + 1
        if bytes[start] == 0x22 {
            while end < bytes.count && bytes[end] != 0x22 { end += 1 }
            end = min(end + 1, bytes.count)
        } else {
            while start > 0 && Self.isTokenByte(bytes[start - 1]) { start -= 1 }
            while end < bytes.count && Self.isTokenByte(bytes[end]) { end += 1 }
        }
        let replacement = Self.replacements[random.int(below: Self.replacements.count)]
        bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
    }

    private func removeKey(in bytes: inout [UInt8], using random: inout SeededGenerator) {
        let quotes = bytes.indices.filter { bytes[$0] == 0x22 }
        guard !quotes.isEmpty else { return }
        let start = quotes[random.int(below: quotes.count)]
        var end = start + 1
        var depth = 0
        while end < bytes.count {
            let b = bytes[end]
            if b == 0x5B || b == 0x7B { depth += 1 }
            if b == 0x5D || b == 0x7D { if depth == 0 { break }; depth -= 1 }
            if b == 0x2C && depth == 0 { end += 1; break }
            end += 1
        }
        bytes.removeSubrange(start..<end)
    }
}
