import Testing
@testable import GraphNets
import TensorCore

private func randomTensor(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -1...1) -> Tensor {
    var g = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in g.uniform(range.lowerBound, range.upperBound) })
}

/// Two small DAGs in one batch: a 3-node chain with a skip edge, and a 4-node diamond.
private let batch = GraphBatch(graphs: [
    (nodeCount: 3, edges: [(0, 1), (0, 2), (1, 2)]),
    (nodeCount: 4, edges: [(0, 1), (0, 2), (1, 3), (2, 3)]),
])

@Suite struct GCNTests {
    /// Worked by hand: 0→1, 0→2, 1→2 with x = [1, 2, 3]. Degrees with self-loops: 1, 2, 3.
    /// out0 = 1/1, out1 = 2/2 + 1/√2, out2 = 3/3 + 1/√3 + 2/√6.
    @Test func propagationMatchesAHandWorkedExample() {
        let graph = GraphBatch(graphs: [(nodeCount: 3, edges: [(0, 1), (0, 2), (1, 2)])])
        let tape = Tape()
        let out = graph.propagate(tape.constant(Tensor(shape: [3, 1], scalars: [1, 2, 3]))).value.scalars
        let expected: [Float] = [1, 1 + 1 / Float(2).squareRoot(), 1 + 1 / Float(3).squareRoot() + 2 / Float(6).squareRoot()]
        for (a, b) in zip(out, expected) { #expect(abs(a - b) < 1e-6) }
        // With weight 0.5 on 0→1: deg1 = 1.5, out1 = 2/1.5 + 0.5·1/√1.5.
        let weighted = graph.propagate(tape.constant(Tensor(shape: [3, 1], scalars: [1, 2, 3])),
                                       edgeWeights: tape.constant(Tensor(shape: [3], scalars: [0.5, 1, 1]))).value.scalars
        #expect(abs(weighted[1] - (2 / 1.5 + 0.5 / Float(1.5).squareRoot())) < 1e-6)
    }

    @Test func gcnConvIsLinearThenPropagateThenBias() {
        var store = ParameterStore()
        var g = SeededGenerator(seed: 1)
        let conv = GCNConv(1, 2, name: "conv", store: &store, using: &g)
        #expect(store[conv.bias].scalars == [0, 0])          // PyG: zero bias
        #expect(store[conv.weight].scalars.allSatisfy { abs($0) <= (6 / Float(3)).squareRoot() })  // Glorot bound
        store[conv.weight] = Tensor(rows: [[1, -2]])
        store[conv.bias] = Tensor(shape: [2], scalars: [0.5, 0])
        let graph = GraphBatch(graphs: [(nodeCount: 3, edges: [(0, 1), (0, 2), (1, 2)])])
        let tape = Tape()
        let out = conv(tape.constant(Tensor(shape: [3, 1], scalars: [1, 2, 3])), graph: graph, store.bind(to: tape)).value
        let p2 = 1 + 1 / Float(3).squareRoot() + 2 / Float(6).squareRoot()
        #expect(abs(out[2, 0] - (p2 + 0.5)) < 1e-5)
        #expect(abs(out[2, 1] - (-2 * p2)) < 1e-5)
    }

    @Test func propagationGradientInFeaturesAndEdgeWeights() {
        let x = randomTensor([7, 3], seed: 2)
        let w = randomTensor([7], seed: 3, range: 0.2...1.5)
        let r = GradientCheck().check([x, w]) { batch.propagate($0[0], edgeWeights: $0[1]) }
        #expect(r.passed, "\(r)")
        let plain = GradientCheck().check([x]) { batch.propagate($0[0]) }
        #expect(plain.passed, "\(plain)")
    }

    @Test func layerGradients() {
        var store = ParameterStore()
        var g = SeededGenerator(seed: 4)
        let conv = GCNConv(3, 4, name: "conv", store: &store, using: &g)
        let linear = Linear(4, 2, name: "linear", store: &store, using: &g)
        let attention = GlobalAttentionPool(4, 3, name: "pool", store: &store, using: &g)
        let x = randomTensor([7, 3], seed: 5)
        let w = randomTensor([7], seed: 6, range: 0.2...1.5)
        // Parameters become the checked inputs, followed by x and the edge weights.
        let inputs = store.tensors + [x, w]
        let check = GradientCheck().check(inputs) { v in
            let bound = BoundParameters(variables: Array(v.prefix(store.tensors.count)))
            let h = conv(v[v.count - 2], graph: batch, edgeWeights: v[v.count - 1], bound).tanh()
            let pooled = attention(h, graph: batch, bound)
            return concatColumns([linear(globalMeanPool(h, graph: batch), bound), pooled])
        }
        #expect(check.passed, "\(check)")
    }

    @Test func meanAndAttentionPoolingPerGraph() {
        let tape = Tape()
        let x = tape.constant(Tensor(shape: [7, 1], scalars: [1, 2, 3, 10, 20, 30, 40]))
        #expect(globalMeanPool(x, graph: batch).value.scalars == [2, 25])
        var store = ParameterStore()
        var g = SeededGenerator(seed: 7)
        let pool = GlobalAttentionPool(1, 1, name: "p", store: &store, using: &g)
        // Zero gate ⇒ uniform attention ⇒ the mean of the value network's outputs.
        store[pool.gate.weight] = Tensor.zeros([1, 1])
        store[pool.value.weight] = Tensor(rows: [[1]])
        store[pool.value.bias!] = Tensor.zeros([1])
        let pooled = pool(x, graph: batch, store.bind(to: tape)).value.scalars
        #expect(abs(pooled[0] - 2) < 1e-5 && abs(pooled[1] - 25) < 1e-5)
    }

    @Test func linearInitialisationFollowsPyTorch() {
        var store = ParameterStore()
        var g = SeededGenerator(seed: 8)
        let linear = Linear(100, 50, name: "l", store: &store, using: &g)
        let bound = 1 / Float(100).squareRoot()
        #expect(store[linear.weight].shape == [100, 50])
        #expect(store[linear.weight].scalars.allSatisfy { abs($0) <= bound })
        #expect(store[linear.bias!].scalars.allSatisfy { abs($0) <= bound })
        #expect(store[linear.weight].scalars.max()! > 0.8 * bound)
    }
}
