import Foundation

/// MD5 message digest (RFC 1321), implemented here so that NAS-Bench-101 module hashes can be
/// reproduced byte for byte without a dependency. Not for security purposes.
public struct MD5Digest: Hashable, Comparable, Sendable {
    /// The 16 digest bytes as two big-endian words, so that `<` orders digests exactly as their hex
    /// strings sort.
    public let high: UInt64
    public let low: UInt64

    public static func < (a: MD5Digest, b: MD5Digest) -> Bool {
        a.high != b.high ? a.high < b.high : a.low < b.low
    }

    /// Lower-case hexadecimal, 32 characters.
    public var hex: String {
        String(unsafeUninitializedCapacity: 32) { buffer in
            writeHex(into: buffer.baseAddress!)
            return 32
        }
    }

    /// Writes the 32 lower-case hex digits to `out`.
    @inlinable
    public func writeHex(into out: UnsafeMutablePointer<UInt8>) {
        for k in 0..<16 {
            let word = k < 8 ? high : low
            let byte = UInt8(truncatingIfNeeded: word >> UInt64(56 - 8 * (k % 8)))
            out[2 * k] = MD5Digest.hexDigit(byte >> 4)
            out[2 * k + 1] = MD5Digest.hexDigit(byte & 0x0F)
        }
    }

    @inlinable
    static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x61 + v - 10 }
}

/// MD5 of a byte sequence.
public enum MD5 {
    /// Digest of `bytes`.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> MD5Digest {
        table.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { words in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                    digest(bytes, k: k.baseAddress!, words: words.baseAddress!, tail: tail.baseAddress!)
                }
            }
        }
    }

    @inline(__always)
    private static func digest(
        _ bytes: UnsafeRawBufferPointer, k: UnsafePointer<UInt32>,
        words: UnsafeMutablePointer<UInt32>, tail: UnsafeMutablePointer<UInt8>
    ) -> MD5Digest {
        var a0: UInt32 = 0x6745_2301, b0: UInt32 = 0xEFCD_AB89, c0: UInt32 = 0x98BA_DCFE, d0: UInt32 = 0x1032_5476
        @inline(__always) func rotl(_ x: UInt32, _ s: UInt32) -> UInt32 { (x << s) | (x >> (32 &- s)) }
        @inline(__always) func compress(_ p: UnsafeRawPointer) {
            for j in 0..<16 { words[j] = UInt32(littleEndian: p.loadUnaligned(fromByteOffset: 4 &* j, as: UInt32.self)) }
            var a = a0, b = b0, c = c0, d = d0
            for i in 0..<16 {
                let f = ((b & c) | (~b & d)) &+ a &+ k[i] &+ words[i]
                let s: UInt32 = i & 3 == 0 ? 7 : i & 3 == 1 ? 12 : i & 3 == 2 ? 17 : 22
                a = d; d = c; c = b; b = b &+ rotl(f, s)
            }
            for i in 16..<32 {
                let f = ((d & b) | (~d & c)) &+ a &+ k[i] &+ words[(5 &* i &+ 1) & 15]
                let s: UInt32 = i & 3 == 0 ? 5 : i & 3 == 1 ? 9 : i & 3 == 2 ? 14 : 20
                a = d; d = c; c = b; b = b &+ rotl(f, s)
            }
            for i in 32..<48 {
                let f = (b ^ c ^ d) &+ a &+ k[i] &+ words[(3 &* i &+ 5) & 15]
                let s: UInt32 = i & 3 == 0 ? 4 : i & 3 == 1 ? 11 : i & 3 == 2 ? 16 : 23
                a = d; d = c; c = b; b = b &+ rotl(f, s)
            }
            for i in 48..<64 {
                let f = (c ^ (b | ~d)) &+ a &+ k[i] &+ words[(7 &* i) & 15]
                let s: UInt32 = i & 3 == 0 ? 6 : i & 3 == 1 ? 10 : i & 3 == 2 ? 15 : 21
                a = d; d = c; c = b; b = b &+ rotl(f, s)
            }
            a0 = a0 &+ a; b0 = b0 &+ b; c0 = c0 &+ c; d0 = d0 &+ d
        }
        let count = bytes.count
        var offset = 0
        if let base = bytes.baseAddress {
            while count - offset >= 64 { compress(base + offset); offset += 64 }
        }
        // Final block(s): remaining bytes, 0x80, zeros, 64-bit little-endian length in bits.
        tail.initialize(repeating: 0, count: 128)
        let rest = count - offset
        if rest > 0, let base = bytes.baseAddress {
            UnsafeMutableRawPointer(tail).copyMemory(from: base + offset, byteCount: rest)
        }
        tail[rest] = 0x80
        let total = rest + 1 + 8 <= 64 ? 64 : 128
        let bits = UInt64(count) &* 8
        for j in 0..<8 { tail[total - 8 + j] = UInt8(truncatingIfNeeded: bits >> UInt64(8 * j)) }
        compress(UnsafeRawPointer(tail))
        if total == 128 { compress(UnsafeRawPointer(tail + 64)) }
        func be(_ x: UInt32, _ y: UInt32) -> UInt64 { UInt64(x.byteSwapped) << 32 | UInt64(y.byteSwapped) }
        return MD5Digest(high: be(a0, b0), low: be(c0, d0))
    }

    /// Digest of the UTF-8 bytes of `text`.
    public static func digest(_ text: String) -> MD5Digest {
        var copy = text
        return copy.withUTF8 { digest(UnsafeRawBufferPointer($0)) }
    }

    /// Hex digest of the UTF-8 bytes of `text`.
    public static func hex(_ text: String) -> String { digest(text).hex }

    /// K[i] = floor(|sin(i + 1)| · 2^32).
    static let table: [UInt32] = (0..<64).map { UInt32((abs(sin(Double($0 + 1))) * 4_294_967_296).rounded(.down)) }
}

