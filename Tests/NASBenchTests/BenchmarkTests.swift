import Foundation
import Testing
@testable import NASBench

@Suite struct NASBench201TableTests {
    @Test func goldenFacts() throws {
        guard let path = TestData.nb201CSV else { return }
        let expected: [(String, Double)] = [("cifar10", 94.37), ("cifar100", 73.51), ("ImageNet16-120", 47.31)]
        for (dataset, best) in expected {
            let benchmark = dataset == "cifar10" ? TestData.nb201Cifar10! : try Benchmark.load(space: "nb201", path: path, dataset: dataset)
            #expect(benchmark.rowsRead == 15_625)
            #expect(benchmark.records.count == 15_284)
            #expect(benchmark.rejected.count == 341)
            #expect(benchmark.classes.count == 5_256)
            #expect(abs(benchmark.records.map { $0.metrics[benchmark.objectiveName]! }.max()! - best) < 0.005)
            #expect(benchmark.classes.count(where: { $0.memberCount > 1 }) > 0)
            #expect(abs(benchmark.classes.last!.top - 100) < 1e-9)
            #expect(zip(benchmark.classes, benchmark.classes.dropFirst()).allSatisfy { $0.objective >= $1.objective })
            // Every record is found, in any topological node order.
            var rng = SplitMix64(seed: 3)
            for (i, record) in benchmark.records.enumerated() where i % 40 == 0 {
                let k = try #require(benchmark.classIndex(of: record.cell))
                #expect(benchmark.classIndex(of: randomTopologicalRelabel(record.cell, using: &rng)) == k)
            }
        }
        let noskip = try Benchmark.load(space: "nb201-noskip", path: path, dataset: "cifar10")
        #expect(noskip.classes.count == 8_764)
    }

    @Test func hashesSeparateNonIsomorphicGraphs() throws {
        guard let benchmark = TestData.nb201Cifar10 else { return }
        // Same hash ⇒ isomorphic: every member is isomorphic to its class's representative.
        for c in benchmark.classes {
            for m in c.members { #expect(isIsomorphic(benchmark.records[m].cell, c.cell)) }
        }
        // Different hash ⇒ not isomorphic: compare classes that agree on every cheap invariant.
        var groups: [[Int]: [Int]] = [:]
        for (k, c) in benchmark.classes.enumerated() {
            let cell = c.cell
            let invariant = [cell.nodeCount, cell.edgeCount] + (0..<cell.nodeCount)
                .map { cell.labels[$0] * 100 + cell.predecessors(of: $0).count * 10 + cell.successors(of: $0).count }.sorted()
            groups[invariant, default: []].append(k)
        }
        var pairs = 0
        for members in groups.values where members.count > 1 {
            for a in 0..<members.count { for b in (a + 1)..<members.count {
                pairs += 1
                #expect(!isIsomorphic(benchmark.classes[members[a]].cell, benchmark.classes[members[b]].cell))
            } }
        }
        print("nb201: \(benchmark.classes.count) classes, \(pairs) same-invariant pairs checked non-isomorphic")
    }
}

@Suite struct BenchmarkBehaviourTests {
    /// A small benchmark over a custom space: chain cells with one op, objective = node count.
    static func small() throws -> Benchmark {
        let space = try CustomSpace(name: "toy", operations: ["a", "b"], maxNodes: 6, maxEdges: nil)
        var records: [BenchmarkRecord] = []
        for n in 2...6 {
            for op in 0..<2 {
                let flat = (0..<(n * n)).map { $0 % n == $0 / n + 1 }
                let labels = [Cell.inputLabel] + [Int](repeating: op, count: n - 2) + [Cell.outputLabel]
                records.append(BenchmarkRecord(cell: Cell(nodeCount: n, adjacency: flat, labels: labels),
                                               metrics: ["acc": Double(n) + Double(op) / 10]))
            }
        }
        // A duplicate (same graph) with another value: the class averages its members.
        records.append(BenchmarkRecord(cell: records[4].cell, metrics: ["acc": 0]))
        // An invalid record: output unreachable.
        records.append(BenchmarkRecord(cell: Cell(nodeCount: 3, adjacency: [false, true, false, false, false, false, false, false, false], labels: [-1, 0, -2]), metrics: ["acc": 99]))
        return try Benchmark(name: "toy", space: space, records: records, objective: "acc")
    }

    @Test func classesAndTop() throws {
        let b = try Self.small()
        #expect(b.rejected.count == 1)
        #expect(b.rowsRead == 12)
        // n = 2 cells: both ops give the same graph (no middle node).
        #expect(b.classes.count == 9)
        #expect(b.classes[0].objective == 6.1)
        #expect(abs(b.classes[0].top - 100.0 / 9) < 1e-9)
        let dup = try #require(b.classIndex(of: b.records[4].cell))
        #expect(b.classes[dup].memberCount == 2)
        #expect(abs(b.classes[dup].objective - 2) < 1e-9)
        #expect(b.classIndex(of: b.records[11].cell) == nil)
    }

    @Test func splitIsSeededAndFollowsMethod() throws {
        let b = try Self.small()
        let s1 = b.split(topRemoved: 30, complexity: 1, seed: 9)
        let s2 = b.split(topRemoved: 30, complexity: 1, seed: 9)
        #expect(s1 == s2)
        #expect(s1.withheld == b.classes.indices.filter { b.classes[$0].top <= 30 })
        #expect(Set(s1.training).isDisjoint(with: s1.test) && Set(s1.training).isDisjoint(with: s1.withheld))
        #expect(s1.training.count + s1.test.count + s1.withheld.count == b.classes.count)
        #expect(s1.test.count == Int((Double(b.classes.count - s1.withheld.count) * 0.25).rounded(.up)))
        let half = b.split(topRemoved: 50, complexity: 0.5, seed: 1)
        #expect(half.withheld.count == 2)  // 4 classes with top ≤ 50 (rounded half of them)
        let none = b.split(topRemoved: 10, complexity: 0, seed: 1)
        #expect(none.withheld.isEmpty)
        var differs = false
        for seed in 0..<20 where b.split(seed: UInt64(seed)).training != s1.training { differs = true }
        #expect(differs)
    }

    @Test func realTableSplit() throws {
        guard let b = TestData.nb201Cifar10 else { return }
        let s = b.split(topRemoved: 10, complexity: 1, seed: 0)
        #expect(s.withheld.count == b.classes.count(where: { $0.top <= 10 }))
        #expect(s.withheld.count == 525)
        #expect(s.training.count + s.test.count == b.classes.count - 525)
        #expect(s.training.allSatisfy { b.classes[$0].top > 10 })
    }

    @Test func jsonLinesRoundTrip() throws {
        let b = try Self.small()
        let path = TestData.temporaryFile(Benchmark.jsonLines(of: b.records, space: b.space), suffix: ".jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let again = try Benchmark.loadJSONLines(path: path, space: b.space, objectiveColumn: "acc")
        #expect(again.records == b.records)
        #expect(again.classes.map(\.hash) == b.classes.map(\.hash))
    }

    @Test func customSpaceFromJSON() throws {
        let space = try CustomSpace(json: Data(#"{"name": "mine", "operations": ["x", "y"], "maxNodes": 5, "maxEdges": 6}"#.utf8))
        #expect(space.operations == ["x", "y"] && space.maxEdges == 6)
        #expect(throws: NotationError.self) { try CustomSpace(json: Data(#"{"name": "m", "operations": [], "maxNodes": 5}"#.utf8)) }
        #expect(throws: NotationError.self) { try CustomSpace(json: Data(#"{"name": "m", "operations": ["x"]}"#.utf8)) }
        // A huge space is refused up front instead of allocating gigabytes in the generator.
        #expect { try CustomSpace(json: Data(#"{"name": "m", "operations": ["x"], "maxNodes": 100000}"#.utf8)) }
            throws: { ($0 as? NotationError)?.field == "maxNodes" }
        #expect(throws: (any Error).self) { try SearchSpaces.named("nb999") }
        #expect(try SearchSpaces.named("nb201").name == "nb201")
        #expect(try SearchSpaces.named("nb201-noskip").operations.count == 4)
    }
}
