import Testing
@testable import NASBench
@Test func NASBenchBuilds() { #expect(Bool(true)) }
