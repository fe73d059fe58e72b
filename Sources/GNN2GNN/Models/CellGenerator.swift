import GraphNets
import NASBench
import TensorCore

/// A trainable generator of cells that the `Trainer` can train against the discriminator and the
/// valuer: its parameters and a sampler that keeps the differentiable (straight-through) choices.
public protocol CellGenerator: Sendable {
    var parameters: ParameterStore { get set }
    /// Samples `count` cells on `p`'s tape (`hard: false` gives relaxed choices).
    func sample(count: Int, _ p: BoundParameters, hard: Bool, using random: inout SeededGenerator) -> GeneratedCells
    /// Samples `count` cells with hard choices for use without gradients into the generator: the same
    /// cells and random draws as `sample`, with the choices as constants on `tape`.
    func sampleWithoutGradients(count: Int, on tape: Tape, using random: inout SeededGenerator) -> GeneratedCells
}

extension CellGenerator {
    /// The taped sampler on constant parameters (generators without a forward-only path).
    public func sampleWithoutGradients(count: Int, on tape: Tape, using random: inout SeededGenerator) -> GeneratedCells {
        sample(count: count, parameters.constants(on: tape), hard: true, using: &random)
    }

    /// Samples `count` cells with hard (one-hot) choices.
    public func sample(count: Int, _ p: BoundParameters, using random: inout SeededGenerator) -> GeneratedCells {
        sample(count: count, p, hard: true, using: &random)
    }
}

extension Generator: CellGenerator {}

/// A generator over a space's slots, trained by score-function terms (its `GeneratedCells` carry
/// the log-probabilities of the drawn options).
public protocol SlotCellGenerator: CellGenerator {
    /// Whether `logProbability()` is the exact log-probability of whole cells (autoregressive
    /// generators): the entropy bonus then enters the reward as `−T · log p(x)`; otherwise as the
    /// sum of per-slot entropies.
    static var hasExactLikelihood: Bool { get }
    /// Generation only: draws follow softmax(logits / τ) (1 = the trained distribution; above 1 flatter).
    /// Training keeps 1. Generators without an autoregressive draw ignore it.
    var samplingTemperature: Float { get set }
    /// The batch of the given cells (one option index per slot each) with the logits this generator
    /// gives them on `p`'s tape, each slot conditioned on the given earlier ones (teacher forcing):
    /// its `logProbability()` is their exact log-likelihood. `nil` without an exact likelihood.
    func teacherForced(choices: [[Int]], _ p: BoundParameters) -> GeneratedCells?
}

extension SlotCellGenerator {
    public var samplingTemperature: Float {
        get { 1 }
        set {}
    }

    public func teacherForced(choices: [[Int]], _ p: BoundParameters) -> GeneratedCells? { nil }
}

/// Which generator a run trains (`TrainingConfiguration.generatorKind`).
public enum GeneratorKind: String, Codable, CaseIterable, Sendable {
    /// The paper's GNN generator (`Generator`).
    case gnn
    /// The MolGAN-style counterpart (`MolGANGenerator` in the Experiments module, METHOD.md §7; built
    /// from `GeneratorCatalog.withCounterparts`).
    case molgan
    /// A graph network over the slots of a space with a fixed structure (`SlotGenerator`; beyond the paper).
    case slots
    /// Slot by slot, each slot's option given the earlier ones (`AutoregressiveSlotGenerator`; beyond the paper).
    case autoregressive
    /// A GRU emitting the slots node by node (`RecurrentSlotGenerator`; the paper's RNN counterpart).
    case rnn

    /// Whether the kind draws over a space's slots (it needs a `SlotStructuredSpace` and is trained
    /// by score-function terms).
    public var usesSlots: Bool { self == .slots || self == .autoregressive || self == .rnn }

    /// Whether the kind gives each whole cell its exact log-probability (whole-space distillation
    /// needs it): the generator type's own `SlotCellGenerator.hasExactLikelihood`.
    public var hasExactLikelihood: Bool {
        switch self {
        case .gnn, .molgan: return false
        case .slots: return SlotGenerator.hasExactLikelihood
        case .autoregressive: return AutoregressiveSlotGenerator.hasExactLikelihood
        case .rnn: return RecurrentSlotGenerator.hasExactLikelihood
        }
    }
}

/// The complete DAG on `n` nodes: candidate edges `(i, j)`, `i < j`, row-major, and the index of
/// edge `i → j` at `i * n + j`.
public func completeDAGEdges(nodeCount n: Int) -> (edges: [(Int, Int)], index: [Int]) {
    let edges = (0..<n).flatMap { i in ((i + 1)..<n).map { (i, $0) } }
    var index = [Int](repeating: 0, count: n * n)
    for (k, (i, j)) in edges.enumerated() { index[i * n + j] = k }
    return (edges, index)
}
