import GNN2GNN
import GraphNets
import NASBench
import TensorCore

/// The MolGAN-style counterpart of METHOD.md §7 (De Cao & Kipf 2018, adapted to cells): a noise
/// vector z ∈ R^256 per cell goes through an MLP (256 → 128 → 256 → 512, tanh) whose two heads give
/// keep/drop logits for every candidate edge of the complete DAG (upper triangle) and operation
/// logits for every node; hard Gumbel-softmax samples turn them into choices, refined exactly as
/// the GNN generator's (`RefinedCell`).
public struct MolGANGenerator: CellGenerator {
    public var parameters = ParameterStore()
    public let nodeCount: Int
    public let operationCount: Int
    public let temperature: Float
    public let space: (any SearchSpace)?
    /// Width of the noise vector.
    public static let noiseSize = 256
    /// Hidden widths of the MLP (MolGAN's).
    public static let hiddenSizes = [128, 256, 512]
    let layers: [Linear]
    let edgeHead: Linear
    let operationHead: Linear
    public let candidateEdges: [(Int, Int)]
    let candidateIndex: [Int]

    public init(nodeCount: Int, operationCount: Int, temperature: Float, space: (any SearchSpace)? = nil,
                using random: inout SeededGenerator) {
        precondition(nodeCount >= 2 && operationCount >= 1)
        self.nodeCount = nodeCount
        self.operationCount = operationCount
        self.temperature = temperature
        self.space = space
        (candidateEdges, candidateIndex) = completeDAGEdges(nodeCount: nodeCount)
        var store = ParameterStore()
        var width = Self.noiseSize
        var layers: [Linear] = []
        for (k, size) in Self.hiddenSizes.enumerated() {
            layers.append(Linear(width, size, name: "molgan.fc\(k + 1)", store: &store, using: &random))
            width = size
        }
        self.layers = layers
        edgeHead = Linear(width, 2 * candidateEdges.count, name: "molgan.edge_head", store: &store, using: &random)
        operationHead = Linear(width, nodeCount * operationCount, name: "molgan.op_head", store: &store, using: &random)
        parameters = store
    }

    public func sample(count: Int, _ p: BoundParameters, hard: Bool, using random: inout SeededGenerator) -> GeneratedCells {
        let tape = p.variables[0].tape
        var noise = [Float](repeating: 0, count: count * Self.noiseSize)
        for i in 0..<noise.count { noise[i] = random.normal() }
        var h = tape.constant(Tensor(shape: [count, Self.noiseSize], scalars: noise))
        for layer in layers { h = layer(h, p).tanh() }
        let e = candidateEdges.count
        let edgeLogits = edgeHead(h, p).reshaped([count * e, 2])
        let operationLogits = operationHead(h, p).reshaped([count * nodeCount, operationCount])
        let edgeSample = edgeLogits.gumbelSoftmax(temperature: temperature, hard: hard, using: &random)
        let keep = edgeSample.matmul(tape.constant(Tensor(shape: [2, 1], scalars: [0, 1])))
        let operations = operationLogits.gumbelSoftmax(temperature: temperature, hard: hard, using: &random)
        return GeneratedCells(count: count, nodeCount: nodeCount, operationCount: operationCount,
                              candidateEdges: candidateEdges, candidateIndex: candidateIndex, space: space,
                              keep: keep, operations: operations, edgeLogits: edgeLogits, operationLogits: operationLogits)
    }
}

extension GeneratorCatalog {
    /// The library's generators and the counterparts this module trains with the same `Trainer`
    /// (`--generator molgan`).
    public static let withCounterparts = GeneratorCatalog.standard.registering(.molgan) { c, space, random in
        MolGANGenerator(nodeCount: space.maxNodes, operationCount: space.operations.count, temperature: c.temperature,
                        space: space, using: &random)
    }
}
