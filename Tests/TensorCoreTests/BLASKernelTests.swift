import Testing
@testable import TensorCore

/// The OpenBLAS kernel family the tools ask for where the library fell back to a generic one.
@Suite struct BLASKernelTests {
    @Test func genericOpenBLASFamiliesAreReplacedWhereTheProcessorHasBetterKernels() {
        let avx512: Set<String> = ["fma", "avx2", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
        #expect(BLASKernel.betterFamily(current: "Prescott", processorFlags: avx512) == "SkylakeX")
        #expect(BLASKernel.betterFamily(current: "Prescott", processorFlags: ["fma", "avx2", "avx512f"]) == "Haswell")
        #expect(BLASKernel.betterFamily(current: "Nehalem", processorFlags: ["fma", "avx2"]) == "Haswell")
        #expect(BLASKernel.betterFamily(current: "Prescott", processorFlags: ["sse3", "avx"]) == nil)
        // A family that OpenBLAS chose for the processor is kept.
        #expect(BLASKernel.betterFamily(current: "Haswell", processorFlags: avx512) == nil)
        #expect(BLASKernel.betterFamily(current: "SkylakeX", processorFlags: avx512) == nil)
        let cpuinfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu sse3 fma avx2 avx512f\nbugs\t\t: spectre\n"
        #expect(BLASKernel.processorFlags(cpuinfo: cpuinfo) == ["fpu", "sse3", "fma", "avx2", "avx512f"])
        #expect(BLASKernel.processorFlags(cpuinfo: "") == [])
        #expect(!BLASKernel.coreName.isEmpty)
    }
}
