/// The one seedable random generator used for everything random in the library (xoshiro256**,
/// seeded through SplitMix64). The same seed gives the same stream on every platform and run.
public struct SeededGenerator: RandomNumberGenerator, Sendable, Equatable {
    // Internal (not private) so that `next()` inlines into callers in other modules.
    @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose stream is fully determined by `seed`.
    public init(seed: UInt64) {
        var sm = seed
        func splitMix() -> UInt64 {
            sm &+= 0x9E37_79B9_7F4A_7C15
            var z = sm
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// The generator's full internal state (four words), for saving and resuming a run.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator continuing from a saved `state`.
    public init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "a xoshiro256 state is four words, not all zero")
        s0 = state[0]; s1 = state[1]; s2 = state[2]; s3 = state[3]
    }

    /// Next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 { nextRaw() }

    @inlinable
    mutating func nextRaw() -> UInt64 { Self.step(&s0, &s1, &s2, &s3) }

    /// One xoshiro256** step on the four state words: the output, and the words advanced.
    @inlinable @inline(__always)
    static func step(_ s0: inout UInt64, _ s1: inout UInt64, _ s2: inout UInt64, _ s3: inout UInt64) -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    @inlinable @inline(__always) static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The uniform `Float` in [0, 1) of 64 random bits (their top 24).
    @inlinable @inline(__always)
    static func unitFloat(bits: UInt64) -> Float { Float(bits >> 40) * 0x1p-24 }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    @inlinable
    public mutating func nextFloat() -> Float { Self.unitFloat(bits: next()) }

    /// Fills `buffer` with `count` successive 64-bit draws passed through `transform`, in order: the
    /// same values as a loop of `transform(next())`, with the state in local variables (registers).
    @inlinable @inline(__always)
    mutating func fill<T>(_ buffer: UnsafeMutablePointer<T>, count: Int, _ transform: (UInt64) -> T) {
        var a = s0, b = s1, c = s2, d = s3
        for i in 0..<count { buffer[i] = transform(Self.step(&a, &b, &c, &d)) }
        s0 = a; s1 = b; s2 = c; s3 = d
    }

    /// `count` successive `nextFloat()` draws (uniform in [0, 1)), the same values as a loop of
    /// `nextFloat()`, at a fraction of the cost.
    @inlinable
    public mutating func uniformFloats(count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { fill(buffer.baseAddress!, count: count) { Self.unitFloat(bits: $0) } }
            initialized = count
        }
    }

    /// `count` successive `gumbel()` draws, the same values as a loop of `gumbel()`.
    @inlinable
    public mutating func gumbels(count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { fill(buffer.baseAddress!, count: count) { Self.gumbel(bits: $0) } }
            initialized = count
        }
    }

    /// A uniform `Double` in [0, 1) with 53 random bits.
    @inlinable
    public mutating func nextDouble() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform `Float` in `[lower, upper)`.
    public mutating func uniform(_ lower: Float, _ upper: Float) -> Float { lower + (upper - lower) * nextFloat() }

    /// A uniform integer in `0..<bound`.
    public mutating func int(below bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next(upperBound: UInt64(bound)))
    }

    /// A standard normal sample (Box–Muller).
    public mutating func normal() -> Float {
        let u1 = max(nextDouble(), 1e-300), u2 = nextDouble()
        return Float((-2 * _log(u1)).squareRoot() * _cos(2 * Double.pi * u2))
    }

    /// A standard Gumbel sample, `-log(-log(u))` with `u` uniform in the open interval (0, 1).
    @inlinable
    public mutating func gumbel() -> Float { Self.gumbel(bits: next()) }

    /// The Gumbel sample of 64 random bits. `u = (k + ½)·2⁻²³` with 23 bits `k`: every such `u` is a
    /// float strictly inside (0, 1), so the sample is finite (between about −2.8 and 16.6). With 24
    /// bits, `k + ½` for the largest `k` rounds up to 2²⁴, `u` becomes 1 and the sample +∞ — once in
    /// 2²⁴ draws, which turned whole training runs into NaN.
    @inlinable
    public static func gumbel(bits: UInt64) -> Float {
        let u = (Float(bits >> 41) + 0.5) * 0x1p-23
        return -logf(-logf(u))
    }

    /// Skips `count` draws of `next()` (the state `count` calls later), e.g. to start a worker where
    /// a sequential run would be.
    public mutating func skip(_ count: Int) {
        for _ in 0..<max(count, 0) { _ = nextRaw() }
    }

    /// A derived generator for an independent stream (e.g. one per worker or per model).
    public mutating func split() -> SeededGenerator { SeededGenerator(seed: next()) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline func _log(_ x: Double) -> Double { log(x) }
@usableFromInline func _cos(_ x: Double) -> Double { cos(x) }
