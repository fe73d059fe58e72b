#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opt-in timing of the phases of a training step and a count of the arithmetic behind it, for
/// `gnn2gnn-bench`. Off by default; while off each hook costs one load and a branch. Not
/// thread-safe: enable it only around single-threaded work.
///
/// Hooks are `let t = StepProfile.begin(.phase); defer { StepProfile.end(t) }`. Time is exclusive:
/// a phase begun inside another (refinement inside generator sampling) is charged to itself and
/// subtracted from the enclosing one.
public enum StepProfile {
    /// A named phase of a step that the hooks attribute time to. TensorCore names its own two
    /// (`backward`, `optimiser`); the layers above declare theirs as static members in an extension.
    public struct Phase: Hashable, Sendable {
        public let name: String
        public init(_ name: String) { self.name = name }

        /// Reverse-mode accumulation over the tape.
        public static let backward = Phase("backward")
        /// Parameter updates.
        public static let optimiser = Phase("optimiser")
    }

    /// Whether the hooks record.
    nonisolated(unsafe) public static var isEnabled = false
    /// Exclusive seconds per phase since the last `reset()`; a phase never begun is absent.
    nonisolated(unsafe) public private(set) static var seconds: [Phase: Double] = [:]
    /// Floating-point operations of matrix products (2·m·n·k each) since the last `reset()`.
    nonisolated(unsafe) public private(set) static var matmulFlops: Double = 0
    /// Floating-point operations of graph propagation since the last `reset()`.
    nonisolated(unsafe) public private(set) static var propagationFlops: Double = 0
    /// Open phases: phase, start time, time spent in phases begun inside it.
    nonisolated(unsafe) static var open: [(phase: Phase, start: Double, inner: Double)] = []

    public static func reset() {
        seconds = [:]
        matmulFlops = 0
        propagationFlops = 0
        open = []
    }

    /// A phase begun by `begin`; pass it to `end`.
    public struct Token { let active: Bool }

    @inline(__always)
    public static func begin(_ phase: Phase) -> Token {
        guard isEnabled else { return Token(active: false) }
        open.append((phase, now(), 0))
        return Token(active: true)
    }

    @inline(__always)
    public static func end(_ token: Token) {
        guard token.active, let last = open.popLast() else { return }
        let elapsed = now() - last.start
        seconds[last.phase, default: 0] += elapsed - last.inner
        if !open.isEmpty { open[open.count - 1].inner += elapsed }
    }

    /// Counts a matrix product of `op(A)` `m × k` by `op(B)` `k × n`.
    @inline(__always)
    public static func countMatmul(m: Int, n: Int, k: Int) {
        if isEnabled { matmulFlops += 2 * Double(m) * Double(n) * Double(k) }
    }

    /// Counts graph-propagation work.
    @inline(__always)
    public static func countPropagation(flops: Int) {
        if isEnabled { propagationFlops += Double(flops) }
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
