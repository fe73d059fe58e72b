import ArgumentParser
import GNN2GNN
import GraphNets
import TensorCore

struct SelfCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "self-check",
        abstract: "Check that linear algebra and automatic differentiation work on this machine."
    )

    func run() throws {
        // BLAS: a 2×2 product with a known answer.
        let tape = Tape()
        let product = tape.constant(Tensor(rows: [[1, 2], [3, 4]])).matmul(tape.constant(Tensor(rows: [[5, 6], [7, 8]])))
        guard product.value.scalars == [19, 22, 43, 50] else {
            throw ValidationError("BLAS matrix product is wrong: \(product.value.scalars)")
        }
        print("✓ BLAS matrix product (kernels: \(BLASKernel.coreName))")
        // Autodiff: gradients of a GCN layer against finite differences.
        var store = ParameterStore()
        var generator = SeededGenerator(seed: 0)
        let conv = GCNConv(3, 2, name: "gcn", store: &store, using: &generator)
        let graph = GraphBatch(graphs: [(nodeCount: 4, edges: [(0, 1), (0, 2), (1, 3), (2, 3)])])
        let x = Initializer.uniform(shape: [4, 3], bound: 1, using: &generator)
        let result = GradientCheck().check(store.tensors + [x]) { v in
            conv(v[v.count - 1], graph: graph, BoundParameters(variables: Array(v.dropLast())))
        }
        guard result.passed else { throw ValidationError("GCN gradient check failed: \(result)") }
        print("✓ reverse-mode gradients of a GCN layer match finite differences")
    }
}
