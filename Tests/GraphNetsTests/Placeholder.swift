import Testing
@testable import GraphNets
@Test func GraphNetsBuilds() { #expect(Bool(true)) }
