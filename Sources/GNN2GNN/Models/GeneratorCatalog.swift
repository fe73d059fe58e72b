import NASBench
import TensorCore

/// How a run's generator is built from its configuration, by `GeneratorKind`. The library knows the
/// paper's GNN generator and the slot generators (`standard`); a counterpart trained by the same
/// `Trainer` (the MolGAN-style generator of the Experiments module) is registered by the module that
/// defines it, so that GNN2GNN does not depend on its counterparts.
public struct GeneratorCatalog: Sendable {
    /// Builds a fresh generator for a space from the configuration and the random stream.
    public typealias Factory = @Sendable (TrainingConfiguration, any SearchSpace, inout SeededGenerator) -> any CellGenerator

    private var factories: [GeneratorKind: Factory]

    /// The generators of this module: gnn, slots, autoregressive, rnn.
    public static let standard = GeneratorCatalog(factories: [
        .gnn: { c, space, random in
            Generator(nodeCount: space.maxNodes, operationCount: space.operations.count, hiddenSize: c.hiddenSize,
                      layers: c.generatorLayers, temperature: c.temperature, directEdgeLogits: c.directEdgeLogits,
                      nodePositions: c.nodePositions, logitBound: c.logitBound, space: space, using: &random)
        },
        .slots: { c, space, random in
            SlotGenerator(space: slotted(space, c), hiddenSize: c.hiddenSize, layers: c.generatorLayers,
                          temperature: c.temperature, logitBound: c.logitBound, using: &random)
        },
        .autoregressive: { c, space, random in
            AutoregressiveSlotGenerator(space: slotted(space, c), hiddenSize: c.hiddenSize, logitBound: c.logitBound, using: &random)
        },
        .rnn: { c, space, random in
            RecurrentSlotGenerator(space: slotted(space, c), hiddenSize: c.hiddenSize, logitBound: c.logitBound, using: &random)
        },
    ])

    /// A catalog that also builds `kind` with `factory` (replacing what it built before).
    public func registering(_ kind: GeneratorKind, _ factory: @escaping Factory) -> GeneratorCatalog {
        var copy = self
        copy.factories[kind] = factory
        return copy
    }

    /// Whether the catalog can build `kind`.
    public func contains(_ kind: GeneratorKind) -> Bool { factories[kind] != nil }

    /// A fresh generator of `configuration.generatorKind`; the kind must be in the catalog (checked
    /// by `Trainer.init`, which names the module to register it from).
    func make(_ configuration: TrainingConfiguration, space: any SearchSpace, using random: inout SeededGenerator) -> any CellGenerator {
        guard let factory = factories[configuration.generatorKind] else {
            preconditionFailure("generator \(configuration.generatorKind.rawValue) is not in this catalog (checked by Trainer.init)")
        }
        return factory(configuration, space, &random)
    }

    private static func slotted(_ space: any SearchSpace, _ c: TrainingConfiguration) -> any SlotStructuredSpace {
        guard let structured = space as? any SlotStructuredSpace else {
            preconditionFailure("the \(c.generatorKind.rawValue) generator needs a space with a fixed structure (checked by Trainer.init)")
        }
        return structured
    }
}
