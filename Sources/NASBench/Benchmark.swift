import FileIO
/// One row of a benchmark table: a cell as read, its metrics, its footprint when known.
public struct BenchmarkRecord: Sendable, Hashable {
    /// The cell as read (not necessarily pruned).
    public var cell: Cell
    /// Numeric columns by name (e.g. `test_accuracy`, `trainable_parameters`).
    public var metrics: [String: Double]
    /// Size of the network (trainable parameters for NAS-Bench-101), when known.
    public var footprint: Double?
    /// The record's own identifier in its source: NAS-Bench-101's `hash` column, NAS-Bench-201's cell string.
    public var identifier: String?

    public init(cell: Cell, metrics: [String: Double], footprint: Double? = nil, identifier: String? = nil) {
        self.cell = cell
        self.metrics = metrics
        self.footprint = footprint
        self.identifier = identifier
    }
}

/// A row whose cell cannot form a valid graph of the space.
public struct RejectedRecord: Sendable, Hashable {
    /// Position among the rows read (0-based).
    public var row: Int
    public var identifier: String?
    public var reason: String
}

/// A distinct graph of a benchmark: the isomorphism class of the pruned cells of its members.
public struct ArchitectureClass: Sendable, Hashable {
    /// Canonical hash (the space's `canonicalHash`).
    public let hash: String
    /// Representative pruned cell (that of the first member read).
    public let cell: Cell
    /// Mean objective over the members.
    public let objective: Double
    /// Mean footprint over the members, when every member has one.
    public let footprint: Double?
    public let memberCount: Int
    /// Percentile rank, best first: the i-th (0-based) of n classes has top = 100·(i+1)/n.
    public let top: Double
    /// Indices into `Benchmark.records` of the members, in file order (a slice of a buffer shared by
    /// all classes).
    public let members: ArraySlice<Int>
}

/// A benchmark: a space and its records, grouped into distinct-graph classes by canonical hash.
/// `classes` are sorted best first (ties by hash), so class `i` has `top = 100·(i+1)/classes.count`.
public struct Benchmark: Sendable {
    public let name: String
    public let space: any SearchSpace
    /// Metric used as the objective.
    public let objectiveName: String
    public let higherIsBetter: Bool
    /// Records with a cell, in file order.
    public let records: [BenchmarkRecord]
    /// Rows whose cell cannot form a valid graph (including rows that give no graph at all).
    public let rejected: [RejectedRecord]
    /// Number of rows read (records plus rows that give no graph at all).
    public let rowsRead: Int
    /// Distinct graphs, best first.
    public let classes: [ArchitectureClass]
    /// Class of each record (`nil` for rejected ones), parallel to `records`.
    public let classOfRecord: [Int?]

    private let indexByCell: [Cell: Int]
    private let indexByHash: [String: Int]
    /// `degreeLabelSignature` of every class's cell, when the space's canonical hash is the
    /// iterative graph hash (`nil` otherwise): a cell whose signature is not here is in no class.
    private let classSignatures: Set<Int>?

    /// Groups `records` into classes.
    /// - Parameters:
    ///   - knownHashes: canonical hashes supplied by the source (parallel to `records`, entries may be
    ///     `nil`); used, instead of hashing, for records whose cell is already valid (hence pruned).
    ///   - unconvertedRows: rows that gave no cell at all (e.g. NAS-Bench-201 strings whose output is
    ///     cut off); counted as rejected.
    /// - Throws: `BenchmarkError` when a record lacks the objective metric or no record is valid.
    public init(
        name: String, space: any SearchSpace, records: [BenchmarkRecord], objective: String,
        higherIsBetter: Bool = true, knownHashes: [String?]? = nil, unconvertedRows: [RejectedRecord] = []
    ) throws {
        precondition(knownHashes == nil || knownHashes!.count == records.count, "knownHashes must parallel records")
        var rejected = unconvertedRows
        // Classes in order of first appearance; members as linked lists (no per-class arrays).
        var classOfHash: [String: Int] = Dictionary(minimumCapacity: records.count)
        var classHashes: [String] = [], firstMember: [Int] = [], lastMember: [Int] = [], memberCounts: [Int] = []
        var nextMember = [Int](repeating: -1, count: records.count)
        var pruneds = [Cell?](repeating: nil, count: records.count)
        var draftOfRecord = [Int](repeating: -1, count: records.count)
        for (i, record) in records.enumerated() {
            guard record.metrics[objective] != nil else {
                throw BenchmarkError(file: name, record: i, field: objective, "record has no value for the objective (metrics: \(record.metrics.keys.sorted().prefix(8).map { excerpt($0, limit: 32) }.joined(separator: ", "))\(record.metrics.count > 8 ? ", …" : ""))")
            }
            let pruned: Cell
            let hash: String
            if let known = knownHashes?[i], space.invalidity(of: record.cell) == nil {
                pruned = record.cell
                hash = known
            } else {
                switch space.prunedValidCell(record.cell) {
                case .failure(let reason):
                    rejected.append(RejectedRecord(row: i, identifier: record.identifier, reason: reason.reason))
                    continue
                case .success(let p):
                    pruned = p
                    hash = space.canonicalHash(of: p)
                }
            }
            pruneds[i] = pruned
            if let d = classOfHash[hash] {
                nextMember[lastMember[d]] = i
                lastMember[d] = i
                memberCounts[d] += 1
                draftOfRecord[i] = d
            } else {
                let d = classHashes.count
                classOfHash[hash] = d
                classHashes.append(hash); firstMember.append(i); lastMember.append(i); memberCounts.append(1)
                draftOfRecord[i] = d
            }
        }
        guard !classHashes.isEmpty else { throw BenchmarkError(file: name, "no valid cell among \(records.count + unconvertedRows.count) rows") }
        let draftCount = classHashes.count
        var objectives = [Double](repeating: 0, count: draftCount)
        var footprintSums = [Double](repeating: 0, count: draftCount)
        var footprintCounts = [Int](repeating: 0, count: draftCount)
        for i in records.indices where draftOfRecord[i] >= 0 {
            let d = draftOfRecord[i]
            objectives[d] += records[i].metrics[objective]!
            if let f = records[i].footprint { footprintSums[d] += f; footprintCounts[d] += 1 }
        }
        for d in 0..<draftCount { objectives[d] /= Double(memberCounts[d]) }
        var order = Array(0..<draftCount)
        order.sort { a, b in
            if objectives[a] != objectives[b] { return higherIsBetter ? objectives[a] > objectives[b] : objectives[a] < objectives[b] }
            return classHashes[a] < classHashes[b]
        }
        // Members of all classes in one buffer, class after class (sliced, not copied, per class).
        var memberStorage: [Int] = []
        memberStorage.reserveCapacity(records.count)
        var memberRanges: [Range<Int>] = []
        memberRanges.reserveCapacity(draftCount)
        for d in order {
            let begin = memberStorage.count
            var m = firstMember[d]
            while m >= 0 { memberStorage.append(m); m = nextMember[m] }
            memberRanges.append(begin..<memberStorage.count)
        }
        let n = Double(draftCount)
        var classes: [ArchitectureClass] = []
        classes.reserveCapacity(draftCount)
        var indexByHash: [String: Int] = Dictionary(minimumCapacity: draftCount)
        var indexByCell: [Cell: Int] = Dictionary(minimumCapacity: records.count)
        var classOfRecord = [Int?](repeating: nil, count: records.count)
        for (k, d) in order.enumerated() {
            let members = memberStorage[memberRanges[k]]
            classes.append(ArchitectureClass(
                hash: classHashes[d], cell: pruneds[firstMember[d]]!, objective: objectives[d],
                footprint: footprintCounts[d] == memberCounts[d] ? footprintSums[d] / Double(memberCounts[d]) : nil,
                memberCount: memberCounts[d], top: 100 * Double(k + 1) / n, members: members))
            indexByHash[classHashes[d]] = k
            for m in members {
                classOfRecord[m] = k
                indexByCell[records[m].cell] = k
                if let p = pruneds[m], p != records[m].cell { indexByCell[p] = k }
            }
        }
        self.name = name
        self.space = space
        self.objectiveName = objective
        self.higherIsBetter = higherIsBetter
        self.records = records
        self.rejected = rejected.sorted { $0.row < $1.row }
        self.rowsRead = records.count + unconvertedRows.count
        self.classes = classes
        self.classOfRecord = classOfRecord
        self.indexByCell = indexByCell
        self.indexByHash = indexByHash
        classSignatures = space.canonicalHashIsIterativeGraphHash ? Set(classes.map { $0.cell.degreeLabelSignature }) : nil
    }

    /// Index into `classes` of the class of `cell` (unpruned, in any topological node order), or
    /// `nil` when the cell is invalid or not in the benchmark. Cells read at load time (raw and
    /// pruned) are found by a dictionary look-up; others are pruned and hashed.
    public func classIndex(of cell: Cell) -> Int? {
        if let k = indexByCell[cell] { return k }
        guard case .success(let pruned) = space.prunedValidCell(cell) else { return nil }
        return lookUp(pruned: pruned).index
    }

    /// The class of a valid pruned cell and, when it had to be computed, its canonical hash.
    ///
    /// The iterative graph hash starts from each node's `(out-degree, in-degree, label)` and every
    /// later value digests the node's previous one, so cells with equal hashes have equal multisets
    /// of those triples (barring an MD5 collision, which the hash-keyed classes rule out anyway). A
    /// cell whose multiset no class has is therefore answered without hashing (`hash` is then nil).
    public func lookUp(pruned: Cell) -> (index: Int?, hash: String?) {
        if let k = indexByCell[pruned] { return (k, classes[k].hash) }
        if let classSignatures, !classSignatures.contains(pruned.degreeLabelSignature) { return (nil, nil) }
        let hash = space.canonicalHash(of: pruned)
        return (indexByHash[hash], hash)
    }

    /// Every class index in the order of the classes' canonical hashes: an order that carries no
    /// objective, for lists whose order can break ties (`classes` is best first by the objective).
    public var classIndicesByHash: [Int] { classes.indices.sorted { classes[$0].hash < classes[$1].hash } }

    /// Index of the class with canonical hash `hash`.
    public func classIndex(ofHash hash: String) -> Int? { indexByHash[hash] }

    /// The class of `cell`, if present.
    public func architectureClass(of cell: Cell) -> ArchitectureClass? { classIndex(of: cell).map { classes[$0] } }

    /// Splits the classes as in METHOD.md §3: classes with `top ≤ topRemoved` are the top set; a
    /// fraction `complexity` of them (rounded to nearest), chosen at random, is withheld; the other
    /// classes are shuffled with `seed` and split 75% training / 25% test (test = ⌈25%⌉).
    /// Same seed, same split. `withheld` is sorted; `training` and `test` are in shuffled order.
    public func split(topRemoved: Double = 10, complexity: Double = 1, seed: UInt64) -> BenchmarkSplit {
        precondition((0...1).contains(complexity), "complexity must be in [0, 1]")
        precondition(topRemoved >= 0, "topRemoved must be ≥ 0")
        var rng = SplitMix64(seed: seed)
        var topSet = classes.indices.filter { classes[$0].top <= topRemoved }
        rng.shuffle(&topSet)
        let withheldCount = Int((Double(topSet.count) * complexity).rounded())
        let withheld = Array(topSet.prefix(withheldCount)).sorted()
        let withheldSet = Set(withheld)
        var rest = classes.indices.filter { !withheldSet.contains($0) }
        rng.shuffle(&rest)
        let testCount = Int((Double(rest.count) * 0.25).rounded(.up))
        let training = Array(rest.dropLast(testCount))
        let test = Array(rest.suffix(testCount))
        return BenchmarkSplit(training: training, test: test, withheld: withheld)
    }
}

/// Class indices of a training/test split (METHOD.md §3).
public struct BenchmarkSplit: Sendable, Hashable {
    public let training: [Int]
    public let test: [Int]
    public let withheld: [Int]
}

/// SplitMix64 (Steele, Lea & Flood, 2014): a small seeded generator, stable across platforms and
/// Swift versions (unlike the standard library's shuffles).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform integer in `0..<bound` (rejection sampling, no modulo bias).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        let limit = UInt64.max - UInt64.max % b
        while true {
            let x = next()
            if x < limit { return Int(x % b) }
        }
    }

    /// Fisher–Yates shuffle with this generator (a fixed algorithm, so results are reproducible).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, below(i + 1))
        }
    }
}
