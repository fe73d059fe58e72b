import Testing
@testable import NASBench

/// The degree/label pre-filter of `Benchmark.classIndex(of:)` must never turn away a member.
@Suite struct LookUpFilterTests {
    /// A benchmark of random cells of a custom space (iterative graph hash), some duplicated.
    static func randomBenchmark() throws -> Benchmark {
        let space = try CustomSpace(name: "toy", operations: ["a", "b", "c"], maxNodes: 7, maxEdges: 9)
        var rng = SplitMix64(seed: 11)
        var records: [BenchmarkRecord] = []
        while records.count < 600 {
            let cell = randomCell(nodes: 3 + rng.below(5), operations: 3, edgeProbability: 0.5, using: &rng)
            guard space.isValid(cell) else { continue }
            records.append(BenchmarkRecord(cell: cell, metrics: ["acc": Double(rng.below(1000))]))
        }
        return try Benchmark(name: "toy", space: space, records: records, objective: "acc")
    }

    @Test func filteredLookUpEqualsHashing() throws {
        let b = try Self.randomBenchmark()
        var rng = SplitMix64(seed: 12)
        var found = 0, absent = 0
        // Members in other node orders, and random cells (mostly absent or invalid).
        let relabelled = b.classes.map { randomTopologicalRelabel($0.cell, using: &rng) }
        let others = (0..<3000).map { _ in randomCell(nodes: 2 + rng.below(6), operations: 3, edgeProbability: 0.4, using: &rng) }
        for cell in relabelled + others {
            let expected: Int?
            if case .success(let pruned) = b.space.prunedValidCell(cell) {
                expected = b.classIndex(ofHash: b.space.canonicalHash(of: pruned))
            } else {
                expected = nil
            }
            #expect(b.classIndex(of: cell) == expected)
            if expected == nil { absent += 1 } else { found += 1 }
        }
        #expect(found >= b.classes.count && absent > 100)
    }

    @Test func signatureIsInvariantUnderRelabelling() throws {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<200 {
            let cell = randomCell(nodes: 2 + rng.below(7), operations: 3, edgeProbability: 0.5, using: &rng)
            guard let pruned = cell.pruned() else { continue }
            #expect(randomTopologicalRelabel(pruned, using: &rng).degreeLabelSignature == pruned.degreeLabelSignature)
        }
    }
}
