import Testing
@testable import GNN2GNN
import NASBench
import TensorCore

@Suite struct RefinementTests {
    @Test func keepsOnlyNodesOnInputToOutputPaths() {
        // 0→1→3, 0→2 (2 is a dead end), 4 unreachable; n = 5, output is 4 ... wired via 3→4.
        let edges: Set<[Int]> = [[0, 1], [1, 3], [0, 2], [3, 4]]
        let r = RefinedCell(nodeCount: 5, operations: [9, 0, 1, 2, 9]) { edges.contains([$0, $1]) }
        #expect(r.survivingNodes == [0, 1, 3, 4])
        #expect(r.cell.labels == [Cell.inputLabel, 0, 2, Cell.outputLabel])
        #expect(r.cell.adjacencyRows == [[0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 0, 0]])
        #expect(!r.wiredDirectly)
    }

    @Test func wiresInputToOutputWhenNothingConnectsThem() {
        let r = RefinedCell(nodeCount: 4, operations: [0, 1, 2, 0]) { i, j in i == 0 && j == 1 }
        #expect(r.wiredDirectly)
        #expect(r.cell.nodeCount == 2 && r.cell.hasEdge(0, 1))
        #expect(r.survivingNodes == [0, 3])
    }

    @Test func directEdgeAloneSurvivesWithoutMiddleNodes() {
        let r = RefinedCell(nodeCount: 4, operations: [0, 1, 2, 0]) { i, j in (i, j) == (0, 3) || (i, j) == (1, 2) }
        #expect(r.survivingNodes == [0, 3] && !r.wiredDirectly)
    }

    @Test func refinedCellsAreAlwaysValidDAGs() throws {
        // Property: whatever the edge choices, the refined cell is valid in a space without an edge limit.
        let space = try CustomSpace(name: "p", operations: ["a", "b"], maxNodes: 7, maxEdges: nil)
        var random = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let p = random.nextFloat()
            let choices = (0..<49).map { _ in random.nextFloat() < p }
            let ops = (0..<7).map { _ in random.int(below: 2) }
            let r = RefinedCell(nodeCount: 7, operations: ops) { choices[$0 * 7 + $1] }
            #expect(space.invalidity(of: r.cell) == nil, "\(r.cell.adjacencyRows)")
            // Pruning a refined cell changes nothing.
            #expect(r.cell.pruned() == r.cell)
        }
    }
}

@Suite struct GeneratorTests {
    @Test func generatedCellsAreValidAndEncodingMatchesTheCells() throws {
        let space = try CustomSpace(name: "g", operations: ["a", "b", "c"], maxNodes: 6, maxEdges: nil)
        var random = SeededGenerator(seed: 1)
        let generator = Generator(nodeCount: 6, operationCount: 3, hiddenSize: 12, layers: 2, temperature: 0.1, using: &random)
        let tape = Tape()
        let sample = generator.sample(count: 64, generator.parameters.bind(to: tape), using: &random)
        #expect(sample.cells.allSatisfy { space.isValid($0) })
        for edgeGradients in [false, true] {
            let encoded = sample.encoded(edgeGradients: edgeGradients)
            let reference = EncodedCells(sample.cells, operationCount: 3)
            #expect(encoded.features.value == reference.features)
            #expect(encoded.graph.graphIndex == reference.graph.graphIndex)
            if edgeGradients {
                // Every edge of the cells is present with weight 1; the others weigh 0.
                let weights = encoded.edgeWeights!.value.scalars
                let kept = zip(zip(encoded.graph.sources, encoded.graph.targets), weights).filter { $0.1 == 1 }.map { [$0.0.0, $0.0.1] }
                #expect(kept == zip(reference.graph.sources, reference.graph.targets).map { [$0, $1] })
                #expect(weights.allSatisfy { $0 == 0 || $0 == 1 })
            } else {
                #expect(encoded.graph == reference.graph)
            }
        }
    }

    @Test func sameSeedSameCells() {
        func cells(_ seed: UInt64) -> [Cell] {
            var random = SeededGenerator(seed: seed)
            let generator = Generator(nodeCount: 7, operationCount: 3, hiddenSize: 8, layers: 1, temperature: 0.1, using: &random)
            let tape = Tape()
            return generator.sample(count: 20, generator.parameters.bind(to: tape), using: &random).cells
        }
        #expect(cells(5) == cells(5))
        #expect(cells(5) != cells(6))
    }

    /// The generator's parameters receive the gradient of the discriminator's output through the
    /// straight-through operation and edge choices; checked against finite differences on the relaxed
    /// (soft) sample with fixed noise, where the function is smooth.
    @Test(arguments: [false, true])
    func gradientsReachTheGeneratorParameters(edgeGradients: Bool) {
        var random = SeededGenerator(seed: 2)
        let generator = Generator(nodeCount: 5, operationCount: 3, hiddenSize: 6, layers: 1, temperature: 1, using: &random)
        let discriminator = Discriminator(featureCount: 5, using: &random)
        let count = generator.parameters.tensors.count
        let check = GradientCheck(step: 1e-3, absoluteTolerance: 3e-3, relativeTolerance: 3e-2).check(generator.parameters.tensors) { v in
            var noise = SeededGenerator(seed: 11)
            let tape = v[0].tape
            let sample = generator.sample(count: 3, BoundParameters(variables: Array(v.prefix(count))), hard: false, using: &noise)
            let input = sample.encoded(edgeGradients: edgeGradients)
            var dropout = SeededGenerator(seed: 12)
            tape.isTraining = false
            return discriminator.logits(input.features, graph: input.graph, edgeWeights: input.edgeWeights,
                                        discriminator.parameters.constants(on: tape), using: &dropout)
        }
        #expect(check.passed, "\(check)")
        // And the hard (straight-through) sample gives every generator tensor a non-zero gradient.
        let tape = Tape()
        let p = generator.parameters.bind(to: tape)
        var noise = SeededGenerator(seed: 13)
        let sample = generator.sample(count: 16, p, using: &noise)
        let input = sample.encoded(edgeGradients: edgeGradients)
        var dropout = SeededGenerator(seed: 14)
        let logits = discriminator.logits(input.features, graph: input.graph, edgeWeights: input.edgeWeights,
                                          discriminator.parameters.constants(on: tape), using: &dropout)
        tape.backward(from: logits.crossEntropy(targets: Array(repeating: 1, count: 16)))
        let norms = p.gradients().map { $0.scalars.reduce(0) { $0 + $1 * $1 } }
        let named = Dictionary(uniqueKeysWithValues: zip(generator.parameters.names, norms))
        #expect(named["generator.op_mapper.weight"]! > 0)
        #expect(named["generator.gcn1.weight"]! > 0)
        // The edge scorer gets gradient through the operation mapper's edge weights in both modes.
        #expect(named["generator.edge_scorer.weight"]! > 0)
    }
}

@Suite struct ProjectionTests {
    /// NAS-Bench-Graph's wiring is rigid (one input per computing node): the generator projects its
    /// raw DAGs onto the space, so every generated cell is a member, and what D and V read is that cell.
    @Test(arguments: [false, true])
    func generatedNASBenchGraphCellsAreMembersAndEncodedAsSuch(edgeGradients: Bool) {
        let space = NASBenchGraphSpace()
        var random = SeededGenerator(seed: 4)
        let generator = Generator(nodeCount: space.maxNodes, operationCount: space.operations.count, hiddenSize: 12,
                                  layers: 1, temperature: 0.1, space: space, using: &random)
        let tape = Tape()
        let sample = generator.sample(count: 64, generator.parameters.bind(to: tape), using: &random)
        // All-skip cells have no projection; they are the only invalid ones.
        for cell in sample.cells where !space.isValid(cell) {
            #expect(cell.labels.dropFirst().dropLast().allSatisfy { space.operations[$0] == "skip" } || cell.nodeCount < 6)
        }
        #expect(sample.cells.filter { space.isValid($0) }.count > 50)
        let encoded = sample.encoded(edgeGradients: edgeGradients)
        let reference = EncodedCells(sample.cells, operationCount: space.operations.count)
        #expect(encoded.features.value == reference.features)
        if let weights = encoded.edgeWeights?.value.scalars {
            let present = zip(zip(encoded.graph.sources, encoded.graph.targets), weights).filter { $0.1 == 1 }.map { [$0.0.0, $0.0.1] }
            #expect(present == zip(reference.graph.sources, reference.graph.targets).map { [$0, $1] })
            #expect(weights.allSatisfy { $0 == 0 || $0 == 1 })
        } else {
            #expect(encoded.graph == reference.graph)
        }
    }

    @Test func projectionKeepsTheLatestPredecessorAndFeedsUnusedNodesToTheOutput() {
        let space = NASBenchGraphSpace()
        // Node 1 ← 0; node 2 ← {0, 1} keeps 1; node 3 ← none → 0; node 4 ← {2, 3} keeps 3.
        var rows = [[Int]](repeating: [Int](repeating: 0, count: 6), count: 6)
        for (i, j) in [(0, 1), (0, 2), (1, 2), (2, 4), (3, 4), (0, 5)] { rows[i][j] = 1 }
        let dag = Cell(adjacency: rows, labels: [Cell.inputLabel, 0, 1, 2, 3, Cell.outputLabel])
        let cell = space.projected(dag)!
        #expect(cell == space.cell(link: [0, 1, 0, 3], operations: [0, 1, 2, 3]))
        #expect(space.isValid(cell))
        #expect(cell.predecessors(of: 5) == [2, 4])
    }
}
