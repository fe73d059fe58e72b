import Foundation
@testable import NASBench

/// Locations of the shared real data (`../shared/data` from the repository root).
enum TestData {
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data").standardized

    /// Path of a data file, or `nil` (with a printed reason) when it is absent.
    static func path(_ relative: String) -> String? {
        let path = root.appendingPathComponent(relative).path
        if FileManager.default.fileExists(atPath: path) { return path }
        print("skipping: ../shared/data not found (\(path))")
        return nil
    }

    static var nb201CSV: String? { path("nasbench201/nats_tss_test_accuracy_200ep.csv") }
    static var nb101CSV: String? { path("nasbench101/nasbench101_cifar10_108ep.csv.gz") }

    /// The NAS-Bench-201 CIFAR-10 benchmark, loaded once per test process (nil when the data is absent).
    static let nb201Cifar10: Benchmark? = nb201CSV.map { try! Benchmark.loadNASBench201CSV(path: $0) }

    /// A temporary file with `text`; removed by the caller.
    static func temporaryFile(_ text: String, suffix: String) -> String {
        let path = NSTemporaryDirectory() + "nasbench-test-\(UUID().uuidString)\(suffix)"
        precondition(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)), "cannot write the temporary file \(path)")
        return path
    }
}

/// The first `count` data lines (plus the header) of a (possibly gzip) text file.
func headLines(_ path: String, count: Int) throws -> [String] {
    let reader = try LineReader(path: path)
    var lines: [String] = []
    while lines.count <= count, let line = try reader.nextLine({ String(decoding: $0, as: UTF8.self) }) { lines.append(line) }
    return lines
}

/// Exact isomorphism test for small labelled DAGs (backtracking with label and degree pruning).
func isIsomorphic(_ a: Cell, _ b: Cell) -> Bool {
    let n = a.nodeCount
    guard n == b.nodeCount, a.edgeCount == b.edgeCount else { return false }
    func signature(_ c: Cell, _ v: Int) -> [Int] { [c.labels[v], c.predecessors(of: v).count, c.successors(of: v).count] }
    let sa = (0..<n).map { signature(a, $0) }, sb = (0..<n).map { signature(b, $0) }
    guard sa.sorted(by: { $0.lexicographicallyPrecedes($1) }) == sb.sorted(by: { $0.lexicographicallyPrecedes($1) }) else { return false }
    var map = [Int](repeating: -1, count: n)
    var used = [Bool](repeating: false, count: n)
    func extend(_ v: Int) -> Bool {
        if v == n { return true }
        for w in 0..<n where !used[w] && sa[v] == sb[w] {
            var ok = true
            for u in 0..<v where a.hasEdge(u, v) != b.hasEdge(map[u], w) || a.hasEdge(v, u) != b.hasEdge(w, map[u]) { ok = false; break }
            if !ok { continue }
            map[v] = w; used[w] = true
            if extend(v + 1) { return true }
            used[w] = false
        }
        return false
    }
    return extend(0)
}

/// A random topological relabelling of `cell` (Kahn's algorithm choosing uniformly among ready
/// nodes), so the result is again strictly upper triangular; input stays first and output last
/// for pruned cells.
func randomTopologicalRelabel(_ cell: Cell, using rng: inout SplitMix64) -> Cell {
    let n = cell.nodeCount
    var indegree = (0..<n).map { cell.predecessors(of: $0).count }
    var ready = (0..<n).filter { indegree[$0] == 0 }
    var order: [Int] = []
    while !ready.isEmpty {
        let v = ready.remove(at: rng.below(ready.count))
        order.append(v)
        for w in cell.successors(of: v) { indegree[w] -= 1; if indegree[w] == 0 { ready.append(w) } }
    }
    precondition(order.count == n)
    return cell.reordered(order)
}

/// A random cell on `n` nodes: each forward edge with probability `p`, random middle labels.
func randomCell(nodes n: Int, operations k: Int, edgeProbability p: Double, using rng: inout SplitMix64) -> Cell {
    var flat = [Bool](repeating: false, count: n * n)
    for i in 0..<n { for j in (i + 1)..<max(i + 1, n) where Double(rng.next() >> 11) / Double(1 << 53) < p { flat[i * n + j] = true } }
    let labels = [Cell.inputLabel] + (0..<max(0, n - 2)).map { _ in rng.below(k) } + [Cell.outputLabel]
    return Cell(nodeCount: n, adjacency: flat, labels: labels)
}
