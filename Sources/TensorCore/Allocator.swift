#if canImport(Glibc)
import Glibc
#endif

/// Process-wide allocator settings for training.
public enum Allocator {
    /// Keeps glibc's heap from returning memory to the system after every step and from serving
    /// tensor-sized blocks with fresh `mmap`s. Training frees and reallocates the same few megabytes
    /// every step; with glibc's defaults much of that became `madvise`/`munmap`/page-fault system
    /// time (equivalent to `MALLOC_TRIM_THRESHOLD_` and `MALLOC_MMAP_THRESHOLD_` in the environment).
    /// The heap can then stay up to `trimThreshold` above its live size. No effect off glibc.
    public static func keepFreedMemory(trimThreshold: Int = 256 << 20, mmapThreshold: Int = 32 << 20) {
        #if canImport(Glibc)
        // <malloc.h> is not part of the Glibc module: look `mallopt` up at run time.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trim: Int32 = -1, mmap: Int32 = -3   // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(trim, Int32(clamping: trimThreshold))
        _ = mallopt(mmap, Int32(clamping: mmapThreshold))
        #endif
    }
}
