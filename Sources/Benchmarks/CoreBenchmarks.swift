import GNN2GNN
import GraphNets
import TensorCore

/// Measurements of the tensor core and graph layers.
enum CoreBenchmarks {
    static func run(_ harness: inout BenchHarness) {
        // Matrix product [224×100]·[100×100], as in one GCN layer over 32 seven-node graphs.
        var g = SeededGenerator(seed: 1)
        let a = Initializer.uniform(shape: [224, 100], bound: 1, using: &g)
        let b = Initializer.uniform(shape: [100, 100], bound: 1, using: &g)
        var c = [Float](repeating: 0, count: 224 * 100)
        let inner = 200
        let flops = 2.0 * 224 * 100 * 100 * Double(inner)
        harness.time("matmul_224x100x100", unit: "GFLOP/s", repetitions: 15, transform: { flops / $0 / 1e9 }) {
            a.scalars.withUnsafeBufferPointer { ap in
                b.scalars.withUnsafeBufferPointer { bp in
                    c.withUnsafeMutableBufferPointer { cp in
                        for _ in 0..<inner {
                            BLAS.gemm(m: 224, n: 100, k: 100, a: ap.baseAddress!, b: bp.baseAddress!, c: cp.baseAddress!)
                        }
                    }
                }
            }
        }

        // Two-layer GCN (100 hidden) forward + backward on 32 complete seven-node DAGs.
        let dag = (nodeCount: 7, edges: (0..<7).flatMap { i in (i + 1..<7).map { (i, $0) } })
        let batch = GraphBatch(graphs: Array(repeating: dag, count: 32))
        var store = ParameterStore()
        let layer1 = GCNConv(100, 100, name: "gcn1", store: &store, using: &g)
        let layer2 = GCNConv(100, 100, name: "gcn2", store: &store, using: &g)
        let features = Initializer.uniform(shape: [224, 100], bound: 1, using: &g)
        harness.time("gcn2_forward_backward_32x7", unit: "ms", repetitions: 51, warmup: 5) {
            let tape = Tape()
            let p = store.bind(to: tape)
            let h = layer2(layer1(tape.constant(features), graph: batch, p).relu(), graph: batch, p)
            tape.backward(from: h.mean())
            _ = p.gradients()
        }
    }
}
