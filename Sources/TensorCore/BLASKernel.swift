#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which of OpenBLAS's kernel families runs the matrix products, and a better one where the library
/// is older than the processor.
///
/// Debian's OpenBLAS (`DYNAMIC_ARCH`) picks its kernels from the processor's model number at load time
/// and falls back to a generic SSE3 family ("Prescott") for models it does not know — on a 2023 Xeon
/// with AVX-512 this made single-thread `sgemm` 5× slower (32 against 151 GFLOP/s at 512³,
/// docs/PERFORMANCE.md). OpenBLAS reads `OPENBLAS_CORETYPE` only while it loads, so the tools start
/// themselves again with it set (`restartWithFasterKernelIfNeeded`). A family set by the user or the
/// machine is always kept.
public enum BLASKernel {
    /// The kernel family in use ("Haswell", "SkylakeX", "Prescott", …; "Accelerate" on Apple platforms).
    public static var coreName: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
        #endif
    }

    /// OpenBLAS families without AVX2/FMA kernels: what an unknown processor falls back to.
    static let genericFamilies: Set<String> = [
        "prescott", "katmai", "coppermine", "northwood", "banias", "core2", "penryn", "dunnington", "nehalem", "atom",
    ]

    /// The family to ask for instead of `current` on a processor with `flags` (as /proc/cpuinfo
    /// spells them), or nil when `current` is not generic or the processor has nothing better:
    /// "SkylakeX" with AVX-512 (F, CD, BW, DQ, VL), else "Haswell" with AVX2 and FMA.
    public static func betterFamily(current: String, processorFlags flags: Set<String>) -> String? {
        guard genericFamilies.contains(current.lowercased()) else { return nil }
        if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// The processor's feature flags from /proc/cpuinfo (empty where there is none).
    public static func processorFlags(cpuinfo: String) -> Set<String> {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix("flags") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
        }
        return []
    }

    /// Starts this program again (same arguments, same process id) with `OPENBLAS_CORETYPE` set to
    /// `betterFamily`, when OpenBLAS runs a generic family on a processor with better kernels.
    /// Returns without doing anything where the variable is already set (by the user, the machine or
    /// an earlier start), where `GNN2GNN_KEEP_BLAS_KERNEL` is set, on Apple platforms, or when the
    /// restart fails.
    public static func restartWithFasterKernelIfNeeded() {
        #if os(Linux)
        guard getenv("OPENBLAS_CORETYPE") == nil, getenv("GNN2GNN_KEEP_BLAS_KERNEL") == nil,
              let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let family = betterFamily(current: coreName, processorFlags: processorFlags(cpuinfo: cpuinfo))
        else { return }
        setenv("OPENBLAS_CORETYPE", family, 1)
        fflush(nil)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv("OPENBLAS_CORETYPE")  // reached only when the restart failed: go on as before
        #endif
    }
}
