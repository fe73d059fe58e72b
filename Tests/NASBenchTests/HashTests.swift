import Foundation
import Testing
@testable import NASBench

@Suite struct MD5Tests {
    @Test func knownVectors() {
        #expect(MD5.hex("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.hex("abc") == "900150983cd24fb0d6963f7d28e17f72")
        #expect(MD5.hex("The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6")
        #expect(MD5.hex("12345678901234567890123456789012345678901234567890123456789012345678901234567890") == "57edf4a22be3c955ac49da2e2107b67a")
        // Lengths around the 55/56/64-byte padding boundaries.
        #expect(MD5.hex(String(repeating: "a", count: 55)) == "ef1772b6dff9a122358552954ad0df65")
        #expect(MD5.hex(String(repeating: "a", count: 56)) == "3b0c8ac703f828b04c6c197006d17218")
        #expect(MD5.hex(String(repeating: "a", count: 64)) == "014842d480b571495a4a0363793f7367")
    }

    @Test func digestOrderMatchesHexOrder() {
        let digests = (0..<200).map { MD5.digest("x\($0)") }
        #expect(digests.sorted().map(\.hex) == digests.map(\.hex).sorted())
    }
}

@Suite struct NASBench101HashTests {
    let space = NASBench101Space()

    /// The Inception-like cell of the official README.
    static let inception = Cell(
        adjacency: [[0, 1, 1, 1, 0, 1, 0], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 1, 0, 0],
                    [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 0]],
        labels: [-1, 0, 1, 0, 0, 2, -2])

    @Test func officialExamples() {
        #expect(space.canonicalHash(of: Self.inception).hasPrefix("28cfc787"))
        // Row 0 of the table.
        let rows = "0100110001000000010010000010000001000000010000000".map { $0 == "1" ? 1 : 0 }
        let cell = Cell(adjacency: (0..<7).map { Array(rows[($0 * 7)..<($0 * 7 + 7)]) }, labels: [-1, 0, 2, 0, 0, 1, -2])
        #expect(space.canonicalHash(of: cell) == "00005c142e6f48ac74fdcf73e3439874")
        #expect(iterativeGraphHash(of: cell) == "00005c142e6f48ac74fdcf73e3439874")
    }

    @Test func sampleOfTableMatchesHashColumn() throws {
        guard let path = TestData.nb101CSV else { return }
        let lines = try headLines(path, count: 2_000)
        let sample = TestData.temporaryFile(lines.joined(separator: "\n") + "\n", suffix: ".csv")
        defer { try? FileManager.default.removeItem(atPath: sample) }
        let benchmark = try Benchmark.loadNASBench101CSV(path: sample, trustHashColumn: false)
        #expect(benchmark.records.count == 2_000)
        #expect(benchmark.rejected.isEmpty)
        var mismatches = 0
        for (i, record) in benchmark.records.enumerated() {
            let k = try #require(benchmark.classOfRecord[i])
            if benchmark.classes[k].hash != record.identifier { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(benchmark.classes.count == 2_000)
        #expect(benchmark.records[0].identifier == "00005c142e6f48ac74fdcf73e3439874")
        #expect(abs(benchmark.records[0].metrics["test_accuracy"]! - 0.92117) < 1e-5)
    }

    @Test func unprunedCellHashesAsItsPrunedForm() {
        // Node 2 is a dead end (no path to the output): pruning removes it.
        let raw = Cell(adjacency: [[0, 1, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]], labels: [-1, 0, 1, -2])
        let pruned = raw.pruned()!
        #expect(pruned.nodeCount == 3)
        #expect(space.canonicalHash(of: raw) == space.canonicalHash(of: pruned))
        #expect(space.invalidity(of: raw) != nil)
        #expect(space.invalidity(of: pruned) == nil)
    }
}

@Suite struct HashPropertyTests {
    @Test func invariantUnderTopologicalRelabelling() {
        var rng = SplitMix64(seed: 42)
        var checked = 0
        while checked < 300 {
            let n = 3 + rng.below(6)
            guard let cell = randomCell(nodes: n, operations: 3, edgeProbability: 0.5, using: &rng).pruned() else { continue }
            let hash = iterativeGraphHash(of: cell)
            for _ in 0..<3 {
                let relabelled = randomTopologicalRelabel(cell, using: &rng)
                #expect(relabelled.isUpperTriangular)
                #expect(relabelled.labels.first == Cell.inputLabel && relabelled.labels.last == Cell.outputLabel)
                #expect(iterativeGraphHash(of: relabelled) == hash)
            }
            checked += 1
        }
    }

    @Test func pruningIsIdempotent() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let cell = randomCell(nodes: 2 + rng.below(7), operations: 4, edgeProbability: 0.35, using: &rng)
            if let once = cell.pruned() {
                #expect(once.pruned() == once)
                #expect(once.isUpperTriangular)
                // A pruned cell breaks no structural rule but the node and edge limits.
                #expect(once.invalidity(operationCount: 4, maxNodes: 100, maxEdges: nil) == nil)
            }
        }
    }

    @Test func pruningReordersNonTopologicalCells() {
        // 0 → 2 → 1 → 3 written out of order: pruning returns it in topological order.
        let cell = Cell(adjacency: [[0, 0, 1, 0], [0, 0, 0, 1], [0, 1, 0, 0], [0, 0, 0, 0]], labels: [-1, 0, 1, -2])
        let pruned = cell.pruned()!
        #expect(pruned.isUpperTriangular)
        #expect(pruned.labels == [-1, 1, 0, -2])
        #expect(iterativeGraphHash(of: pruned) == iterativeGraphHash(of: cell))
        // A cycle cannot be pruned into a valid graph.
        let cyclic = Cell(adjacency: [[0, 1, 0, 0], [0, 0, 1, 0], [0, 1, 0, 1], [0, 0, 0, 0]], labels: [-1, 0, 1, -2])
        #expect(cyclic.pruned() == nil)
    }

    @Test func validityReasons() {
        let space = NASBench101Space()
        let ok = Cell(adjacency: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], labels: [-1, 2, -2])
        #expect(space.invalidity(of: ok) == nil)
        #expect(space.invalidity(of: Cell(adjacency: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], labels: [-1, 3, -2]))?.reason.contains("operation index") == true)
        #expect(space.invalidity(of: Cell(adjacency: [[0, 1, 0], [0, 0, 0], [0, 0, 0]], labels: [-1, 0, -2])) != nil)
        #expect(space.invalidity(of: Cell(adjacency: [[0, 1, 0], [0, 0, 1], [0, 1, 0]], labels: [-1, 0, -2]))?.reason.contains("backwards") == true)
        #expect(space.invalidity(of: Cell(adjacency: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], labels: [0, 0, -2]))?.reason.contains("input") == true)
        let full8 = Cell(nodeCount: 8, adjacency: (0..<64).map { $0 / 8 < $0 % 8 }, labels: [-1, 0, 0, 0, 0, 0, 0, -2])
        #expect(space.invalidity(of: full8)?.reason.contains("limit of 7") == true)
        let full7 = Cell(nodeCount: 7, adjacency: (0..<49).map { $0 / 7 < $0 % 7 }, labels: [-1, 0, 0, 0, 0, 0, -2])
        #expect(space.invalidity(of: full7)?.reason.contains("edges exceed") == true)
    }
}
