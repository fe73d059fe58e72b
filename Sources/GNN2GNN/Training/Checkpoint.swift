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
    static let optimizerNames = ["generator", "discriminator", "valuer"]

    private var stores: [ParameterStore] {
        [model.generator.parameters, model.discriminator.parameters, model.valuer.parameters]
    }

    /// The resumable state of the trainer.
    public var state: TrainerState {
        TrainerState(epochsCompleted: epochsCompleted, randomState: random.state,
                     optimizerSteps: optimizers.map(\.stepCount),
                     trainingQueries: oracle.trainingQueries.sorted(), selectionQueries: oracle.selectionQueries.sorted(),
                     bestTop10: bestTop10, bestEpoch: bestEpoch, elite: elite, revealed: oracle.revealed)
    }

    /// Adam's moment estimates, named `<parameter>.adam_m` / `.adam_v`.
    public var optimizerTensors: [String: Tensor] {
        var out: [String: Tensor] = [:]
        for (store, adam) in zip(stores, optimizers) where !adam.firstMoments.isEmpty {
            for (i, name) in store.names.enumerated() {
                let shape = store.tensors[i].shape
                out["\(name).adam_m"] = Tensor(shape: shape, scalars: adam.firstMoments[i])
                out["\(name).adam_v"] = Tensor(shape: shape, scalars: adam.secondMoments[i])
            }
        }
        return out
    }

    /// Continues from a saved state, parameters and optimiser moments.
    public mutating func restore(state: TrainerState, parameters: [String: Tensor], optimizer: [String: Tensor]) throws {
        try model.load(parameters)
        for (k, store) in stores.enumerated() where state.optimizerSteps[k] > 0 {
            var m: [[Float]] = [], v: [[Float]] = []
            for name in store.names {
                guard let a = optimizer["\(name).adam_m"], let b = optimizer["\(name).adam_v"] else {
                    throw SafeTensors.FormatError(message: "optimizer state lacks \(name)")
                }
                m.append(a.scalars); v.append(b.scalars)
            }
            optimizers[k].restore(stepCount: state.optimizerSteps[k], firstMoments: m, secondMoments: v)
        }
        random = SeededGenerator(state: state.randomState)
        oracle.restore(trainingQueries: state.trainingQueries, selectionQueries: state.selectionQueries, revealed: state.revealed)
        epochsCompleted = state.epochsCompleted
        bestTop10 = state.bestTop10
        bestEpoch = state.bestEpoch
        elite = state.elite ?? []
    }
}
