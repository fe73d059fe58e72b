import Testing
@testable import GraphNets
import TensorCore

@Suite struct DirectedSumConvTests {
    private let graph = GraphBatch(graphs: [
        (nodeCount: 3, edges: [(0, 1), (0, 2), (1, 2)]),
        (nodeCount: 2, edges: [(0, 1)]),
    ])

    /// With identity-like weights fixed by hand, each node reads itself, the sum of its predecessors
    /// and the sum of its successors, without degree normalisation.
    @Test func sumsPredecessorsAndSuccessors() {
        var store = ParameterStore()
        var g = SeededGenerator(seed: 1)
        let conv = DirectedSumConv(1, 3, name: "sum", store: &store, using: &g)
        store[conv.selfWeight.weight] = Tensor(rows: [[1, 0, 0]])
        store[conv.selfWeight.bias!] = Tensor(shape: [3], scalars: [0, 0, 0])
        store[conv.inWeight.weight] = Tensor(rows: [[0, 1, 0]])
        store[conv.outWeight.weight] = Tensor(rows: [[0, 0, 1]])
        let tape = Tape()
        let x = tape.constant(Tensor(shape: [5, 1], scalars: [1, 2, 4, 8, 16]))
        let out = conv(x, graph: graph, store.bind(to: tape)).value
        // node: (self, Σ predecessors, Σ successors)
        let expected: [[Float]] = [[1, 0, 6], [2, 1, 4], [4, 3, 0], [8, 0, 16], [16, 8, 0]]
        for (r, row) in expected.enumerated() { for (c, v) in row.enumerated() { #expect(out[r, c] == v) } }
    }

    @Test func gradientsMatchFiniteDifferences() {
        var store = ParameterStore()
        var g = SeededGenerator(seed: 2)
        let conv = DirectedSumConv(3, 2, name: "sum", store: &store, using: &g)
        var r = SeededGenerator(seed: 3)
        let x = Tensor(shape: [5, 3], scalars: (0..<15).map { _ in r.uniform(-1, 1) })
        let w = Tensor(shape: [4], scalars: [0.5, 1, 1.5, 0.8])
        let check = GradientCheck().check(store.tensors + [x, w]) { v in
            let bound = BoundParameters(variables: Array(v.prefix(store.tensors.count)))
            return conv(v[v.count - 2], graph: graph, edgeWeights: v[v.count - 1], bound).tanh()
        }
        #expect(check.passed, "\(check)")
    }
}
