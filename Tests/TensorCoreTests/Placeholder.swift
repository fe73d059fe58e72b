import Testing
@testable import TensorCore
@Test func TensorCoreBuilds() { #expect(Bool(true)) }
