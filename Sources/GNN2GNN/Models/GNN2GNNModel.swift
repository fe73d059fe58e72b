import NASBench
import TensorCore

/// The three networks of GNN2GNN for one search space.
public struct GNN2GNNModel: Sendable {
    /// The generator that `configuration.generatorKind` names (the paper's GNN generator by default).
    public var generator: any CellGenerator
    public var discriminator: Discriminator
    public var valuer: Valuer

    /// Fresh networks for `space`, initialised from the random stream `random`; the generator is
    /// built by `generators` (which must hold `configuration.generatorKind`).
    public init(configuration: TrainingConfiguration, space: any SearchSpace, generators: GeneratorCatalog = .standard,
                using random: inout SeededGenerator) {
        generator = generators.make(configuration, space: space, using: &random)
        discriminator = Discriminator(featureCount: space.featureCount, using: &random)
        valuer = Valuer(configuration: configuration, featureCount: space.featureCount, using: &random)
    }

    /// Every parameter by its (prefixed, unique) name.
    public var namedTensors: [String: Tensor] {
        generator.parameters.namedTensors
            .merging(discriminator.parameters.namedTensors) { a, _ in a }
            .merging(valuer.parameters.namedTensors) { a, _ in a }
    }

    /// Replaces all parameters with the tensors of the same names.
    public mutating func load(_ named: [String: Tensor]) throws {
        try generator.parameters.load(named)
        try discriminator.parameters.load(named)
        try valuer.parameters.load(named)
    }

    /// Sets the generation-time temperature of an autoregressive slot generator (`--sampling-temperature`);
    /// false, and nothing changes, for other generators.
    public mutating func setSamplingTemperature(_ temperature: Float) -> Bool {
        precondition(temperature > 0, "a sampling temperature is positive")
        guard var slots = generator as? any SlotCellGenerator, type(of: slots).hasExactLikelihood else { return false }
        slots.samplingTemperature = temperature
        generator = slots
        return true
    }

    /// Generates `count` refined cells without recording gradients, in batches of `batchSize`.
    /// Batches run on `Parallelism.threads` threads, with the same cells and final state of `random`
    /// as on one.
    public func generate(count: Int, batchSize: Int = 500, using random: inout SeededGenerator) -> [Cell] {
        let sizes = stride(from: 0, to: count, by: batchSize).map { min(batchSize, count - $0) }
        if sizes.count > 1, Parallelism.threads > 1, let cells = generateInParallel(sizes: sizes, using: &random) {
            return cells
        }
        var cells: [Cell] = []
        cells.reserveCapacity(count)
        while cells.count < count {
            let n = min(batchSize, count - cells.count)
            cells.append(contentsOf: generator.sampleWithoutGradients(count: n, on: Tape(training: false), using: &random).cells)
        }
        return cells
    }
}

extension GNN2GNNModel {
    /// The valuer's scores of `cells` (P(good) or the predicted scaled objective), in evaluation mode.
    public func valuerScores(_ cells: [Cell], operationCount: Int, batchSize: Int = 500, threads: Int = Parallelism.threads) -> [Float] {
        // Batches of `batchSize` cells, each scored alone on `threads` threads: the same scores whatever
        // the thread count (no random draws: dropout is off on a non-training tape).
        let valuer = self.valuer
        return Parallelism.map(tasks: (cells.count + batchSize - 1) / batchSize, workers: threads) { b in
            let chunk = Array(cells[(b * batchSize)..<min((b + 1) * batchSize, cells.count)])
            let encoded = EncodedCells(chunk, operationCount: operationCount)
            let tape = Tape(training: false)
            var unused = SeededGenerator(seed: 0)
            let out = valuer.outputs(encoded.input(on: tape), valuer.parameters.constants(on: tape), using: &unused)
            return valuer.scores(out)
        }.flatMap { $0 }
    }
}

extension Valuer {
    /// The valuer a run's configuration asks for (mode, width, layers, aggregation).
    init(configuration c: TrainingConfiguration, featureCount: Int, using random: inout SeededGenerator) {
        self.init(featureCount: featureCount, mode: c.valuerMode, width: c.valuerWidth, layers: c.valuerLayers,
                  directedSum: c.valuerDirectedSum, using: &random)
    }
}
