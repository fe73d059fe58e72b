#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFloatEnvironment

/// The processor's treatment of subnormal (denormal) floats.
///
/// Training drives many values towards zero (Adam moments of parameters whose gradient vanished,
/// weights under weight decay, activations behind dead ReLUs). Once they are subnormal, x86-64
/// computes with them through a microcode assist that is 10–100× slower, so an epoch got slower and
/// slower (docs/PERFORMANCE.md). Flushing them to zero removes that cost; it changes results only
/// where a value below 1.2e-38 would have mattered.
public enum FloatEnvironment {
    /// Flushes subnormal results and inputs to zero on the calling thread (a per-thread setting);
    /// returns whether the processor supports it here.
    @discardableResult
    public static func flushDenormalsToZero(_ enabled: Bool = true) -> Bool {
        gnn2gnn_set_flush_denormals(enabled ? 1 : 0) != 0
    }

    /// Whether the process flushes subnormals: yes, unless the environment sets `GNN2GNN_KEEP_SUBNORMALS=1`
    /// (to reproduce runs of builds before flushing, bit for bit, at their speed).
    public static let flushingWanted: Bool = getenv("GNN2GNN_KEEP_SUBNORMALS").map { String(cString: $0) != "1" } ?? true

    /// Applies `flushingWanted` to the calling thread.
    public static func applyProcessSetting() { flushDenormalsToZero(flushingWanted) }

    /// Whether the calling thread flushes subnormals to zero.
    public static var flushesDenormals: Bool { gnn2gnn_flush_denormals_enabled() != 0 }
}
