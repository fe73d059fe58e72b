/// The generator of a run with exactly the settings it reads: the typed form of `config.json`'s
/// `generator` section (`ConfigurationFormat`). `TrainingConfiguration.generator` reads and writes
/// it; writing one puts every other generator setting back to its default, so a configuration built
/// this way cannot carry a setting its generator would ignore.
///
/// ```swift
/// config.generator = .autoregressive(.init(hiddenSize: 64, logitBound: 5, distillation: .init(weight: 1, temperature: 2)))
/// ```
///
/// The initialisers' defaults are `TrainingConfiguration()`'s (checked by `GeneratorSettingsTests`).
public enum GeneratorSettings: Equatable, Sendable {
    /// The paper's GNN generator (`Generator`).
    case gnn(GNN)
    /// The MolGAN-style counterpart (in the Experiments module).
    case molgan(MolGAN)
    /// Independent slot choices (`SlotGenerator`).
    case slots(Slots)
    /// Slots one after another (`AutoregressiveSlotGenerator`).
    case autoregressive(Sequential)
    /// A GRU over the slots (`RecurrentSlotGenerator`).
    case rnn(Sequential)

    public struct GNN: Equatable, Sendable {
        public var hiddenSize, layers: Int
        public var temperature, logitBound: Float
        public var directEdgeLogits, nodePositions, edgeGradients, valuerOverAllValid: Bool
        public var policyGradient: PolicyGradient
        public init(hiddenSize: Int = 100, layers: Int = 2, temperature: Float = 0.1, logitBound: Float = 0,
                    directEdgeLogits: Bool = false, nodePositions: Bool = false, edgeGradients: Bool = false,
                    valuerOverAllValid: Bool = false, policyGradient: PolicyGradient = PolicyGradient()) {
            (self.hiddenSize, self.layers, self.temperature, self.logitBound) = (hiddenSize, layers, temperature, logitBound)
            (self.directEdgeLogits, self.nodePositions, self.edgeGradients) = (directEdgeLogits, nodePositions, edgeGradients)
            (self.valuerOverAllValid, self.policyGradient) = (valuerOverAllValid, policyGradient)
        }
    }

    /// (No score-function term: it needs bounded logits, which MolGAN's are not.)
    public struct MolGAN: Equatable, Sendable {
        public var temperature: Float
        public var edgeGradients, valuerOverAllValid: Bool
        public init(temperature: Float = 0.1, edgeGradients: Bool = false, valuerOverAllValid: Bool = false) {
            (self.temperature, self.edgeGradients, self.valuerOverAllValid) = (temperature, edgeGradients, valuerOverAllValid)
        }
    }

    public struct Slots: Equatable, Sendable {
        public var hiddenSize, layers: Int
        public var temperature, logitBound: Float
        public init(hiddenSize: Int = 100, layers: Int = 2, temperature: Float = 0.1, logitBound: Float = 0) {
            (self.hiddenSize, self.layers, self.temperature, self.logitBound) = (hiddenSize, layers, temperature, logitBound)
        }
    }

    /// The autoregressive and RNN generators' settings (both give whole cells their exact likelihood).
    public struct Sequential: Equatable, Sendable {
        public var hiddenSize: Int
        public var logitBound: Float
        public var distillation: Distillation
        public init(hiddenSize: Int = 100, logitBound: Float = 0, distillation: Distillation = Distillation()) {
            (self.hiddenSize, self.logitBound, self.distillation) = (hiddenSize, logitBound, distillation)
        }
    }

    /// The score-function term of the GNN generator (weight 0 = off).
    public struct PolicyGradient: Equatable, Sendable {
        public var weight: Float
        public var oracleReward: Bool
        public var rewardScale: Double
        public init(weight: Float = 0, oracleReward: Bool = false, rewardScale: Double = 0) {
            (self.weight, self.oracleReward, self.rewardScale) = (weight, oracleReward, rewardScale)
        }
    }

    /// Whole-space distillation (weight 0 = off).
    public struct Distillation: Equatable, Sendable {
        public var weight: Float
        public var temperature, plateau: Double
        public var samples: Int
        public init(weight: Float = 0, temperature: Double = 3, plateau: Double = 0, samples: Int = 0) {
            (self.weight, self.temperature, self.plateau, self.samples) = (weight, temperature, plateau, samples)
        }
    }

    /// The generator this is.
    public var kind: GeneratorKind {
        switch self {
        case .gnn: return .gnn
        case .molgan: return .molgan
        case .slots: return .slots
        case .autoregressive: return .autoregressive
        case .rnn: return .rnn
        }
    }
}

extension TrainingConfiguration {
    /// The generator and its own settings. Setting it switches `generatorKind` and puts every
    /// generator setting the new one does not read back to its default (`switchGenerator(to:)`).
    public var generator: GeneratorSettings {
        get {
            let policy = GeneratorSettings.PolicyGradient(weight: policyGradientWeight, oracleReward: oracleReward, rewardScale: rewardScale)
            let sequential = GeneratorSettings.Sequential(
                hiddenSize: hiddenSize, logitBound: logitBound,
                distillation: .init(weight: distillWeight, temperature: distillTemperature, plateau: distillPlateau, samples: distillSamples))
            switch generatorKind {
            case .gnn:
                return .gnn(.init(hiddenSize: hiddenSize, layers: generatorLayers, temperature: temperature, logitBound: logitBound,
                                  directEdgeLogits: directEdgeLogits, nodePositions: nodePositions, edgeGradients: edgeGradients,
                                  valuerOverAllValid: valuerOverAllValid, policyGradient: policy))
            case .molgan:
                return .molgan(.init(temperature: temperature, edgeGradients: edgeGradients, valuerOverAllValid: valuerOverAllValid))
            case .slots:
                return .slots(.init(hiddenSize: hiddenSize, layers: generatorLayers, temperature: temperature, logitBound: logitBound))
            case .autoregressive: return .autoregressive(sequential)
            case .rnn: return .rnn(sequential)
            }
        }
        set {
            switchGenerator(to: newValue.kind)
            func apply(_ p: GeneratorSettings.PolicyGradient) {
                (policyGradientWeight, oracleReward, rewardScale) = (p.weight, p.oracleReward, p.rewardScale)
            }
            switch newValue {
            case .gnn(let g):
                (hiddenSize, generatorLayers, temperature, logitBound) = (g.hiddenSize, g.layers, g.temperature, g.logitBound)
                (directEdgeLogits, nodePositions, edgeGradients, valuerOverAllValid) = (g.directEdgeLogits, g.nodePositions, g.edgeGradients, g.valuerOverAllValid)
                apply(g.policyGradient)
            case .molgan(let g):
                (temperature, edgeGradients, valuerOverAllValid) = (g.temperature, g.edgeGradients, g.valuerOverAllValid)
            case .slots(let g):
                (hiddenSize, generatorLayers, temperature, logitBound) = (g.hiddenSize, g.layers, g.temperature, g.logitBound)
            case .autoregressive(let g), .rnn(let g):
                (hiddenSize, logitBound) = (g.hiddenSize, g.logitBound)
                let d = g.distillation
                (distillWeight, distillTemperature, distillPlateau, distillSamples) = (d.weight, d.temperature, d.plateau, d.samples)
            }
        }
    }
}
