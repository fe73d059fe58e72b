import GraphNets
import NASBench
import TensorCore

/// An autoregressive generator for spaces with a fixed structure (beyond the paper; a counterpart to
/// the RNN generators of the NAS literature): slot `t`'s option is drawn given the options already
/// drawn for slots `0..<t`, so the distribution over whole cells is not a product of independent
/// slot choices and can follow the correlations of good cells (on NAS-Bench-101, which edges go with
/// which operations).
///
/// The conditional of slot `t` is a two-layer ReLU network (MADE-style, with masked inputs): its input
/// is the one-hot encoding of the options of slots `0..<t` (later slots zeroed), plus a learned
/// embedding of `t`; a linear head gives `maxSlotOptionCount` logits, bounded by `bound · tanh` when
/// `logitBound` is positive, with the columns a slot lacks masked out. Sampling runs the slots in
/// order, each an exact categorical draw (Gumbel-max); the batch then holds the logits of every slot
/// given the drawn prefix, recomputed on the tape in one pass, so that `logProbability()` is the exact
/// log-probability of the whole cell. Trained by score-function terms (as `SlotGenerator`).
public struct AutoregressiveSlotGenerator: SlotCellGenerator {
    public static let hasExactLikelihood = true
    public var parameters = ParameterStore()
    public let space: any SlotStructuredSpace
    public let hiddenSize: Int
    public let logitBound: Float
    /// Generation only: the draws follow softmax(logits / τ) (`SlotCellGenerator.samplingTemperature`).
    public var samplingTemperature: Float = 1
    let positions: ParameterID
    let input: Linear
    let hidden: Linear
    let head: Linear

    public init(space: any SlotStructuredSpace, hiddenSize: Int, logitBound: Float, using random: inout SeededGenerator) {
        precondition(hiddenSize >= 1 && space.slotCount >= 1)
        self.space = space
        self.hiddenSize = hiddenSize
        self.logitBound = logitBound
        let s = space.slotCount, k = space.maxSlotOptionCount
        var store = ParameterStore()
        positions = store.add("autoregressive.positions", Initializer.uniform(shape: [s, hiddenSize], bound: 1, using: &random))
        input = Linear(s * k, hiddenSize, bias: false, name: "autoregressive.input", store: &store, using: &random)
        hidden = Linear(hiddenSize, hiddenSize, name: "autoregressive.hidden", store: &store, using: &random)
        head = Linear(hiddenSize, k, name: "autoregressive.head", store: &store, using: &random)
        parameters = store
    }

    /// Logits of slot rows `slots[r]` given the masked one-hot prefixes `prefixes` (`[rows, s·k]`).
    func logits(prefixes: Variable, slots: [Int], _ p: BoundParameters) -> Variable {
        let h1 = (input(prefixes, p) + p[positions].gatherRows(slots)).relu()
        let raw = head(hidden(h1, p).relu(), p)
        return space.slotLogits(raw, bound: logitBound, slots: slots)
    }

    public func sample(count: Int, _ p: BoundParameters, hard: Bool, using random: inout SeededGenerator) -> GeneratedCells {
        let choices = draw(count: count, using: &random).choices
        // The logits of every slot given its drawn prefix, on the caller's tape.
        return teacherForced(choices: choices, p)!
    }

    /// The same cells and random draws as `sample`, without the teacher-forced pass on a tape (the
    /// discriminator's and the valuer's generated cells need no gradient): the logits are the
    /// drawing pass's own, as constants on `tape`.
    public func sampleWithoutGradients(count: Int, on tape: Tape, using random: inout SeededGenerator) -> GeneratedCells {
        let (choices, logits) = draw(count: count, using: &random)
        let s = space.slotCount, k = space.maxSlotOptionCount
        return space.generatedCells(choices: choices, logits: tape.constant(Tensor(shape: [count * s, k], scalars: logits)), on: tape)
    }

    /// Draws `count` cells slot by slot, without gradients: their choices, and the logits each slot
    /// was drawn from (`[count · slots, k]` row-major, row `c · slots + t`).
    private func draw(count: Int, using random: inout SeededGenerator) -> (choices: [[Int]], logits: [Float]) {
        let s = space.slotCount, k = space.maxSlotOptionCount, width = s * k
        var choices = [[Int]](repeating: [], count: count)
        var drawn = [Float](repeating: 0, count: count * s * k)
        // The prefix of every cell so far, one-hot.
        var prefix = [Float](repeating: 0, count: count * width)
        let drawing = Tape(training: false)
        let constants = parameters.constants(on: drawing)
        for t in 0..<s {
            let rows = logits(prefixes: drawing.constant(Tensor(shape: [count, width], scalars: prefix)),
                              slots: Array(repeating: t, count: count), constants).value
            for c in 0..<count { for o in 0..<k { drawn[(c * s + t) * k + o] = rows[c, o] } }
            for (c, best) in Kernels.gumbelMaxDraws(rows, temperature: samplingTemperature, using: &random).enumerated() {
                choices[c].append(best)
                prefix[c * width + t * k + best] = 1
            }
        }
        return (choices, drawn)
    }

    /// Every slot's logits given the slots before it, in one pass over `count · slotCount` rows.
    public func teacherForced(choices: [[Int]], _ p: BoundParameters) -> GeneratedCells? {
        let s = space.slotCount, k = space.maxSlotOptionCount, width = s * k, count = choices.count
        var masked = [Float](repeating: 0, count: count * s * width)
        for c in 0..<count {
            precondition(choices[c].count == s, "one option per slot")
            for t in 0..<s { for u in 0..<t { masked[(c * s + t) * width + u * k + choices[c][u]] = 1 } }
        }
        let tape = p.variables[0].tape
        let all = logits(prefixes: tape.constant(Tensor(shape: [count * s, width], scalars: masked)),
                         slots: (0..<(count * s)).map { $0 % s }, p)
        return space.generatedCells(choices: choices, logits: all, on: tape)
    }
}
