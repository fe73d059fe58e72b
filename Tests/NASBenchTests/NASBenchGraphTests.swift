import Foundation
import Testing
@testable import NASBench

@Suite struct NASBenchGraphSpaceTests {
    let space = NASBenchGraphSpace()

    @Test func cellOfArchitecture() throws {
        // Figure of the package's README: node 1 ← input, 2 ← 1, 3 ← 2, 4 ← 1; leaves 3 and 4 feed the output.
        let cell = try space.cell(link: [0, 1, 2, 1], ops: ["gcn", "gin", "fc", "cheb"])
        #expect(cell.nodeCount == 6)
        #expect(cell.labels == [Cell.inputLabel, 1, 2, 7, 3, Cell.outputLabel])
        #expect(cell.adjacencyRows == [
            [0, 1, 0, 0, 0, 0],
            [0, 0, 1, 0, 1, 0],
            [0, 0, 0, 1, 0, 0],
            [0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 1],
            [0, 0, 0, 0, 0, 0],
        ])
        #expect(space.invalidity(of: cell) == nil)
        let arch = try #require(space.architecture(of: cell))
        #expect(arch.link == [0, 1, 2, 1])
        #expect(arch.ops == ["gcn", "gin", "fc", "cheb"])
        let flat = try space.cell(link: [0, 0, 0, 0], ops: ["gat", "gat", "skip", "fc"])
        #expect(flat.edgeCount == 8)
        #expect(flat.predecessors(of: 5) == [1, 2, 3, 4])
    }

    @Test func rejectsBadArchitectures() {
        #expect(throws: NASBenchGraphError.self) { try space.cell(link: [0, 0, 0], ops: ["gcn", "gcn", "gcn"]) }
        #expect(throws: NASBenchGraphError.self) { try space.cell(link: [0, 2, 0, 0], ops: ["gcn", "gcn", "gcn", "gcn"]) }
        #expect(throws: NASBenchGraphError.self) { try space.cell(link: [0, 0, 0, 0], ops: ["gcn", "conv", "gcn", "gcn"]) }
    }

    @Test func invalidCells() throws {
        let good = try space.cell(link: [0, 1, 1, 2], ops: ["gcn", "gat", "sage", "fc"])
        #expect(space.isValid(good))
        var twoInputs = good
        twoInputs.setEdge(0, 2, true)
        #expect(space.invalidity(of: twoInputs)?.reason == "computing node 2 has 2 inputs, expected exactly 1")
        var leafNotOut = good
        leafNotOut.setEdge(3, 5, false)
        #expect(space.invalidity(of: leafNotOut)?.reason == "computing node 3 feeds no computing node and must feed the output")
        var innerToOut = good
        innerToOut.setEdge(1, 5, true)
        #expect(space.invalidity(of: innerToOut)?.reason == "computing node 1 feeds another computing node and must not feed the output")
        var direct = good
        direct.setEdge(0, 5, true)
        #expect(space.invalidity(of: direct)?.reason == "the input may not feed the output directly")
        let allSkip = try space.cell(link: [0, 1, 2, 3], ops: ["skip", "skip", "skip", "skip"])
        #expect(space.invalidity(of: allSkip) != nil)
        let small = Cell(adjacency: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], labels: [-1, 0, -2])
        #expect(space.invalidity(of: small)?.reason.contains("6 nodes") == true)
        var badLabel = good
        badLabel.labels[2] = 9
        #expect(space.invalidity(of: badLabel) != nil)
    }

    @Test func hashIgnoresNodeOrder() throws {
        // Node 2 and node 3 swapped: the same graph written in another order.
        let a = try space.cell(link: [0, 1, 1, 2], ops: ["gcn", "gat", "sage", "fc"])
        let b = try space.cell(link: [0, 1, 1, 3], ops: ["gcn", "sage", "gat", "fc"])
        #expect(a != b)
        #expect(space.canonicalHash(of: a) == space.canonicalHash(of: b))
        let c = try space.cell(link: [0, 1, 1, 2], ops: ["gcn", "sage", "gat", "fc"])
        #expect(space.canonicalHash(of: a) != space.canonicalHash(of: c))
    }

    /// Every valid graph of the space: 24 link lists × 9⁴ operations, less the all-skip ones.
    @Test func everyValidGraphResolves() throws {
        let index = try NASBenchGraphIndex(dataset: "cora")
        #expect(index.resolvableGraphCount == NASBenchGraphData.architectureCount + NASBenchGraphData.aliasCount)
        var checked = 0
        for l1 in 0...1 { for l2 in 0...2 { for l3 in 0...3 {
            for code in stride(from: 0, to: 6561, by: 7) {  // a spread-out sample of operation tuples
                let ops = [code / 729, code / 81 % 9, code / 9 % 9, code % 9]
                if ops.allSatisfy({ $0 == 8 }) { continue }
                let cell = space.cell(link: [0, l1, l2, l3], operations: ops)
                #expect(space.isValid(cell))
                #expect(index.record(for: cell) != nil, "\([0, l1, l2, l3]) \(ops)")
                checked += 1
            }
        } } }
        #expect(checked > 20_000)
    }
}

@Suite struct NASBenchGraphDataTests {
    @Test func availableDatasets() throws {
        #expect(try NASBenchGraphData.availableDatasets() == ["cora", "citeseer", "pubmed"])
        #expect(throws: NASBenchGraphError.unknownDataset("proteins", available: ["cora", "citeseer", "pubmed"])) {
            try NASBenchGraphData.load(dataset: "proteins")
        }
    }

    @Test func loadsEveryDataset() throws {
        let space = NASBenchGraphSpace()
        for dataset in try NASBenchGraphData.availableDatasets() {
            let records = try NASBenchGraphData.load(dataset: dataset)
            #expect(records.count == 26_206)
            #expect(records.allSatisfy { space.isValid($0.cell) })
            #expect(Set(records.map(\.id)).count == 26_206)
            #expect(Set(records.map { space.canonicalHash(of: $0.cell) }).count == 26_206, "distinct graphs")
            #expect(records.allSatisfy { NASBenchGraphSpace.linkPatterns.contains($0.link) })
            #expect(records.allSatisfy { (0...1).contains($0.validAccuracy) && (0...1).contains($0.testAccuracy) && $0.parameters > 0 })
        }
    }

    /// Values printed by the Python package (`light_read(d)[key]`), to the table's rounding.
    @Test func rowsMatchThePackage() throws {
        struct Expected { let key: Int; let valid, test, latency: Double; let params: Int }
        let expected: [String: [Expected]] = [
            "cora": [
                Expected(key: 0, valid: 0.7733333333333334, test: 0.797, latency: 0.005922238032023112, params: 1_736_711),
                Expected(key: 10000, valid: 0.7993333333333333, test: 0.8143333333333334, latency: 0.004977862040201823, params: 1_369_863),
                Expected(key: 88887, valid: 0.584, test: 0.5743333333333333, latency: 0.0004425843556722005, params: 436_743),
            ],
            "citeseer": [
                Expected(key: 20000, valid: 0.7086666666666667, test: 0.6806666666666666, latency: 0.005749305089314778, params: 2_230_534),
            ],
            "pubmed": [
                Expected(key: 0, valid: 0.7793333333333333, test: 0.7690000000000001, latency: 0.005223989486694336, params: 260_099),
                Expected(key: 88887, valid: 0.7373333333333333, test: 0.7359999999999999, latency: 0.0003833770751953125, params: 65_539),
            ],
        ]
        for (dataset, rows) in expected {
            let byId = Dictionary(uniqueKeysWithValues: try NASBenchGraphData.load(dataset: dataset).map { ($0.id, $0) })
            for row in rows {
                let r = try #require(byId[row.key])
                #expect(abs(r.validAccuracy - row.valid) <= 5e-7, "\(dataset) \(row.key)")
                #expect(abs(r.testAccuracy - row.test) <= 5e-7, "\(dataset) \(row.key)")
                #expect(abs(r.latency - row.latency) <= row.latency * 1e-5, "\(dataset) \(row.key)")
                #expect(r.parameters == row.params, "\(dataset) \(row.key)")
                #expect(r.metrics["parameters"] == Double(row.params))
            }
        }
        let cora = try NASBenchGraphData.load(dataset: "cora")
        let first = try #require(cora.first)
        #expect(first.link == [0, 0, 0, 0] && first.ops == ["gat", "gat", "gat", "gat"])
        // Best test performance on Cora: key 77016, 0.8313333…; best validation 0.8193333… (keys 83102 and
        // 87072, equal up to floating-point noise in the package).
        #expect(cora.max { $0.testAccuracy < $1.testAccuracy }?.id == 77016)
        let bestValid = try #require(cora.map(\.validAccuracy).max())
        #expect(abs(bestValid - 0.8193333333333334) <= 5e-7)
        #expect(cora.filter { $0.validAccuracy == bestValid }.map(\.id) == [83102, 87072])
    }

    @Test func aliasesResolveAsThePackageDoes() throws {
        let index = try NASBenchGraphIndex(dataset: "cora")
        let space = NASBenchGraphSpace()
        // Arch(link, ops).valid_hash() of the package for unlisted or reordered graphs.
        let cases: [([Int], [String], Int)] = [
            ([0, 0, 0, 1], ["gat", "gat", "gat", "skip"], 58000),
            ([0, 1, 2, 3], ["skip", "skip", "gcn", "gcn"], 88811),
            ([0, 1, 2, 1], ["gcn", "gin", "fc", "cheb"], 61237),
            ([0, 1, 1, 2], ["gcn", "cheb", "gin", "fc"], 61327),
        ]
        for (link, ops, key) in cases {
            #expect(index.record(for: try space.cell(link: link, ops: ops))?.id == key, "\(link) \(ops)")
        }
        #expect(try NASBenchGraphData.loadAliases().count == NASBenchGraphData.aliasCount)
        let invalid = Cell(adjacency: [[0, 1, 0], [0, 0, 1], [0, 0, 0]], labels: [-1, 0, -2])
        #expect(index.record(for: invalid) == nil)
    }

    @Test func malformedRowsAreReported() {
        let header = "arch_id\tlink\tops\tcora.valid\tcora.test\tcora.latency\tcora.params\n"
        func error(_ row: String) -> String? {
            do {
                _ = try NASBenchGraphData.parse(Data((header + row).utf8), dataset: "cora", file: "t.tsv")
                return nil
            } catch { return "\(error)" }
        }
        #expect(error("0\t0,0,0,0\tgat,gat,gat,gat\t0.5\t0.5\t0.001\t10\n") == nil)
        #expect(error("0\t0,0,0,0\tgat,gat,gat,gat\t0.5\t0.5\t0.001\n") == "t.tsv: line 2: row: 6 columns, expected 7")
        #expect(error("0\t0,0,4,0\tgat,gat,gat,gat\t0.5\t0.5\t0.001\t10\n")?.hasPrefix("t.tsv: line 2: link:") == true)
        #expect(error("0\t0,0,0,0\tgat,gat,gat,conv\t0.5\t0.5\t0.001\t10\n")?.hasPrefix("t.tsv: line 2: ops:") == true)
        #expect(error("0\t0,0,0,0\tgat,gat,gat,gat\tx\t0.5\t0.001\t10\n") == "t.tsv: line 2: cora.valid: 'x' is not a number")
        #expect(error("0\t0,0,0,0\tgat,gat,gat,gat\t0.5\t0.5\t0.001\t1.5\n")?.hasPrefix("t.tsv: line 2: cora.params:") == true)
        #expect(throws: NASBenchGraphError.self) { try NASBenchGraphData.parse(Data(), dataset: "cora", file: "e.tsv") }
    }
}

@Suite struct NASBenchGraphBenchmarkTests {
    @Test func embeddedDefaultBenchmark() throws {
        let benchmark = try Benchmark.embeddedDefault()
        #expect(benchmark.name == "nbgraph-cora")
        #expect(benchmark.records.count == 26_206)
        #expect(benchmark.rejected.isEmpty)
        #expect(benchmark.classes.count == 26_206)
        #expect(benchmark.objectiveName == "validation_accuracy")
        #expect(abs(benchmark.classes[0].objective - 0.819333) < 1e-9)
        let pubmed = try Benchmark.embeddedDefault(dataset: "pubmed", objective: "test_accuracy")
        #expect(pubmed.records[benchmark.classes[0].members[0]].identifier == benchmark.records[benchmark.classes[0].members[0]].identifier)
        #expect(abs(pubmed.classes[0].objective - 0.786) < 1e-9)
        #expect(pubmed.records.allSatisfy { $0.footprint == $0.metrics["parameters"] })
        #expect(throws: NASBenchGraphError.self) { try Benchmark.embeddedDefault(dataset: "arxiv") }
    }
}
