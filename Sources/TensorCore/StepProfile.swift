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
    /// The phases of a step the hooks attribute time to.
    public enum Phase: Int, CaseIterable, Sendable {
        case generatorForward, refinement, encoding, lookups, discriminator, valuer, backward, optimiser
        public var name: String {
            switch self {
            case .generatorForward: return "generator forward"
            case .refinement: return "refinement"
            case .encoding: return "encoding for D/V"
            case .lookups: return "benchmark look-ups"
            case .discriminator: return "discriminator forward"
            case .valuer: return "valuer forward"
            case .backward: return "backward"
            case .optimiser: return "optimiser"
            }
        }
    }

    /// Whether the hooks record.
    nonisolated(unsafe) public static var isEnabled = false
    /// Exclusive seconds per phase since the last `reset()`.
    nonisolated(unsafe) public private(set) static var seconds = [Double](repeating: 0, count: Phase.allCases.count)
    /// Floating-point operations of matrix products (2·m·n·k each) since the last `reset()`.
    nonisolated(unsafe) public private(set) static var matmulFlops: Double = 0
    /// Floating-point operations of graph propagation since the last `reset()`.
    nonisolated(unsafe) public private(set) static var propagationFlops: Double = 0
    /// Open phases: phase, start time, time spent in phases begun inside it.
    nonisolated(unsafe) static var open: [(phase: Int, start: Double, inner: Double)] = []

    public static func reset() {
        seconds = [Double](repeating: 0, count: Phase.allCases.count)
        matmulFlops = 0
        propagationFlops = 0
        open = []
    }

    /// A phase begun by `begin`; pass it to `end`.
    public struct Token { let active: Bool }

    @inline(__always)
    public static func begin(_ phase: Phase) -> Token {
        guard isEnabled else { return Token(active: false) }
        open.append((phase.rawValue, now(), 0))
        return Token(active: true)
    }

    @inline(__always)
    public static func end(_ token: Token) {
        guard token.active, let last = open.popLast() else { return }
        let elapsed = now() - last.start
        seconds[last.phase] += elapsed - last.inner
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
