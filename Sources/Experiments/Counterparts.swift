import Foundation
import GNN2GNN
import NASBench
import TensorCore

/// The counterparts GNN2GNN is compared with (METHOD.md §7 and the list).
public enum Method: String, CaseIterable, Codable, Sendable {
    case gnn2gnn
    /// GNN2GNN with `--preset paper` (the published algorithm), the honest baseline.
    case gnn2gnnPaper = "gnn2gnn-paper"
    case uniform
    case random
    case molgan
    case predictor
    case randomSearch = "random-search"
    case evolution = "regularized-evolution"
    /// GNN2GNN's valuer (trained alone) scoring every member of the space; cells ∝ exp(−percentile/T).
    case wholeSpaceValuer = "whole-space-valuer"
    /// Ridge regression on a fixed encoding scoring every member of the space; cells ∝ exp(−percentile/T).
    case wholeSpaceRidge = "whole-space-ridge"
    /// Ridge regression refitted on the training split plus everything queried so far; each round
    /// queries its 30 best-predicted unqueried architectures (a query-based search).
    case iterativePredictor = "iterative-predictor"
    /// The paper's RNN counterpart: a GRU emitting a slot-structured space's slots node by node
    /// (`RecurrentSlotGenerator`), trained by the default objective (spaces with slots only).
    case rnn

    /// A readable name.
    public var title: String {
        switch self {
        case .gnn2gnn: return "GNN2GNN"
        case .gnn2gnnPaper: return "GNN2GNN (paper preset)"
        case .uniform: return "Uniform sampling"
        case .random: return "Random generator"
        case .molgan: return "MolGAN-style"
        case .predictor: return "Predictor-ranked"
        case .randomSearch: return "Random search"
        case .evolution: return "Regularized evolution"
        case .wholeSpaceValuer: return "Valuer over the whole space"
        case .wholeSpaceRidge: return "Ridge over the whole space"
        case .iterativePredictor: return "Iterative predictor (ridge)"
        case .rnn: return "RNN generator (GRU)"
        }
    }

    /// Whether the method spends oracle queries to find its cells (a query-based search).
    public var isSearch: Bool { self == .randomSearch || self == .evolution || self == .iterativePredictor }
}

// MARK: - Sampling counterparts

/// Uniform sampling of `count` architectures of the benchmark (with replacement): in expectation a
/// share k% of them is in the top k%.
public func uniformSample(_ benchmark: Benchmark, count: Int, using random: inout SeededGenerator) -> [Cell] {
    (0..<count).map { _ in benchmark.classes[random.int(below: benchmark.classes.count)].cell }
}

/// The random generator of METHOD.md §7: every candidate edge of the complete DAG on the space's
/// `maxNodes` nodes kept with probability ½, uniformly random middle operations, and the same
/// refinement as the GNN generator (`RefinedCell`, projected onto the space when it has a projection).
public struct RandomCellGenerator: Sendable {
    public let space: any SearchSpace
    public let keepProbability: Float

    public init(space: any SearchSpace, keepProbability: Float = 0.5) {
        self.space = space
        self.keepProbability = keepProbability
    }

    public func sample(count: Int, using random: inout SeededGenerator) -> [Cell] {
        (0..<count).map { _ in one(&random) }
    }

    func one(_ random: inout SeededGenerator) -> Cell {
        let n = space.maxNodes, k = space.operations.count
        var kept = [Bool](repeating: false, count: n * n)
        for i in 0..<n { for j in (i + 1)..<n { kept[i * n + j] = random.nextFloat() < keepProbability } }
        let ops = (0..<n).map { _ in random.int(below: k) }
        return RefinedCell(nodeCount: n, operations: ops, space: space, kept: { kept[$0 * n + $1] }).cell
    }

    /// `count` cells that `isMember` accepts, by the same rejection onto the space's members that
    /// GNN2GNN's generation applies with `membersOnly` (`drawMembers`, at most `maxDrawsPerCell` per cell).
    public func sampleMembers(count: Int, maxDrawsPerCell: Int = 1000, using random: inout SeededGenerator,
                              isMember: (Cell) -> Bool) -> [Cell] {
        drawMembers(count: count, maxDraws: maxDrawsPerCell * max(count, 1), draw: { [one(&random)] }, isMember: isMember).cells
    }

    /// `count` cells that are valid members of the space (drawn until enough are found).
    public func sampleValid(count: Int, using random: inout SeededGenerator) -> [Cell] {
        var cells: [Cell] = []
        var attempts = 0
        while cells.count < count, attempts < 1000 * max(count, 1) {
            attempts += 1
            let c = one(&random)
            if case .success = space.prunedValidCell(c) { cells.append(c) }
        }
        return cells
    }
}

// MARK: - Predictor-ranked sampling

/// Predictor-ranked sampling: the valuer alone, trained as GNN2GNN's valuer is before its first epoch
/// (`Trainer.trainValuerAlone`: real batches of the same training split, the configuration's valuer
/// loss and targets — percentile ranks with `--valuer-mode rank` — and batch size, no oracle
/// feedback) for the run's `epochs`, rates `oversampling`× as many random valid cells (members of the
/// space, with `membersOnly`) as are asked for; the best-rated are kept.
public struct PredictorRankedSampler {
    public var configuration: TrainingConfiguration
    /// At most this many steps per epoch (quick runs); nil for full epochs.
    public var maxStepsPerEpoch: Int?
    public var oversampling = 10

    public init(configuration: TrainingConfiguration, maxStepsPerEpoch: Int? = nil) {
        self.configuration = configuration
        self.maxStepsPerEpoch = maxStepsPerEpoch
    }

    /// Trains the valuer and returns the `count` best-rated of `oversampling · count` random valid cells.
    public func sample(_ benchmark: Benchmark, count: Int) throws -> [Cell] {
        var c = configuration
        c.valuerPretrainEpochs = c.epochs
        var trainer = try Trainer(configuration: c, benchmark: benchmark, generators: .withCounterparts)
        _ = trainer.trainValuerAlone(maxStepsPerEpoch: maxStepsPerEpoch)
        var random = SeededGenerator(seed: c.seed &+ 0x9E37)
        let generator = RandomCellGenerator(space: benchmark.space)
        let candidates = c.membersOnly
            ? generator.sampleMembers(count: oversampling * count, using: &random) { benchmark.classIndex(of: $0) != nil }
            : generator.sampleValid(count: oversampling * count, using: &random)
        let scores = trainer.model.valuerScores(candidates, operationCount: benchmark.space.operations.count)
        let ranked = candidates.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return ranked.prefix(count).map { candidates[$0] }
    }
}

// MARK: - Query-based search

/// The distinct architectures a search looked up, in query order, and the best objective found after
/// each query.
public struct SearchTrace: Codable, Sendable {
    /// Class indices in query order (each distinct).
    public var queried: [Int] = []
    /// Best objective among the first i + 1 queries.
    public var bestSoFar: [Double] = []

    public init() {}

    public init(queried: [Int], benchmark: Benchmark) {
        for k in queried { append(k, benchmark: benchmark) }
    }

    mutating func append(_ k: Int, benchmark: Benchmark) {
        let v = benchmark.classes[k].objective
        let best = bestSoFar.last.map { benchmark.higherIsBetter ? max($0, v) : min($0, v) } ?? v
        queried.append(k)
        bestSoFar.append(best)
    }
}

/// Random search over the benchmark: `budget` distinct architectures drawn uniformly without replacement.
public func randomSearch(_ benchmark: Benchmark, budget: Int, using random: inout SeededGenerator) -> SearchTrace {
    var all = Array(benchmark.classes.indices)
    let n = min(budget, all.count)
    for i in 0..<n {   // partial Fisher–Yates
        let j = i + random.int(below: all.count - i)
        all.swapAt(i, j)
    }
    return SearchTrace(queried: Array(all.prefix(n)), benchmark: benchmark)
}

/// Regularized evolution (Real et al. 2019) over the benchmark: a population of `population` cells
/// (initially random), each cycle the best of `sampleSize` random members is mutated once (one
/// operation or one edge), the child joins the population and the oldest member leaves. Mutants
/// that are not in the benchmark are re-drawn without spending a query; only distinct
/// architectures count as queries (a revisited child joins the population for free). When
/// `stallLimit` cycles in a row revisit known cells (a converged population), a random unqueried
/// architecture joins instead, so the run always reaches its budget.
public func regularizedEvolution(_ benchmark: Benchmark, budget: Int, population: Int = 50, sampleSize: Int = 10,
                                 stallLimit: Int = 100, using random: inout SeededGenerator) -> SearchTrace {
    var trace = SearchTrace()
    var seen = Set<Int>()
    let budget = min(budget, benchmark.classes.count)
    func query(_ k: Int) {
        if seen.insert(k).inserted { trace.append(k, benchmark: benchmark) }
    }
    var members: [Int] = []
    while members.count < population, trace.queried.count < budget {
        let k = random.int(below: benchmark.classes.count)
        query(k)
        members.append(k)
    }
    var stalled = 0
    while trace.queried.count < budget, !members.isEmpty {
        if stalled >= stallLimit {
            stalled = 0
            let k = randomUnqueried(benchmark, seen: seen, using: &random)
            query(k)
            members.append(k)
            if members.count > population { members.removeFirst() }
            continue
        }
        var parent = members[random.int(below: members.count)]
        for _ in 1..<max(sampleSize, 1) {
            let other = members[random.int(below: members.count)]
            // Classes are sorted best first: a smaller index is a better architecture.
            if other < parent { parent = other }
        }
        let child = mutant(of: parent, benchmark, using: &random) ?? random.int(below: benchmark.classes.count)
        stalled = seen.contains(child) ? stalled + 1 : 0
        query(child)
        members.append(child)
        if members.count > population { members.removeFirst() }
    }
    return trace
}

/// A class not in `seen` (random draws, then the first unseen one); `seen` must not hold every class.
func randomUnqueried(_ benchmark: Benchmark, seen: Set<Int>, using random: inout SeededGenerator) -> Int {
    for _ in 0..<100 {
        let k = random.int(below: benchmark.classes.count)
        if !seen.contains(k) { return k }
    }
    return benchmark.classes.indices.first { !seen.contains($0) }!
}

/// A benchmark class one mutation away from class `k` (re-drawn until the mutant is in the
/// benchmark and differs from `k`; nil after many failed draws). NAS-Bench-201 cells mutate one of
/// their six edge operations (`none` removes an edge, so this covers edges too); other spaces flip
/// one edge or change one middle operation of the cell padded to the space's `maxNodes` nodes.
func mutant(of k: Int, _ benchmark: Benchmark, using random: inout SeededGenerator) -> Int? {
    let space = benchmark.space
    let cell = benchmark.classes[k].cell
    if let nb201 = space as? NASBench201Space {
        let strings = nb201.officialStrings(for: cell)
        guard !strings.isEmpty, let ops = try? NASBench201Space.parse(strings[random.int(below: strings.count)]) else { return nil }
        let choices = NASBench201Space.cellOperations.count
        for _ in 0..<200 {
            var mutated = ops
            let e = random.int(below: mutated.count)
            mutated[e] = (mutated[e] + 1 + random.int(below: choices - 1)) % choices
            if let graph = nb201.graph(ofEdgeOperations: mutated), let j = benchmark.classIndex(of: graph), j != k { return j }
        }
        return nil
    }
    let padded = pad(cell, to: space.maxNodes, operationCount: space.operations.count, using: &random)
    let n = padded.nodeCount
    for _ in 0..<200 {
        var m = padded
        if n > 2, random.nextFloat() < 0.5 {
            let v = 1 + random.int(below: n - 2)
            m.labels[v] = (m.labels[v] + 1 + random.int(below: max(space.operations.count - 1, 1))) % space.operations.count
        } else {
            let i = random.int(below: n - 1)
            let j = i + 1 + random.int(below: n - 1 - i)
            m.setEdge(i, j, !m.hasEdge(i, j))
        }
        if let j = benchmark.classIndex(of: m), j != k { return j }
    }
    return nil
}

/// `cell` with isolated middle nodes (random operations) inserted before the output until it has
/// `maxNodes` nodes, so that an edge mutation can bring a node in.
func pad(_ cell: Cell, to maxNodes: Int, operationCount: Int, using random: inout SeededGenerator) -> Cell {
    let n = cell.nodeCount
    guard n < maxNodes, operationCount > 0 else { return cell }
    let m = maxNodes
    var rows = [[Int]](repeating: [Int](repeating: 0, count: m), count: m)
    func map(_ v: Int) -> Int { v == n - 1 ? m - 1 : v }
    for i in 0..<n { for j in 0..<n where cell.hasEdge(i, j) { rows[map(i)][map(j)] = 1 } }
    var labels = [Int](repeating: 0, count: m)
    for v in 0..<(n - 1) { labels[v] = cell.labels[v] }
    for v in (n - 1)..<(m - 1) { labels[v] = random.int(below: operationCount) }
    labels[m - 1] = Cell.outputLabel
    return Cell(adjacency: rows, labels: labels)
}
