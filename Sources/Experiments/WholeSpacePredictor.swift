import Foundation
import GNN2GNN
import NASBench
import TensorCore

/// The strongest simple alternative for a space small enough to enumerate: a predictor trained on
/// the training split scores every member of the benchmark, and cells are drawn with probability
/// ∝ exp(−p / T), where p is a member's predicted percentile (0 = best scored) and T is
/// `temperature` in percent: T = 3 puts most draws in the predictor's best few percent while keeping
/// some hundreds of distinct cells. It reveals no objective beyond the training split (no oracle query).
public struct WholeSpacePredictor {
    /// What scores the members.
    public enum Model: String, Sendable {
        /// GNN2GNN's valuer, trained alone as a run pre-trains it (same configuration).
        case valuer
        /// Ridge regression (α = 1) on a fixed encoding of the cell: one-hot operations per edge for
        /// NAS-Bench-201; otherwise the upper-triangular adjacency on `maxNodes` nodes (output last)
        /// plus one-hot operations per middle position.
        case ridge
    }

    public var configuration: TrainingConfiguration
    public var model: Model
    public var temperature: Double = 3
    /// At most this many steps per valuer epoch (quick runs); nil for full epochs.
    public var maxStepsPerEpoch: Int?

    public init(configuration: TrainingConfiguration, model: Model, maxStepsPerEpoch: Int? = nil) {
        self.configuration = configuration
        self.model = model
        self.maxStepsPerEpoch = maxStepsPerEpoch
    }

    /// The predicted score of every class of `benchmark` (higher is better).
    public func scores(_ benchmark: Benchmark) throws -> [Float] {
        let c = configuration
        let split = benchmark.split(topRemoved: c.topRemoved, complexity: c.complexity, seed: c.seed)
        switch model {
        case .valuer:
            var trainer = try Trainer(configuration: c, benchmark: benchmark)
            _ = trainer.trainValuerAlone(maxStepsPerEpoch: maxStepsPerEpoch)
            let k = benchmark.space.operations.count
            var scores: [Float] = []
            scores.reserveCapacity(benchmark.classes.count)
            for start in stride(from: 0, to: benchmark.classes.count, by: 4096) {
                let chunk = benchmark.classes[start..<min(start + 4096, benchmark.classes.count)].map(\.cell)
                scores += trainer.model.valuerScores(chunk, operationCount: k)
            }
            return scores
        case .ridge:
            let features = benchmark.classes.map { FixedCellEncoding.features(of: $0.cell, space: benchmark.space) }
            // Target: the rank valuer's, the percentile among the training split (`ValuerTargets`).
            let targets = ValuerTargets.ranks(of: split.training, in: benchmark)
            let weights = RidgeRegression.fit(split.training.map { features[$0] },
                                              split.training.map { Double(targets.rankTarget(ofObjective: benchmark.classes[$0].objective)) }, alpha: 1)
            return features.map { x in Float(zip(x, weights).reduce(0) { $0 + $1.0 * $1.1 }) }
        }
    }

    /// `count` cells drawn ∝ exp(−predicted percentile / T), with replacement.
    public func sample(_ benchmark: Benchmark, count: Int, using random: inout SeededGenerator) throws -> [Cell] {
        let scores = try scores(benchmark)
        guard !scores.isEmpty else { return [] }
        // Ties (the clamped valuer scores many classes 1) go by hash, not by the best-first class order.
        let members = benchmark.classIndicesByHash
        let sampler = RankBoltzmannSampler(scores: members.map { scores[$0] }, temperature: temperature)
        return (0..<count).map { _ in benchmark.classes[members[sampler.draw(using: &random)]].cell }
    }
}

/// The iterative predictor, the query-efficiency bar for a method that holds the same training split:
/// ridge regression on `FixedCellEncoding` is fitted to the split plus every architecture queried so
/// far (target: the rank valuer's, the percentile among the training split, so that a queried
/// architecture's label reveals its own objective only), then queries the `batch` unqueried architectures it
/// scores best; rounds repeat until `budget` distinct queries are spent. Ties are broken by a seeded
/// shuffle, never by the benchmark's order (which is best first).
public func iterativePredictorSearch(_ benchmark: Benchmark, training: [Int], budget: Int, batch: Int = 30,
                                     using random: inout SeededGenerator) -> SearchTrace {
    let features = benchmark.classes.map { FixedCellEncoding.features(of: $0.cell, space: benchmark.space) }
    var tieBreak = Array(benchmark.classes.indices)
    tieBreak.shuffle(using: &random)
    var rank = [Int](repeating: 0, count: tieBreak.count)
    for (position, k) in tieBreak.enumerated() { rank[k] = position }
    let known = Set(training)
    let targets = ValuerTargets.ranks(of: training, in: benchmark)
    let target = benchmark.classes.map { Double(targets.rankTarget(ofObjective: $0.objective)) }
    var queried: [Int] = []
    var seen = known
    let budget = min(budget, benchmark.classes.count - known.count)
    while queried.count < budget {
        let labelled = training + queried
        let weights = RidgeRegression.fit(labelled.map { features[$0] }, labelled.map { target[$0] }, alpha: 1)
        let scores = features.map { x in zip(x, weights).reduce(0) { $0 + $1.0 * $1.1 } }
        let candidates = benchmark.classes.indices.filter { !seen.contains($0) }
            .sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : rank[$0] < rank[$1] }
        for k in candidates.prefix(min(batch, budget - queried.count)) {
            queried.append(k)
            seen.insert(k)
        }
    }
    return SearchTrace(queried: queried, benchmark: benchmark)
}

/// A fixed-length encoding of a cell for linear predictors (see `WholeSpacePredictor.Model.ridge`),
/// with a constant 1 as its first feature.
public enum FixedCellEncoding {
    public static func features(of cell: Cell, space: any SearchSpace) -> [Double] {
        let k = space.operations.count
        if let nb201 = space as? NASBench201Space, let text = nb201.officialStrings(for: cell).min(),
           let ops = try? NASBench201Space.parse(text) {
            var x = [Double](repeating: 0, count: 1 + ops.count * NASBench201Space.cellOperations.count)
            x[0] = 1
            for (e, op) in ops.enumerated() { x[1 + e * NASBench201Space.cellOperations.count + op] = 1 }
            return x
        }
        let m = space.maxNodes, n = cell.nodeCount
        precondition(n <= m, "a cell of \(n) nodes in a space of at most \(m)")
        func position(_ v: Int) -> Int { v == n - 1 ? m - 1 : v }
        var x = [Double](repeating: 0, count: 1 + m * (m - 1) / 2 + max(m - 2, 0) * k)
        x[0] = 1
        func edgeIndex(_ a: Int, _ b: Int) -> Int { 1 + a * (2 * m - a - 1) / 2 + (b - a - 1) }
        for a in 0..<n { for b in 0..<n where cell.hasEdge(a, b) && position(a) < position(b) { x[edgeIndex(position(a), position(b))] = 1 } }
        let opsStart = 1 + m * (m - 1) / 2
        for v in 1..<max(n - 1, 1) where cell.labels[v] >= 0 && cell.labels[v] < k { x[opsStart + (v - 1) * k + cell.labels[v]] = 1 }
        return x
    }
}

/// Ridge regression by the normal equations (XᵀX + αI) w = Xᵀy, solved by Cholesky; the first
/// feature (the intercept) is not penalised.
public enum RidgeRegression {
    public static func fit(_ rows: [[Double]], _ targets: [Double], alpha: Double) -> [Double] {
        guard let d = rows.first?.count else { return [] }
        precondition(rows.count == targets.count, "one target per row")
        var a = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d)
        for (x, y) in zip(rows, targets) {
            for i in 0..<d where x[i] != 0 {
                b[i] += x[i] * y
                for j in 0..<d where x[j] != 0 { a[i * d + j] += x[i] * x[j] }
            }
        }
        for i in 1..<d { a[i * d + i] += alpha }
        a[0] += 1e-9
        // Cholesky a = L Lᵀ (in place, lower triangle), then two triangular solves.
        for j in 0..<d {
            var s = a[j * d + j]
            for k in 0..<j { s -= a[j * d + k] * a[j * d + k] }
            let pivot = s > 1e-12 ? s.squareRoot() : 1e-6
            a[j * d + j] = pivot
            for i in (j + 1)..<d {
                var t = a[i * d + j]
                for k in 0..<j { t -= a[i * d + k] * a[j * d + k] }
                a[i * d + j] = t / pivot
            }
        }
        var z = b
        for i in 0..<d {
            for k in 0..<i { z[i] -= a[i * d + k] * z[k] }
            z[i] /= a[i * d + i]
        }
        for i in stride(from: d - 1, through: 0, by: -1) {
            for k in (i + 1)..<d { z[i] -= a[k * d + i] * z[k] }
            z[i] /= a[i * d + i]
        }
        return z
    }
}
