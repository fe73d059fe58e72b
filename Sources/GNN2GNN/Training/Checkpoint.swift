import Foundation
import TensorCore

/// What a checkpoint needs besides the parameters to resume a run exactly.
public struct TrainerState: Codable, Sendable {
    public var epochsCompleted: Int
    public var randomState: [UInt64]
    public var optimizerSteps: [Int]
    public var trainingQueries: [Int]
    public var selectionQueries: [Int]
    public var bestTop10: Double?
    public var bestEpoch: Int?
    public var elite: [Int]?
    /// Distinct classes revealed by the oracle, in query order (absent in older runs).
    public var revealed: [Int]?
}

extension Trainer {
    /// The networks' parameters in `NetworkOptimizers.checkpointOrder`.
    private var stores: [ParameterStore] {
        [model.generator.parameters, model.discriminator.parameters, model.valuer.parameters]
    }

    /// The resumable state of the trainer.
    public var state: TrainerState {
        TrainerState(epochsCompleted: epochsCompleted, randomState: random.state,
                     optimizerSteps: optimizers.inCheckpointOrder.map(\.stepCount),
                     trainingQueries: oracle.trainingQueries.sorted(), selectionQueries: oracle.selectionQueries.sorted(),
                     bestTop10: bestTop10, bestEpoch: bestEpoch, elite: elite, revealed: oracle.revealed)
    }

    /// Adam's moment estimates, named `<parameter>.adam_m` / `.adam_v`.
    public var optimizerTensors: [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (store, adam) in zip(stores, optimizers.inCheckpointOrder) where !adam.firstMoments.isEmpty {
            for (i, name) in store.names.enumerated() {
                let shape = store.tensors[i].shape
                out["\(name).adam_m"] = Tensor(shape: shape, scalars: adam.firstMoments[i])
                out["\(name).adam_v"] = Tensor(shape: shape, scalars: adam.secondMoments[i])
            }
        }
        return out
    }

    /// Throws when a saved state cannot belong to a run of this configuration and benchmark (a
    /// damaged or edited checkpoint), naming the field.
    public func validate(_ state: TrainerState) throws {
        func check(_ ok: Bool, _ field: String, _ message: String) throws {
            if !ok { throw CheckpointError(field: field, message) }
        }
        try check(state.randomState.count == 4 && state.randomState.contains { $0 != 0 }, "randomState",
                  "must be four 64-bit words, not all zero (found \(state.randomState.count))")
        try check(state.optimizerSteps.count == 3 && state.optimizerSteps.allSatisfy { $0 >= 0 }, "optimizerSteps",
                  "must be three step counts ≥ 0 (generator, discriminator, valuer)")
        try check((0...configuration.epochs).contains(state.epochsCompleted), "epochsCompleted",
                  "\(state.epochsCompleted) is outside 0...\(configuration.epochs)")
        let classes = 0..<benchmark.classes.count
        for (field, indices) in [("trainingQueries", state.trainingQueries), ("selectionQueries", state.selectionQueries),
                                 ("elite", state.elite ?? []), ("revealed", state.revealed ?? [])] {
            try check(indices.allSatisfy(classes.contains), field, "holds a class index outside 0..<\(benchmark.classes.count)")
        }
        // Only revealed classes enter the elite; an edited state must not smuggle in another.
        let known = Set(state.trainingQueries + state.selectionQueries + (state.revealed ?? []))
        try check((state.elite ?? []).allSatisfy(known.contains), "elite", "holds a class the oracle never revealed")
    }

    /// Continues from a saved state, parameters and optimiser moments (all checked first: shapes,
    /// finite values, the state's fields).
    public mutating func restore(state: TrainerState, parameters: [String: Tensor], optimizer: [String: Tensor]) throws {
        try validate(state)
        try model.loadCheckpoint(parameters)
        for (k, store) in stores.enumerated() where state.optimizerSteps[k] > 0 {
            var m: [[Float]] = [], v: [[Float]] = []
            for name in store.names {
                guard let a = optimizer["\(name).adam_m"], let b = optimizer["\(name).adam_v"] else {
                    throw CheckpointError(field: "\(name).adam_m", "is missing (the optimizer state of a resumable checkpoint)")
                }
                let expected = store.tensors[store.names.firstIndex(of: name)!].shape
                guard a.shape == expected, b.shape == expected else {
                    throw CheckpointError(field: "\(name).adam_m", "has shape \(a.shape) / \(b.shape), expected \(expected)")
                }
                m.append(a.scalars); v.append(b.scalars)
            }
            optimizers[keyPath: NetworkOptimizers.checkpointOrder[k]].restore(stepCount: state.optimizerSteps[k], firstMoments: m, secondMoments: v)
        }
        random = SeededGenerator(state: state.randomState)
        oracle.restore(trainingQueries: state.trainingQueries, selectionQueries: state.selectionQueries, revealed: state.revealed)
        epochsCompleted = state.epochsCompleted
        bestTop10 = state.bestTop10
        bestEpoch = state.bestEpoch
        elite = state.elite ?? []
    }
}

/// A checkpoint whose trainer state or tensors cannot be resumed: the offending field and why.
public struct CheckpointError: Error, CustomStringConvertible {
    public let field: String
    public let message: String
    public init(field: String, _ message: String) { self.field = field; self.message = message }
    public var description: String { "\(field): \(message)" }
}

extension GNN2GNNModel {
    /// Loads parameters saved by a run (its `last` or `best` checkpoint): each must be present with
    /// the model's shape and hold only finite values, else a `CheckpointError` names the tensor.
    public mutating func loadCheckpoint(_ parameters: [String: Tensor]) throws {
        if let bad = parameters.sorted(by: { $0.key < $1.key }).first(where: { !$0.key.hasSuffix(".adam_m") && !$0.key.hasSuffix(".adam_v")
                                                && $0.value.scalars.contains { !$0.isFinite } }) {
            throw CheckpointError(field: bad.key, "holds a value that is not finite (NaN or infinity)")
        }
        do { try load(parameters) } catch let error as SafeTensors.FormatError {
            throw CheckpointError(field: "tensors", error.message)
        }
    }
}
