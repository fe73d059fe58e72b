import GraphNets
import NASBench
import TensorCore

/// A generator for spaces with a fixed structure (`SlotStructuredSpace`, beyond the paper): a graph
/// network over the space's slots instead of the complete DAG, so that every draw is a member.
///
/// Each slot node starts from fresh uniform noise plus a learned embedding of its position (the
/// slots are not exchangeable), goes through μ GCN layers with ReLU over the slot graph (both
/// directions), and a linear head gives the logits of the slot's options (bounded to ±`logitBound`
/// by `bound · tanh` when the bound is positive; a slot with fewer options than the widest has the
/// missing columns masked out). A hard Gumbel-softmax draws one option per slot;
/// the space turns the choices into a cell. Since the choices decide which nodes the cell has, no
/// straight-through gradient reaches them: the trainer uses score-function terms for this generator.
public struct SlotGenerator: SlotCellGenerator {
    public static let hasExactLikelihood = false
    public var parameters = ParameterStore()
    public let space: any SlotStructuredSpace
    public let hiddenSize: Int
    public let temperature: Float
    public let logitBound: Float
    let positions: ParameterID
    let convolutions: [GCNConv]
    let head: Linear
    let slotSources: [Int]
    let slotTargets: [Int]

    public init(space: any SlotStructuredSpace, hiddenSize: Int, layers: Int, temperature: Float, logitBound: Float,
                using random: inout SeededGenerator) {
        precondition(layers >= 1 && hiddenSize >= 1 && space.slotCount >= 1)
        self.space = space
        self.hiddenSize = hiddenSize
        self.temperature = temperature
        self.logitBound = logitBound
        var store = ParameterStore()
        positions = store.add("slots.positions", Initializer.uniform(shape: [space.slotCount, hiddenSize], bound: 1, using: &random))
        convolutions = (0..<layers).map {
            GCNConv(hiddenSize, hiddenSize, name: "slots.gcn\($0 + 1)", store: &store, using: &random)
        }
        let k = space.maxSlotOptionCount
        head = Linear(hiddenSize, k, name: "slots.head", store: &store, using: &random)
        parameters = store
        let edges = space.slotEdges
        slotSources = edges.map(\.0) + edges.map(\.1)
        slotTargets = edges.map(\.1) + edges.map(\.0)
    }

    /// The slot graphs of `count` cells as one batch (each relation in both directions).
    func slotGraphs(count: Int) -> GraphBatch {
        let s = space.slotCount
        var sources: [Int] = [], targets: [Int] = []
        sources.reserveCapacity(count * slotSources.count); targets.reserveCapacity(count * slotSources.count)
        for c in 0..<count {
            for (a, b) in zip(slotSources, slotTargets) { sources.append(c * s + a); targets.append(c * s + b) }
        }
        return GraphBatch(nodeCount: count * s, sources: sources, targets: targets,
                          graphIndex: (0..<(count * s)).map { $0 / s }, graphCount: count)
    }

    public func sample(count: Int, _ p: BoundParameters, hard: Bool, using random: inout SeededGenerator) -> GeneratedCells {
        let tape = p.variables[0].tape
        let s = space.slotCount, k = space.maxSlotOptionCount
        let graph = slotGraphs(count: count)
        let noise = random.uniformFloats(count: count * s * hiddenSize)
        var h = tape.constant(Tensor(shape: [count * s, hiddenSize], scalars: noise))
            + p[positions].gatherRows((0..<(count * s)).map { $0 % s })
        for convolution in convolutions { h = convolution(h, graph: graph, p).relu() }
        let raw = head(h, p)
        let logits = space.maskingMissingOptions(logitBound > 0 ? raw.tanh() * logitBound : raw,
                                                 slots: (0..<(count * s)).map { $0 % s })
        let choices = logits.gumbelSoftmax(temperature: temperature, hard: true, using: &random)
        let values = choices.value.scalars
        let cells = (0..<count).map { c -> Cell in
            let options = (0..<s).map { slot -> Int in
                let base = (c * s + slot) * k
                var best = 0
                for o in 1..<k where values[base + o] > values[base + best] { best = o }
                return best
            }
            return space.cell(fromSlotChoices: options) ?? Self.noCell
        }
        return GeneratedCells(slotCells: cells, slotCount: s, operationCount: space.operations.count,
                              choices: choices, logits: logits)
    }

    /// What a draw whose choices form no cell becomes: input and output without an edge (invalid).
    static let noCell = Cell(nodeCount: 2, adjacency: [false, false, false, false], labels: [Cell.inputLabel, Cell.outputLabel])
}

extension SlotStructuredSpace {
    /// `logits` (one row of `maxSlotOptionCount` columns per entry of `slots`) with the columns a
    /// row's slot lacks pushed to −10⁴, so that they are never drawn and add nothing to the entropy;
    /// unchanged when every slot has every option.
    func maskingMissingOptions(_ logits: Variable, slots: [Int]) -> Variable {
        let k = maxSlotOptionCount
        let counts = slotOptions.map(\.count)
        guard counts.contains(where: { $0 < k }) else { return logits }
        var mask = [Float](repeating: 0, count: slots.count * k)
        for (r, t) in slots.enumerated() { for o in counts[t]..<k { mask[r * k + o] = -1e4 } }
        return logits + logits.tape.constant(Tensor(shape: [slots.count, k], scalars: mask))
    }

    /// A head's raw logits as the autoregressive generators use them: bounded by `bound · tanh` when
    /// `bound` is positive, the options a row's slot lacks masked out.
    func slotLogits(_ raw: Variable, bound: Float, slots: [Int]) -> Variable {
        maskingMissingOptions(bound > 0 ? raw.tanh() * bound : raw, slots: slots)
    }

    /// The batch of an autoregressive generator: the cells of `choices` (one option per slot), their
    /// one-hot choices and the `logits` rows (cell c, slot t at row c · slotCount + t) on `tape`.
    func generatedCells(choices: [[Int]], logits: Variable, on tape: Tape) -> GeneratedCells {
        let s = slotCount, k = maxSlotOptionCount
        var oneHot = [Float](repeating: 0, count: choices.count * s * k)
        for (c, chosen) in choices.enumerated() { for t in 0..<s { oneHot[(c * s + t) * k + chosen[t]] = 1 } }
        let cells = choices.map { cell(fromSlotChoices: $0) ?? SlotGenerator.noCell }
        return GeneratedCells(slotCells: cells, slotCount: s, operationCount: operations.count,
                              choices: tape.constant(Tensor(shape: [choices.count * s, k], scalars: oneHot)), logits: logits)
    }
}

extension Kernels {
    /// One exact categorical draw per row of `logits` (`[rows, k]`), by the Gumbel-max trick.
    /// With `temperature` τ ≠ 1 the draws follow softmax(logits / τ).
    static func gumbelMaxDraws(_ logits: Tensor, temperature: Float = 1, using random: inout SeededGenerator) -> [Int] {
        let rows = logits.shape[0], k = logits.shape[1]
        let noise = gumbelNoise(count: rows * k, using: &random)
        let scale = 1 / temperature
        return (0..<rows).map { c in
            var best = 0
            for o in 1..<k where logits[c, o] * scale + noise[c * k + o] > logits[c, best] * scale + noise[c * k + best] { best = o }
            return best
        }
    }
}
