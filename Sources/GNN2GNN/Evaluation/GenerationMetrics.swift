import NASBench

/// The metrics of a set of generated cells (METHOD.md §6).
public struct GenerationMetrics: Codable, Sendable, Equatable {
    /// Cells scored.
    public var count = 0
    /// Share of valid cells.
    public var validity = 0.0
    /// Share of valid cells whose architecture was generated exactly once.
    public var uniqueness = 0.0
    /// Share of valid cells whose architecture is not in the training split.
    public var novelty = 0.0
    /// Share of all cells that are in the benchmark with top ≤ k, for k = 5, 10, 20, 50, 100.
    public var top5 = 0.0, top10 = 0.0, top20 = 0.0, top50 = 0.0, top100 = 0.0
    /// Objective of the generated cells found in the benchmark.
    public var meanObjective: Double?
    public var bestObjective: Double?
    /// Mean footprint (e.g. parameters) of the generated cells found in the benchmark, when known.
    public var meanFootprint: Double?
    /// Distinct architectures among the valid cells, and among those found in the benchmark.
    public var distinctValid = 0
    public var distinctFound = 0
    /// Top percentile of the best generated cell found.
    public var bestTop: Double?
    /// With members-only generation: the share of the generator's raw draws that were members of the space.
    public var memberShare: Double?
    /// Distinct architectures among the cells in the top 5, 10 and 20% (absent in older files).
    public var distinctTop5: Int?
    public var distinctTop10: Int?
    public var distinctTop20: Int?
    /// Design-Bench's summary (Trabucco et al., 2022) for comparison with offline optimisation: the
    /// 100th and 50th percentile of the objective over the first 128 cells, normalised so that 0 is
    /// the worst and 1 the best class of the whole benchmark (a cell not in the benchmark counts 0).
    public var normalizedMax128: Double?
    public var normalizedMedian128: Double?
    /// Against a user's table (a sample of the space; `evaluate --table`, a run's own table): the share
    /// of all cells that are valid and *new* — not rows of the table — and, where the benchmark is
    /// the ground truth beyond the table, the share new and in its top 10%, how many distinct such
    /// architectures, and the best new one. "Novel" (`novelty`) is the narrower "not in the training split".
    public var newShare: Double?
    public var newTop10: Double?
    public var distinctNewTop10: Int?
    public var bestNewObjective: Double?
    public var bestNewTop: Double?

    public init() {}

    /// What the report tables' metric names mean, in one sentence each (for captions).
    public static let definitions = "Validity: the share of cells that are valid architectures of the space; "
        + "uniqueness: the share of valid cells whose architecture occurs exactly once among them; "
        + "novelty: the share of valid cells whose architecture is not in the training split; "
        + "top-k%: the share of all cells that are in the benchmark's best k% (in benchmark: k = 100); "
        + "distinct: how many different architectures those cells are."

    /// Share for a top-k threshold (5, 10, 20, 50 or 100).
    public func topShare(_ k: Int) -> Double {
        switch k {
        case 5: return top5
        case 10: return top10
        case 20: return top20
        case 50: return top50
        default: return top100
        }
    }
}

/// One scored cell.
extension GenerationMetrics {
    /// Why a sample of two or more cells looks like the output of a broken generator (no valid cell,
    /// or one cell over and over), or `nil`. Callers report it rather than use the cells silently.
    public static func degeneracy(of scored: [ScoredCell]) -> String? {
        guard scored.count >= 2 else { return nil }
        let valid = scored.filter(\.isValid)
        if valid.isEmpty { return "none of the \(scored.count) generated cells is valid in the space" }
        if scored.allSatisfy({ $0.isValid && $0.hash == valid[0].hash }) {
            return "all \(scored.count) generated cells are one architecture (\(valid[0].cell.nodeCount) nodes); the generator has collapsed or its checkpoint is damaged"
        }
        return nil
    }
}

public struct ScoredCell: Sendable {
    public let cell: Cell
    public let isValid: Bool
    /// Canonical hash of the pruned cell, when valid.
    public let hash: String?
    /// Class in the benchmark, when found.
    public let classIndex: Int?

    public init(cell: Cell, isValid: Bool, hash: String?, classIndex: Int?) {
        self.cell = cell; self.isValid = isValid; self.hash = hash; self.classIndex = classIndex
    }
}

extension GenerationMetrics {
    /// Scores `cells` against `benchmark`; `classIndex` resolves a cell (e.g. through an `Oracle`),
    /// `trainingClasses` is the training split (for novelty). Each distinct cell is scored once (a
    /// cell's score depends on that cell alone; `classIndex` is asked once per distinct valid cell).
    /// Without `classIndex`, distinct cells are scored on `Parallelism.threads` threads.
    public static func evaluate(
        _ cells: [Cell], benchmark: Benchmark, trainingClasses: Set<Int>,
        classIndex: ((Cell) -> Int?)? = nil
    ) -> (metrics: GenerationMetrics, scored: [ScoredCell]) {
        var position: [Cell: Int] = [:], firstSeen: [Cell] = []
        let slots = cells.map { cell in
            if let k = position[cell] { return k }
            position[cell] = firstSeen.count
            firstSeen.append(cell)
            return firstSeen.count - 1
        }
        let distinct = firstSeen
        let scoredDistinct: [ScoredCell]
        if let classIndex {
            scoredDistinct = distinct.map { score($0, benchmark: benchmark, classIndex: classIndex) }
        } else {
            let chunk = distinct.count >= 4000 ? (distinct.count + Parallelism.threads - 1) / Parallelism.threads : max(distinct.count, 1)
            scoredDistinct = Parallelism.map(tasks: (distinct.count + chunk - 1) / chunk) { k in
                distinct[(k * chunk)..<min((k + 1) * chunk, distinct.count)].map { score($0, benchmark: benchmark) { _ in nil } }
            }.flatMap { $0 }
        }
        let scored = slots.map { scoredDistinct[$0] }
        return (summarize(scored, benchmark: benchmark, trainingClasses: trainingClasses), scored)
    }

    /// One cell's score; `classIndex` is asked first for valid cells.
    static func score(_ cell: Cell, benchmark: Benchmark, classIndex: (Cell) -> Int?) -> ScoredCell {
        let space = benchmark.space
        guard case .success(let pruned) = space.prunedValidCell(cell) else {
            return ScoredCell(cell: cell, isValid: false, hash: nil, classIndex: nil)
        }
        var index = classIndex(cell), hash = index.map { benchmark.classes[$0].hash }
        if index == nil { (index, hash) = benchmark.lookUp(pruned: pruned) }
        return ScoredCell(cell: cell, isValid: true, hash: hash ?? space.canonicalHash(of: pruned), classIndex: index)
    }

    /// Design-Bench's normalised 100th and 50th percentile over `cells` (the median of an even count
    /// is the mean of the two middle values).
    static func designBenchSummary(_ cells: ArraySlice<ScoredCell>, benchmark: Benchmark) -> (Double, Double) {
        // Classes are sorted best first: the first and the last class bound the objective.
        guard let best = benchmark.classes.first?.objective, let worst = benchmark.classes.last?.objective,
              best != worst, !cells.isEmpty else { return (0, 0) }
        let normalized = cells.map { cell -> Double in
            guard let k = cell.classIndex else { return 0 }
            return (benchmark.classes[k].objective - worst) / (best - worst)
        }.sorted()
        let n = normalized.count
        let median = n % 2 == 1 ? normalized[n / 2] : (normalized[n / 2 - 1] + normalized[n / 2]) / 2
        return (normalized[n - 1], median)
    }

    /// Adds the new-cell metrics: `inTable` says whether a valid cell's canonical hash is a row of the
    /// user's table; `benchmark` (which scored the cells) is the ground truth for the top 10%.
    public static func addingNewness(_ metrics: GenerationMetrics, scored: [ScoredCell], benchmark: Benchmark,
                                     inTable: (String) -> Bool) -> GenerationMetrics {
        var m = metrics
        guard !scored.isEmpty else { return m }
        let new = scored.filter { $0.isValid && !inTable($0.hash!) }
        let total = Double(scored.count)
        m.newShare = Double(new.count) / total
        let found = new.compactMap(\.classIndex).map { benchmark.classes[$0] }
        m.newTop10 = Double(found.filter { $0.top <= 10 }.count) / total
        m.distinctNewTop10 = Set(found.filter { $0.top <= 10 }.map(\.hash)).count
        if let best = found.min(by: { $0.top < $1.top }) {
            m.bestNewObjective = best.objective
            m.bestNewTop = best.top
        }
        return m
    }

    /// Metrics of already scored cells.
    public static func summarize(_ scored: [ScoredCell], benchmark: Benchmark, trainingClasses: Set<Int>) -> GenerationMetrics {
        var m = GenerationMetrics()
        m.count = scored.count
        guard !scored.isEmpty else { return m }
        let valid = scored.filter(\.isValid)
        var occurrences: [String: Int] = [:]
        for s in valid { occurrences[s.hash!, default: 0] += 1 }
        let total = Double(scored.count)
        m.validity = Double(valid.count) / total
        m.distinctValid = occurrences.count
        if !valid.isEmpty {
            m.uniqueness = Double(valid.filter { occurrences[$0.hash!] == 1 }.count) / Double(valid.count)
            m.novelty = Double(valid.filter { $0.classIndex.map { !trainingClasses.contains($0) } ?? true }.count) / Double(valid.count)
        }
        let found = valid.compactMap(\.classIndex).map { benchmark.classes[$0] }
        func share(_ k: Double) -> Double { Double(found.filter { $0.top <= k }.count) / total }
        m.top5 = share(5); m.top10 = share(10); m.top20 = share(20); m.top50 = share(50); m.top100 = share(100)
        m.distinctFound = Set(found.map(\.hash)).count
        m.distinctTop5 = Set(found.filter { $0.top <= 5 }.map(\.hash)).count
        m.distinctTop10 = Set(found.filter { $0.top <= 10 }.map(\.hash)).count
        m.distinctTop20 = Set(found.filter { $0.top <= 20 }.map(\.hash)).count
        (m.normalizedMax128, m.normalizedMedian128) = designBenchSummary(scored.prefix(128), benchmark: benchmark)
        if !found.isEmpty {
            m.meanObjective = found.reduce(0) { $0 + $1.objective } / Double(found.count)
            let best = benchmark.higherIsBetter ? found.max { $0.objective < $1.objective }! : found.min { $0.objective < $1.objective }!
            m.bestObjective = best.objective
            m.bestTop = best.top
            let footprints = found.compactMap(\.footprint)
            if footprints.count == found.count { m.meanFootprint = footprints.reduce(0, +) / Double(footprints.count) }
        }
        return m
    }
}
