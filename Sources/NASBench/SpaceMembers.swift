import Foundation

/// The members of a search space, from the space's rules alone: one pruned cell per architecture
/// (isomorphism class), sorted by canonical hash. No benchmark file is read, so a run on a sample
/// of a table can still see, and be taught, every architecture of its space.
public struct SpaceMembers: Sendable {
    /// One pruned cell per member, parallel to `hashes`.
    public let cells: [Cell]
    /// Canonical hashes, ascending.
    public let hashes: [String]

    public var count: Int { cells.count }

    /// Members given as cells (any node order, unpruned allowed); invalid cells are dropped and
    /// isomorphic ones kept once.
    public init(cells candidates: [Cell], space: any SearchSpace) {
        var byHash: [String: Cell] = [:]
        for cell in candidates {
            guard case .success(let pruned) = space.prunedValidCell(cell) else { continue }
            let hash = space.canonicalHash(of: pruned)
            if byHash[hash] == nil { byHash[hash] = pruned }
        }
        self.init(byHash: byHash)
    }

    init(byHash: [String: Cell]) {
        let hashes = byHash.keys.sorted()
        self.hashes = hashes
        cells = hashes.map { byHash[$0]! }
    }

    /// Index of the member with canonical hash `hash`.
    public func index(ofHash hash: String) -> Int? {
        var low = 0, high = hashes.count
        while low < high {
            let mid = (low + high) / 2
            if hashes[mid] < hash { low = mid + 1 } else { high = mid }
        }
        return low < hashes.count && hashes[low] == hash ? low : nil
    }
}

extension NASBench201Space {
    /// Every NAS-Bench-201 architecture as a node-labelled graph: the 15,625 operation strings (one
    /// operation on each of the six edges), less those whose output is cut off, one per graph.
    public func enumerateMembers() -> SpaceMembers {
        SpaceMembers(byHash: table.graphByHash)
    }

    public func allMembers() -> SpaceMembers? { enumerateMembers() }
}

extension NASBench101Space {
    /// Every NAS-Bench-101 architecture: DAGs on at most `maxNodes` (7) nodes with at most 9 edges
    /// whose every node lies on a path from input to output, each middle node one of the three
    /// operations — 423,624 for the whole space, the same module hashes as the benchmark's.
    ///
    /// The 695,860 adjacency matrices of 7 nodes with ≤ 9 edges prune to 6,472 distinct shapes; each
    /// shape is labelled every way (3 per middle node, 1.29 million cells) and hashed (on every
    /// processor), and equal hashes are kept once.
    /// The whole space, enumerated once per process (about 10 s on two cores in a release build).
    public func allMembers() -> SpaceMembers? { Self.everyMember }
    private static let everyMember = NASBench101Space().enumerateMembers()

    public func enumerateMembers(maxNodes nodeLimit: Int = 7) -> SpaceMembers {
        precondition((2...7).contains(nodeLimit), "NAS-Bench-101 cells have 2 to 7 nodes")
        let n = 7
        let pairs = (0..<n).flatMap { i in ((i + 1)..<n).map { (i, $0) } }
        // Pruned shapes: node count and the upper triangle of the kept nodes' adjacency, as bits.
        var shapes = Set<UInt32>()
        for mask in 0..<(1 << pairs.count) where mask.nonzeroBitCount <= 9 {
            var out = [UInt8](repeating: 0, count: n)
            for (e, (i, j)) in pairs.enumerated() where mask & (1 << e) != 0 { out[i] |= 1 << j }
            var fromInput: UInt8 = 1
            for v in 0..<n where fromInput & (1 << v) != 0 { fromInput |= out[v] }
            guard fromInput & (1 << (n - 1)) != 0 else { continue }
            var toOutput: UInt8 = 1 << (n - 1)
            for v in stride(from: n - 2, through: 0, by: -1) where out[v] & toOutput != 0 { toOutput |= 1 << v }
            let kept = (0..<n).filter { fromInput & toOutput & (1 << $0) != 0 }
            guard kept.count <= nodeLimit else { continue }
            var bits: UInt32 = 0, bit = 0
            for a in 0..<kept.count {
                for b in (a + 1)..<kept.count {
                    if out[kept[a]] & (1 << kept[b]) != 0 { bits |= 1 << bit }
                    bit += 1
                }
            }
            shapes.insert(UInt32(kept.count) << 24 | bits)
        }
        let ordered = shapes.sorted()
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let results = ChunkResults(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var found: [String: Cell] = [:]
            for s in stride(from: worker, to: ordered.count, by: workers) {
                let m = Int(ordered[s] >> 24), bits = ordered[s] & 0xFF_FFFF
                var adjacency = [Bool](repeating: false, count: m * m)
                var bit = 0
                for a in 0..<m {
                    for b in (a + 1)..<m {
                        adjacency[a * m + b] = bits & (1 << bit) != 0
                        bit += 1
                    }
                }
                let middle = m - 2
                var labelling = 0
                let count = Int(pow(3, Double(middle)).rounded())
                while labelling < count {
                    var labels = [Cell.inputLabel], code = labelling
                    for _ in 0..<middle { labels.append(code % 3); code /= 3 }
                    labels.append(Cell.outputLabel)
                    let cell = Cell(nodeCount: m, adjacency: adjacency, labels: labels)
                    let hash = canonicalHash(of: cell)
                    if found[hash] == nil { found[hash] = cell }
                    labelling += 1
                }
            }
            results.store(found, at: worker)
        }
        var byHash: [String: Cell] = [:]
        for part in results.values { byHash.merge(part) { first, _ in first } }
        return SpaceMembers(byHash: byHash)
    }
}

/// One slot per worker of `concurrentPerform`, each written once by its worker and read after it.
private final class ChunkResults: @unchecked Sendable {
    private var slots: [[String: Cell]]
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: [:], count: count) }
    func store(_ value: [String: Cell], at index: Int) { lock.lock(); slots[index] = value; lock.unlock() }
    var values: [[String: Cell]] { lock.lock(); defer { lock.unlock() }; return slots }
}
