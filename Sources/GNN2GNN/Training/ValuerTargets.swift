import Foundation
import NASBench

/// The valuer's targets, from what a run may know (METHOD.md §10): the objectives of its training
/// split. A class's targets depend on its own objective and the training split's alone, so a cell
/// whose objective a counted look-up revealed is labelled from that objective and nothing else, and
/// no rank, threshold or normaliser reads the withheld or test cells.
///
/// - percentile p ∈ [0, 100): 100 × (training classes strictly better) ÷ (training classes); equal
///   objectives get equal targets, so no tie-break is needed;
/// - classification: good when p < `goodTop`;
/// - rank: `(1 − headroom) · (1 − p/100)`: the top of the scale is left for cells better than any
///   in the training split, so that the valuer can still tell them apart below its clamp at 1 (with
///   `extendRanks`, a revealed cell beyond the split is placed there by its objective);
/// - regression: the objective scaled by the training split's range, clamped to [0, 1];
/// - weight (`valuerTopWeight` W > 0): `1 + W · exp(−p/10)`.
public struct ValuerTargets: Sendable {
    /// Share of the rank scale above the training split's best class (the paper's protocol withholds
    /// the top 10%, and a user's table is a sample whose best is rarely the space's best).
    public static let rankHeadroom = 0.1

    /// The training split's objectives, oriented so that larger is better, sorted best first.
    let orientedTraining: [Double]
    let higherIsBetter: Bool
    let mode: ValuerMode
    let goodTop: Double
    let topWeight: Double
    /// Whether rank targets go on above the training split's best (`valuerRankExtension`).
    let extendRanks: Bool

    public init(trainingObjectives: [Double], higherIsBetter: Bool, mode: ValuerMode, goodTop: Double, topWeight: Double,
                extendRanks: Bool = false) {
        precondition(!trainingObjectives.isEmpty, "targets need a training split")
        orientedTraining = trainingObjectives.map { higherIsBetter ? $0 : -$0 }.sorted(by: >)
        self.higherIsBetter = higherIsBetter
        self.mode = mode
        self.goodTop = goodTop
        self.topWeight = topWeight
        self.extendRanks = extendRanks
    }

    /// The rank target of a cell better than the whole training split with `extendRanks`: the scale
    /// goes on above `1 − headroom` at the slope of the split's best tenth (its target rises by
    /// `0.1 · (1 − headroom)` over the objectives of that tenth), clamped to 1. It reads the cell's own
    /// objective and the split's, so a revealed cell's label says how far beyond the split it is.
    func extendedRankTarget(_ x: Double) -> Double? {
        guard extendRanks, x > orientedTraining[0] else { return nil }
        let tenth = orientedTraining[min(orientedTraining.count - 1, orientedTraining.count / 10)]
        let span = orientedTraining[0] - tenth
        guard span > 0 else { return 1 }
        return min(1, (1 - Self.rankHeadroom) * (1 + 0.1 * (x - orientedTraining[0]) / span))
    }

    /// Percentile of `objective` among the training split, best 0: the share of training classes
    /// strictly better, in percent.
    public func percentile(ofObjective objective: Double) -> Double {
        let x = higherIsBetter ? objective : -objective
        // Binary search for the number of values > x in a descending array.
        var low = 0, high = orientedTraining.count
        while low < high {
            let mid = (low + high) / 2
            if orientedTraining[mid] > x { low = mid + 1 } else { high = mid }
        }
        return 100 * Double(low) / Double(orientedTraining.count)
    }

    /// Whether `objective` beats every class of the training split.
    public func beatsTrainingSplit(_ objective: Double) -> Bool {
        (higherIsBetter ? objective : -objective) > orientedTraining[0]
    }

    /// Class target (1 = good), regression target in [0, 1] and loss weight of a cell with `objective`.
    public func labels(ofObjective objective: Double) -> (good: Int, regression: Float, weight: Float) {
        let p = percentile(ofObjective: objective)
        let regression: Double
        switch mode {
        case .classification, .rank:
            regression = extendedRankTarget(higherIsBetter ? objective : -objective) ?? (1 - Self.rankHeadroom) * (1 - p / 100)
        case .regression:
            let (high, low) = (orientedTraining[0], orientedTraining[orientedTraining.count - 1])
            let x = higherIsBetter ? objective : -objective
            regression = high > low ? min(1, max(0, (x - low) / (high - low))) : 0.5
        }
        return (p < goodTop ? 1 : 0, Float(regression), Float(1 + topWeight * exp(-p / 10)))
    }

    /// The rank target `(1 − headroom) · (1 − p/100)` whatever the mode (the oracle reward).
    public func rankTarget(ofObjective objective: Double) -> Float {
        Float(extendedRankTarget(higherIsBetter ? objective : -objective) ?? (1 - Self.rankHeadroom) * (1 - percentile(ofObjective: objective) / 100))
    }

    /// The objective a valuer score stands for: the targets read backwards (a rank score as the
    /// training split's objective at that percentile, interpolated; beyond the split's best along the
    /// extension's slope, or the split's best without it; a regression score on the split's range).
    /// Nil for the classification valuer, whose score is a probability, not a place on a scale.
    public func objective(ofScore score: Double) -> Double? {
        let n = orientedTraining.count
        let x: Double
        switch mode {
        case .classification: return nil
        case .regression:
            let (high, low) = (orientedTraining[0], orientedTraining[n - 1])
            x = low + min(1, max(0, score)) * (high - low)
        case .rank:
            let top = 1 - Self.rankHeadroom
            if score > top {
                let tenth = orientedTraining[min(n - 1, n / 10)]
                x = extendRanks ? orientedTraining[0] + (min(score, 1) / top - 1) / 0.1 * (orientedTraining[0] - tenth) : orientedTraining[0]
            } else {
                // A training class with i better ones has the target top · (1 − i/n).
                let position = min(Double(n - 1), max(0, 1 - score / top) * Double(n))
                let i = Int(position), f = position - Double(i)
                x = orientedTraining[i] * (1 - f) + orientedTraining[min(n - 1, i + 1)] * f
            }
        }
        return higherIsBetter ? x : -x
    }

    /// The targets a run of `configuration` trains its valuer towards on `benchmark`'s training split.
    public init(configuration: TrainingConfiguration, benchmark: Benchmark, training: [Int]) {
        self.init(trainingObjectives: training.map { benchmark.classes[$0].objective }, higherIsBetter: benchmark.higherIsBetter,
                  mode: configuration.valuerMode, goodTop: configuration.goodTop, topWeight: configuration.valuerTopWeight,
                  extendRanks: configuration.valuerRankExtension)
    }

    /// Rank targets from the classes `training` of `benchmark` (what the rank valuer learns).
    public static func ranks(of training: [Int], in benchmark: Benchmark, extendRanks: Bool = true) -> ValuerTargets {
        ValuerTargets(trainingObjectives: training.map { benchmark.classes[$0].objective }, higherIsBetter: benchmark.higherIsBetter,
                      mode: .rank, goodTop: 50, topWeight: 0, extendRanks: extendRanks)
    }
}
