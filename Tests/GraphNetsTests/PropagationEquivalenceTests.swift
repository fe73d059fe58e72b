import Testing
@testable import GraphNets
@testable import TensorCore

/// GCN propagation with row pointers (vectorised) must equal the first, indexed implementation bit
/// for bit, in value and in both gradients.
@Suite struct PropagationEquivalenceTests {
    /// The original loops of `propagate`, forward and the gradient with respect to `x`.
    static func reference(_ graph: GraphBatch, x: [Float], features: Int, weights: [Float], g: [Float]) -> (out: [Float], gx: [Float]) {
        var degree = [Float](repeating: 1, count: graph.nodeCount)
        for e in 0..<graph.edgeCount { degree[graph.targets[e]] += weights[e] }
        let d = degree.map { $0 > 0 ? 1 / $0.squareRoot() : 0 }
        var out = [Float](repeating: 0, count: graph.nodeCount * features), gx = out
        for n in 0..<graph.nodeCount {
            let c = d[n] * d[n]
            for f in 0..<features { out[n * features + f] = c * x[n * features + f]; gx[n * features + f] += c * g[n * features + f] }
        }
        for e in 0..<graph.edgeCount {
            let s = graph.sources[e], t = graph.targets[e]
            let c = d[s] * weights[e] * d[t]
            for f in 0..<features { out[t * features + f] += c * x[s * features + f]; gx[s * features + f] += c * g[t * features + f] }
        }
        return (out, gx)
    }

    @Test(arguments: [1, 3, 5, 32, 100])
    func propagationMatchesTheIndexedLoops(features: Int) {
        var random = SeededGenerator(seed: UInt64(features))
        let dag = (nodeCount: 7, edges: (0..<7).flatMap { i in (i + 1..<7).map { (i, $0) } })
        let graph = GraphBatch(graphs: Array(repeating: dag, count: 3))
        let x = (0..<(graph.nodeCount * features)).map { _ in random.uniform(-1, 1) }
        let weights = (0..<graph.edgeCount).map { _ in random.uniform(0, 1) }
        let g = (0..<(graph.nodeCount * features)).map { _ in random.uniform(-1, 1) }
        for weighted in [false, true] {
            let tape = Tape()
            let input = tape.variable(Tensor(shape: [graph.nodeCount, features], scalars: x))
            let w = tape.variable(Tensor(shape: [graph.edgeCount], scalars: weights))
            let out = graph.propagate(input, edgeWeights: weighted ? w : nil)
            tape.backward(from: (out * tape.constant(Tensor(shape: [graph.nodeCount, features], scalars: g))).sum())
            let expected = Self.reference(graph, x: x, features: features,
                                          weights: weighted ? weights : [Float](repeating: 1, count: graph.edgeCount), g: g)
            #expect(out.value.scalars.map(\.bitPattern) == expected.out.map(\.bitPattern))
            #expect(tape.gradient(of: input).scalars.map(\.bitPattern) == expected.gx.map(\.bitPattern))
        }
    }
}
