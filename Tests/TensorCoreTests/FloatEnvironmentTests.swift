import Testing
import TensorCore

@Suite(.serialized) struct FloatEnvironmentTests {
    /// With flushing on, a product that would be subnormal becomes zero; off, it stays subnormal.
    @Test func flushesSubnormalsToZeroOnlyWhenAsked() {
        let before = FloatEnvironment.flushesDenormals
        defer { FloatEnvironment.flushDenormalsToZero(before) }
        let tiny = [Float(1e-30)], scale = [Float(1e-10)]
        func product() -> Float { tiny.withUnsafeBufferPointer { a in scale.withUnsafeBufferPointer { b in a[0] * b[0] } } }
        guard FloatEnvironment.flushDenormalsToZero(false) else { return }  // no such mode on this processor
        #expect(!FloatEnvironment.flushesDenormals)
        #expect(product() > 0 && product() < Float.leastNormalMagnitude)
        FloatEnvironment.flushDenormalsToZero(true)
        #expect(FloatEnvironment.flushesDenormals)
        #expect(product() == 0)
    }
}
