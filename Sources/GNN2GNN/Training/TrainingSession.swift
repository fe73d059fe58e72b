import Foundation
import NASBench
import TensorCore
import FileIO

/// Runs a whole training in a run folder: fresh or resumed, epoch by epoch with logs and
/// checkpoints, then generation and evaluation of the final cells.
public struct TrainingSession {
    /// Called after every step: (epoch 1-based, step, steps per epoch, losses).
    public var onStep: (Int, Int, Int, StepLosses) -> Void = { _, _, _, _ in }
    /// Called after every epoch.
    public var onEpoch: (EpochLog) -> Void = { _ in }
    /// Stop (throwing `TrainingInterrupted`) once this many epochs are done, as if the process had
    /// been killed after saving them; for tests and time-boxed runs that are resumed later.
    public var stopAfterEpoch: Int?
    /// Called after each file an epoch writes (epoch, file), in commit order; a test that throws
    /// here sees the run folder as a `kill -9` at that moment would leave it.
    public var afterEpochFile: (Int, URL) throws -> Void = { _, _ in }

    /// Builds the run's generator (`GeneratorCatalog.withCounterparts` for the MolGAN-style one).
    public var generators = GeneratorCatalog.standard

    public init() {}

    /// What a finished training produced.
    public struct Outcome {
        public let trainer: Trainer
        public let log: [EpochLog]
        public let metrics: GenerationMetrics
        public let scored: [ScoredCell]
        /// The epoch whose checkpoint generated the final cells.
        public let checkpointEpoch: Int
    }

    /// Trains `configuration` on `benchmark` in `folder`. With `resume`, a run already in the folder
    /// continues from its last checkpoint (its saved configuration wins).
    public func run(configuration: TrainingConfiguration, benchmark: Benchmark, folder: RunFolder,
                    resume: Bool, finalCount: Int = 1000) throws -> Outcome {
        var trainer: Trainer
        var log: [EpochLog]
        folder.removeStaleTemporaries()
        if resume, FileManager.default.fileExists(atPath: folder.lastCheckpoint.path) {
            let saved = try folder.readConfiguration()
            trainer = try Trainer(configuration: saved, benchmark: benchmark, generators: generators)
            let checkpoint = folder.lastCheckpoint.path
            let (tensors, metadata) = try SafeTensors.read(from: folder.lastCheckpoint)  // its errors name the file
            guard let stateText = metadata["state"], let state = try? JSONDecoder().decode(TrainerState.self, from: Data(stateText.utf8)) else {
                throw RunFolderError(file: checkpoint, "checkpoint has no trainer state in its metadata")
            }
            do { try trainer.restore(state: state, parameters: tensors, optimizer: tensors) } catch {
                throw RunFolderError(file: checkpoint, "\(error)")
            }
            // The log is written before the checkpoints (see below), so it holds every committed epoch,
            // and perhaps one more whose checkpoint was never written: that epoch runs again.
            let logged = try folder.readLog()
            guard logged.count >= state.epochsCompleted else {
                throw RunFolderError(file: folder.log.path, "holds \(logged.count) epochs but \(checkpoint) was saved after epoch \(state.epochsCompleted)")
            }
            log = Array(logged.prefix(state.epochsCompleted))
            if logged.count > log.count { try folder.rewriteLog(log) }
        } else {
            trainer = try Trainer(configuration: configuration, benchmark: benchmark, generators: generators)
            try folder.create()
            try folder.writeJSON(configuration, to: folder.configuration)
            for stale in [folder.log, folder.lastCheckpoint, folder.bestCheckpoint, folder.generated, folder.metrics, folder.report] {
                try? FileManager.default.removeItem(at: stale)
            }
            log = []
        }

        while trainer.epochsCompleted < trainer.configuration.epochs {
            let epoch = trainer.epochsCompleted + 1
            let entry = trainer.runEpoch { step, steps, losses in onStep(epoch, step, steps, losses) }
            // A diverged epoch is not saved: the last checkpoint and the log stay those of the epoch before.
            guard [entry.lossGenerator, entry.lossDiscriminator, entry.lossValuer].allSatisfy(\.isFinite) else {
                throw TrainingDiverged(epoch: epoch, losses: (entry.lossGenerator, entry.lossDiscriminator, entry.lossValuer))
            }
            // One epoch commits in this order: log line, best checkpoint, last checkpoint. Renaming the
            // last checkpoint into place is the commit; a kill before it leaves the previous epoch's
            // checkpoint, and the resumed run drops the extra log line and runs the epoch again (to the
            // same bytes: it is deterministic), overwriting a best checkpoint the kill left behind.
            try folder.append(entry)
            try afterEpochFile(epoch, folder.log)
            if trainer.lastEpochIsBest {
                try save(trainer, to: folder.bestCheckpoint, includeOptimizer: false)
                try afterEpochFile(epoch, folder.bestCheckpoint)
            }
            try save(trainer, to: folder.lastCheckpoint, includeOptimizer: true)
            try afterEpochFile(epoch, folder.lastCheckpoint)
            log.append(entry)
            onEpoch(entry)
            if let stop = stopAfterEpoch, trainer.epochsCompleted >= stop, trainer.epochsCompleted < trainer.configuration.epochs {
                throw TrainingInterrupted(epochsCompleted: trainer.epochsCompleted)
            }
        }

        // Final cells from the best checkpoint of the second half (the last one if there is none).
        var final = trainer
        var checkpointEpoch = trainer.epochsCompleted
        if let best = trainer.bestEpoch {
            let (tensors, metadata) = try SafeTensors.read(from: folder.bestCheckpoint)
            guard metadata["epoch"] == String(best) else {
                throw RunFolderError(file: folder.bestCheckpoint.path, "was saved after epoch \(metadata["epoch"] ?? "?"), but the run's best epoch is \(best)")
            }
            do { try final.model.loadCheckpoint(tensors) } catch {
                throw RunFolderError(file: folder.bestCheckpoint.path, oneLineReason(error))
            }
            checkpointEpoch = best
        }
        var random = SeededGenerator(seed: trainer.configuration.seed &+ 0x5EED)
        let sample = final.generateForEvaluation(count: finalCount, using: &random)
        var (metrics, scored) = GenerationMetrics.evaluate(sample.cells, benchmark: benchmark, trainingClasses: trainer.trainingClasses)
        metrics.memberShare = sample.memberShare
        metrics.newShare = scored.isEmpty ? nil : Double(scored.filter { $0.isValid && $0.classIndex == nil }.count) / Double(scored.count)
        var records = GeneratedCellsFile.records(scored, benchmark: benchmark, space: benchmark.space)
        CellPredictions(targets: trainer.targets, table: benchmark).annotate(&records, scored: scored, model: final.model)
        try GeneratedCellsFile.write(records, to: folder.generated)
        let summary = FinalMetrics(metrics: metrics, checkpointEpoch: checkpointEpoch,
                                   oracleQueries: trainer.oracle.distinctQueries,
                                   trainingQueries: trainer.oracle.trainingQueries.count,
                                   selectionQueries: trainer.oracle.selectionQueries.count,
                                   trainingSeconds: log.reduce(0) { $0 + $1.seconds },
                                   valuer: final.valuerQuality())
        try folder.writeJSON(summary, to: folder.metrics)
        let html = RunReport.html(configuration: trainer.configuration, benchmark: benchmark, log: log, final: summary, scored: scored)
        try AtomicFile.write(Data(html.utf8), to: folder.report)
        return Outcome(trainer: trainer, log: log, metrics: metrics, scored: scored, checkpointEpoch: checkpointEpoch)
    }

    private func save(_ trainer: Trainer, to url: URL, includeOptimizer: Bool) throws {
        var tensors = trainer.model.namedTensors
        if includeOptimizer { tensors.merge(trainer.optimizerTensors) { a, _ in a } }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let state = String(decoding: try encoder.encode(trainer.state), as: UTF8.self)
        let config = String(decoding: try encoder.encode(trainer.configuration), as: UTF8.self)
        try SafeTensors.write(tensors, metadata: ["state": state, "configuration": config,
                                                  "epoch": String(trainer.epochsCompleted)], to: url)
    }
}

/// Training stopped early on request; the run folder can be resumed.
public struct TrainingInterrupted: Error, CustomStringConvertible {
    public let epochsCompleted: Int
    public var description: String { "training stopped after epoch \(epochsCompleted); resume with --resume" }
}

/// A loss became NaN or infinite during an epoch.
public struct TrainingDiverged: Error, CustomStringConvertible {
    public let epoch: Int
    public let losses: (generator: Double, discriminator: Double, valuer: Double)
    public var description: String {
        "training diverged in epoch \(epoch) (mean losses G \(losses.generator), D \(losses.discriminator), "
            + "V \(losses.valuer)); the run folder keeps the epochs before it — try a smaller learning rate or a logit bound"
    }
}

/// `metrics.json`: the metrics of the final generated cells and the cost of the run.
public struct FinalMetrics: Codable, Sendable {
    public var metrics: GenerationMetrics
    public var checkpointEpoch: Int
    public var oracleQueries: Int
    public var trainingQueries: Int
    public var selectionQueries: Int
    public var trainingSeconds: Double
    /// The valuer's ranking quality at the checkpoint of the final cells (absent in older runs).
    public var valuer: ValuerQuality?
}
