import NASBench

/// Rank correlations between predicted scores and true objectives.
public enum RankCorrelation {
    /// Spearman's ρ: Pearson's correlation of the average ranks (ties share their mean rank). 0 for
    /// fewer than two items or a constant side.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "one score per objective")
        guard x.count >= 2 else { return 0 }
        return pearson(averageRanks(x), averageRanks(y))
    }

    /// Kendall's τ-b over all pairs (O(n²); callers sample large sets). 0 for fewer than two items.
    public static func kendall(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count, "one score per objective")
        let n = x.count
        guard n >= 2 else { return 0 }
        var concordant = 0.0, discordant = 0.0, tiesX = 0.0, tiesY = 0.0
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                for i in 0..<(n - 1) {
                    let xi = xs[i], yi = ys[i]
                    for j in (i + 1)..<n {
                        let dx = xs[j] - xi, dy = ys[j] - yi
                        if dx == 0 && dy == 0 { continue }
                        if dx == 0 { tiesX += 1; continue }
                        if dy == 0 { tiesY += 1; continue }
                        if (dx > 0) == (dy > 0) { concordant += 1 } else { discordant += 1 }
                    }
                }
            }
        }
        let denominator = ((concordant + discordant + tiesX) * (concordant + discordant + tiesY)).squareRoot()
        return denominator > 0 ? (concordant - discordant) / denominator : 0
    }

    /// 1-based ranks, ascending, ties sharing their mean rank.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, values[order[end + 1]] == values[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for k in start...end { ranks[order[k]] = rank }
            start = end + 1
        }
        return ranks
    }

    static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let n = Double(a.count)
        let ma = a.reduce(0, +) / n, mb = b.reduce(0, +) / n
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (u, v) in zip(a, b) { sab += (u - ma) * (v - mb); saa += (u - ma) * (u - ma); sbb += (v - mb) * (v - mb) }
        return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : 0
    }
}

/// How well the valuer ranks the benchmark (a diagnostic: it reads true objectives of classes the
/// run never trained on, and is no oracle query). Reported per epoch in `log.jsonl` and at the end
/// in `metrics.json`.
public struct ValuerQuality: Codable, Sendable, Equatable {
    /// Classes scored (all of them, or a seeded sample of `sampleLimit` on large benchmarks).
    public var classes: Int
    /// Spearman's ρ between valuer scores and objectives over the scored classes.
    public var spearman: Double
    /// Spearman's ρ and Kendall's τ over the test split.
    public var spearmanTest: Double
    public var kendallTest: Double
    /// Spearman's ρ inside the withheld top (classes never seen in training).
    public var spearmanWithheld: Double
    /// Share of the valuer's 10 and 100 best-scored classes that are in the benchmark's top 10%.
    public var top10PrecisionAt10: Double
    public var top10PrecisionAt100: Double
    /// Share of the valuer's best-scored tenth of the scored classes that are in the top 10%: the
    /// highest top-10% share a generator spread evenly over as many classes as the top 10% holds
    /// can reach with this guide (nil in runs written before it was measured).
    public var top10PrecisionAtTenth: Double?
    /// The best class's position in the valuer's ranking of the scored classes (1 = ranked first).
    public var rankOfBest: Int?

    /// Classes scored at most; larger benchmarks are sampled (the best class is always kept).
    public static let sampleLimit = 20_000
    /// Pairs for Kendall's τ are counted over at most this many test classes.
    static let kendallLimit = 3_000

    /// Scores `benchmark`'s classes with `score` (a batch scorer) and compares with their objectives.
    public static func measure(benchmark: Benchmark, split: BenchmarkSplit, seed: UInt64,
                               score: ([Cell]) -> [Float]) -> ValuerQuality {
        var random = SplitMix64(seed: seed ^ 0x7A1E_0123)
        let n = benchmark.classes.count
        var chosen = Array(0..<n)
        if n > sampleLimit {
            chosen.shuffle(using: &random)
            chosen = Array(chosen.prefix(sampleLimit))
            if !chosen.contains(0) { chosen[0] = 0 }
            chosen.sort()
        }
        let scores = score(chosen.map { benchmark.classes[$0].cell }).map(Double.init)
        var scoreOf: [Int: Double] = [:]
        for (k, s) in zip(chosen, scores) { scoreOf[k] = s }
        // Higher objective = better, whatever the benchmark's direction.
        func truth(_ k: Int) -> Double { benchmark.higherIsBetter ? benchmark.classes[k].objective : -benchmark.classes[k].objective }
        func rho(_ ks: [Int]) -> Double {
            let present = ks.filter { scoreOf[$0] != nil }
            return RankCorrelation.spearman(present.map { scoreOf[$0]! }, present.map(truth))
        }
        var test = split.test.filter { scoreOf[$0] != nil }
        if test.count > kendallLimit { test.shuffle(using: &random); test = Array(test.prefix(kendallLimit)) }
        // Ties in a seeded random order: the classes are sorted best first, so breaking ties by index
        // would credit a constant scorer with a perfect ranking.
        var tieOrder = Array(chosen.indices)
        tieOrder.shuffle(using: &random)
        var tieRank = [Int](repeating: 0, count: chosen.count)
        for (r, i) in tieOrder.enumerated() { tieRank[i] = r }
        let ranked = chosen.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : tieRank[$0] < tieRank[$1] }.map { chosen[$0] }
        func precision(_ k: Int) -> Double {
            let head = ranked.prefix(k)
            return head.isEmpty ? 0 : Double(head.filter { benchmark.classes[$0].top <= 10 }.count) / Double(head.count)
        }
        return ValuerQuality(
            classes: chosen.count, spearman: rho(chosen), spearmanTest: rho(split.test),
            kendallTest: RankCorrelation.kendall(test.map { scoreOf[$0]! }, test.map(truth)),
            spearmanWithheld: rho(split.withheld), top10PrecisionAt10: precision(10), top10PrecisionAt100: precision(100),
            top10PrecisionAtTenth: precision(max(1, (chosen.count + 5) / 10)), rankOfBest: ranked.firstIndex(of: 0).map { $0 + 1 })
    }
}
