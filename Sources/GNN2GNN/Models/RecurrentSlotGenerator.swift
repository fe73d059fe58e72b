import GraphNets
import NASBench
import TensorCore

/// The paper's third counterpart, an RNN generator (GraphRNN-style, METHOD.md §7): a GRU walks a
/// space's slots node by node (`SlotStructuredSpace.generationOrder`: on NAS-Bench-101 a node's
/// operation, then its incoming edges; on NAS-Bench-201 the edges entering each node in turn) and
/// emits each slot's option given everything emitted before.
///
/// Step `t` reads the embedding of the option drawn at step `t − 1` (a start embedding at `t = 0`)
/// plus a learned embedding of the slot it is about to emit; the GRU state goes through a linear head
/// to `maxSlotOptionCount` logits (bounded by `bound · tanh` when `logitBound` is positive, the
/// options a slot lacks masked out), and the option is an exact categorical draw (Gumbel-max). The
/// steps run on the caller's tape, so `logProbability()` is the exact log-probability of the whole
/// cell. Trained by the same score-function objective as the other slot generators.
public struct RecurrentSlotGenerator: SlotCellGenerator {
    public static let hasExactLikelihood = true
    public var parameters = ParameterStore()
    public let space: any SlotStructuredSpace
    public let hiddenSize: Int
    public let logitBound: Float
    /// Generation only: the draws follow softmax(logits / τ) (`SlotCellGenerator.samplingTemperature`).
    public var samplingTemperature: Float = 1
    /// Slots in the order the GRU emits them.
    public let order: [Int]
    let previous: ParameterID   // [k + 1, H]: the option drawn last, row k = start
    let positions: ParameterID  // [s, H]: the slot about to be emitted
    let initial: ParameterID    // [1, H]: the state before the first step
    let inputGates: [Linear]    // update, reset, candidate (from the step's input)
    let stateGates: [Linear]    // update, reset, candidate (from the state)
    let head: Linear

    public init(space: any SlotStructuredSpace, hiddenSize: Int, logitBound: Float, using random: inout SeededGenerator) {
        precondition(hiddenSize >= 1 && space.slotCount >= 1)
        self.space = space
        self.hiddenSize = hiddenSize
        self.logitBound = logitBound
        order = space.generationOrder
        precondition(order.sorted() == Array(0..<space.slotCount), "generationOrder must list every slot once")
        let s = space.slotCount, k = space.maxSlotOptionCount, h = hiddenSize
        var store = ParameterStore()
        previous = store.add("rnn.previous", Initializer.uniform(shape: [k + 1, h], bound: 1, using: &random))
        positions = store.add("rnn.positions", Initializer.uniform(shape: [s, h], bound: 1, using: &random))
        initial = store.add("rnn.initial", Tensor(shape: [1, h], scalars: [Float](repeating: 0, count: h)))
        inputGates = ["update", "reset", "candidate"].map { Linear(h, h, name: "rnn.input.\($0)", store: &store, using: &random) }
        stateGates = ["update", "reset", "candidate"].map { Linear(h, h, bias: false, name: "rnn.state.\($0)", store: &store, using: &random) }
        head = Linear(h, k, name: "rnn.head", store: &store, using: &random)
        parameters = store
    }

    /// The gates' weights for one unroll (bound once, so that their gradients flow back through one
    /// product each). A step's input is the sum of two embedding rows, so its input-side
    /// pre-activations `x W + b` are sums of rows of two small tables: `previous · W` and
    /// `positions · W + b` (update, reset and candidate gates side by side).
    struct GateTables {
        let previous: Variable, positions: Variable, state: Variable
    }

    func gateTables(_ p: BoundParameters) -> GateTables {
        let input = concatColumns(inputGates.map { p[$0.weight] })
        let bias = concatColumns(inputGates.map { p[$0.bias!].reshaped([1, hiddenSize]) })
        return GateTables(previous: p[previous].matmul(input), positions: p[positions].matmul(input) + bias,
                          state: concatColumns(stateGates.map { p[$0.weight] }))
    }

    /// One GRU step for cells that drew `drawn` last and now emit `slot`: `h' = (1 − z) ⊙ n + z ⊙ h`
    /// with `z = σ(W_z x + U_z h)`, `r = σ(W_r x + U_r h)`, `n = tanh(W_n x + r ⊙ U_n h)` (one fused
    /// tape node, `Variable.gatedRecurrentStep`).
    func step(drawn: [Int], slot: Int, _ state: Variable, _ tables: GateTables) -> Variable {
        let input = tables.previous.gatherRows(drawn) + tables.positions.gatherRows([Int](repeating: slot, count: drawn.count))
        return input.gatedRecurrentStep(state: state, stateWeights: tables.state)
    }

    public func sample(count: Int, _ p: BoundParameters, hard: Bool, using random: inout SeededGenerator) -> GeneratedCells {
        unroll(count: count, p) { _, logits in Kernels.gumbelMaxDraws(logits, temperature: samplingTemperature, using: &random) }
    }

    /// The GRU fed the given options instead of its own draws.
    public func teacherForced(choices: [[Int]], _ p: BoundParameters) -> GeneratedCells? {
        unroll(count: choices.count, p) { slot, _ in choices.map { $0[slot] } }
    }

    /// Runs the GRU over the slots in `order`; `choose(slot, logits)` gives each cell's option for
    /// the slot, which the next step reads.
    func unroll(count: Int, _ p: BoundParameters, choose: (Int, Tensor) -> [Int]) -> GeneratedCells {
        let s = space.slotCount, k = space.maxSlotOptionCount
        var choices = [[Int]](repeating: [Int](repeating: 0, count: s), count: count)
        var state = p[initial].gatherRows([Int](repeating: 0, count: count))
        var drawn = [Int](repeating: k, count: count)  // the start row
        var stepLogits: [Variable] = []
        let tables = gateTables(p)
        for slot in order {
            state = step(drawn: drawn, slot: slot, state, tables)
            let logits = space.slotLogits(head(state, p), bound: logitBound, slots: [Int](repeating: slot, count: count))
            stepLogits.append(logits)
            drawn = choose(slot, logits.value)
            for c in 0..<count { choices[c][slot] = drawn[c] }
        }
        // Rows of the concatenated steps are (step t, cell c) = t · count + c; `GeneratedCells` wants
        // (cell c, slot) = c · s + slot.
        var source = [Int](repeating: 0, count: count * s)
        for (t, slot) in order.enumerated() { for c in 0..<count { source[c * s + slot] = t * count + c } }
        return space.generatedCells(choices: choices, logits: concatRows(stepLogits).gatherRows(source), on: p.variables[0].tape)
    }
}
