import Testing
@testable import GNN2GNN
@Test func GNN2GNNBuilds() { #expect(Bool(true)) }
