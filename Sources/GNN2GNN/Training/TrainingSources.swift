import NASBench
import TensorCore

// MARK: - The discriminator's real batch

/// Where a step's real cells for the discriminator come from. The paper's are the step's batch of
/// the training split; each source, in the order of `Trainer.realBatchSources`, rewrites that list
/// of class indices.
protocol RealBatchSource: Sendable {
    func realBatch(_ batch: [Int], _ trainer: inout Trainer) -> [Int]
}

/// As many cells drawn uniformly from the best `pool` of the training split (rank-weighted retraining
/// as in AG-Net; `--discriminator-real-top`).
struct TopOfSplitBatch: RealBatchSource {
    /// The training split's best classes, best first.
    let pool: [Int]

    init(pool: [Int]) { self.pool = pool }

    /// The best `percent` of `training` (at least one class): classes are indexed best first
    /// (`Benchmark.classes`), so the smallest indices are the best.
    init(training: [Int], percent: Double) {
        let ranked = training.sorted()
        pool = Array(ranked.prefix(max(1, Int((Double(ranked.count) * percent / 100).rounded()))))
    }

    func realBatch(_ batch: [Int], _ trainer: inout Trainer) -> [Int] {
        batch.indices.map { _ in pool[trainer.random.int(below: pool.count)] }
    }
}

/// The first `share` of the batch replaced by cells of the elite, the best classes oracle feedback
/// revealed so far (GA-NAS's top-k as "real"; `--elite-size`, `--elite-share`). Nothing while the
/// elite is empty.
struct EliteReplay: RealBatchSource {
    let share: Double

    func realBatch(_ batch: [Int], _ trainer: inout Trainer) -> [Int] {
        guard !trainer.elite.isEmpty else { return batch }
        var batch = batch
        for i in 0..<Int(Double(batch.count) * share) { batch[i] = trainer.elite[trainer.random.int(below: trainer.elite.count)] }
        return batch
    }
}

// MARK: - The valuer's labels

/// What the valuer's label sources see in one step: its tape and parameters and the step's real batch.
struct ValuerStep {
    let tape: Tape
    let parameters: BoundParameters
    /// The step's classes of the training split, and their encoding.
    let batch: [Int]
    let real: EncodedCells
}

/// A source of labelled cells for the valuer's loss. `Trainer.trainValuer` adds the sources' losses
/// in the order of `Trainer.valuerLabelSources`.
protocol ValuerLabelSource: Sendable {
    /// The loss on this source's labelled cells and how many of them the benchmark labelled (counted
    /// oracle look-ups); nil when it labelled none this step.
    func loss(_ step: ValuerStep, _ trainer: inout Trainer) -> (loss: Variable, oracleLabels: Int)?
}

/// The paper's labels: the training batch with its good/bad class (or its scaled objective or rank).
struct TrainingSplitLabels: ValuerLabelSource {
    func loss(_ step: ValuerStep, _ trainer: inout Trainer) -> (loss: Variable, oracleLabels: Int)? {
        let out = trainer.model.valuer.outputs(step.real.input(on: step.tape), step.parameters, using: &trainer.random)
        return (trainer.valuerLoss(out, classes: step.batch), 0)
    }
}

/// Oracle feedback (the paper's): as many generated cells as the batch, those the benchmark holds
/// labelled from their objective (counted look-ups through the run's `Oracle`, within its budget;
/// past it, only cells already revealed are labelled; each may enter the elite). With
/// `penalizeAbsent` (beyond the paper) valid cells the benchmark lacks are labelled bad.
struct OracleFeedbackLabels: ValuerLabelSource {
    let penalizeAbsent: Bool

    func loss(_ step: ValuerStep, _ trainer: inout Trainer) -> (loss: Variable, oracleLabels: Int)? {
        let generated = trainer.model.generator.sampleWithoutGradients(count: step.batch.count, on: step.tape, using: &trainer.random)
        var labelled: [Int] = [], classTargets: [Int] = [], regressionTargets: [Float] = []
        var oracleLabels = 0
        for (i, cell) in generated.cells.enumerated() {
            if trainer.oracle.classIndex(of: cell, for: .existence) != nil {
                guard let k = trainer.oracle.classIndex(of: cell, for: .training) else { continue }  // over the budget
                let labels = trainer.labels(ofClass: k)
                labelled.append(i); classTargets.append(labels.good); regressionTargets.append(labels.regression)
                oracleLabels += 1
                if trainer.configuration.eliteSize > 0 { trainer.admitToElite(k) }
            } else if penalizeAbsent, trainer.benchmark.space.isValid(cell) {
                labelled.append(i); classTargets.append(0); regressionTargets.append(0)
            }
        }
        guard !labelled.isEmpty else { return nil }
        let encoded = generated.encoded(edgeGradients: trainer.configuration.edgeGradients, indices: labelled)
        let out = trainer.model.valuer.outputs(encoded, step.parameters, using: &trainer.random)
        return (trainer.model.valuer.loss(out, classTargets: classTargets, regressionTargets: regressionTargets), oracleLabels)
    }
}
