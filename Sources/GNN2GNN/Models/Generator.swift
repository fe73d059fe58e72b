import GraphNets
import NASBench
import TensorCore

/// The generator G (METHOD.md §4, the paper's "mine" generator).
///
/// For each cell it starts from the complete DAG on `nodeCount` nodes with fresh uniform random node
/// features, applies μ GCN layers with ReLU, scores each candidate edge `i → j` by a linear map of
/// `[h_i ‖ h_j]` whose two columns are soft-maxed over the edges entering `j` (plus 0.5), samples
/// keep/drop with a hard Gumbel-softmax, maps operations with one more GCN over the edges weighted by
/// those choices, samples one-hot operations with a hard Gumbel-softmax, and refines the result.
public struct Generator: Sendable {
    public var parameters = ParameterStore()
    /// Nodes of the complete DAG (the space's maximum).
    public let nodeCount: Int
    public let operationCount: Int
    public let hiddenSize: Int
    public let temperature: Float
    /// The space, when it projects raw DAGs onto its members (`SearchSpace.projected`).
    public let space: (any SearchSpace)?
    /// Whether edge logits are the scorer's raw outputs (beyond the paper) rather than softmax + 0.5.
    public let directEdgeLogits: Bool
    /// Bound of the operation logits and of direct edge logits (`bound · tanh`); 0 = unbounded.
    public let logitBound: Float
    /// Learned `[nodeCount, hiddenSize]` position embeddings added to the random features (beyond the paper).
    let positions: ParameterID?
    let convolutions: [GCNConv]
    let edgeScorer: Linear
    let operationMapper: GCNConv
    /// Candidate edges of one complete DAG, `(i, j)` with `i < j`, in row-major order.
    public let candidateEdges: [(Int, Int)]
    /// `candidateIndex[i * nodeCount + j]` is the position of edge `i → j` in `candidateEdges`.
    let candidateIndex: [Int]
    /// Column of the edge sample that means "keep".
    static let keepColumn = 1
    /// Weight added to every edge weight of the operation mapper (the authors' +0.001).
    static let edgeWeightFloor: Float = 0.001

    public init(nodeCount: Int, operationCount: Int, hiddenSize: Int, layers: Int, temperature: Float,
                directEdgeLogits: Bool = false, nodePositions: Bool = false, logitBound: Float = 0, space: (any SearchSpace)? = nil, using random: inout SeededGenerator) {
        self.directEdgeLogits = directEdgeLogits
        self.logitBound = logitBound
        self.space = space
        precondition(nodeCount >= 2 && operationCount >= 1 && layers >= 1)
        self.nodeCount = nodeCount
        self.operationCount = operationCount
        self.hiddenSize = hiddenSize
        self.temperature = temperature
        var store = ParameterStore()
        positions = nodePositions
            ? store.add("generator.positions", Initializer.uniform(shape: [nodeCount, hiddenSize], bound: 1, using: &random))
            : nil
        convolutions = (0..<layers).map {
            GCNConv(hiddenSize, hiddenSize, name: "generator.gcn\($0 + 1)", store: &store, using: &random)
        }
        edgeScorer = Linear(2 * hiddenSize, 2, name: "generator.edge_scorer", store: &store, using: &random)
        operationMapper = GCNConv(hiddenSize, operationCount, name: "generator.op_mapper", store: &store, using: &random)
        parameters = store
        (candidateEdges, candidateIndex) = completeDAGEdges(nodeCount: nodeCount)
    }

    /// The complete DAGs of `count` cells as one batch.
    func completeGraphs(count: Int) -> GraphBatch {
        let e = candidateEdges.count
        var sources = [Int](repeating: 0, count: count * e), targets = sources
        for c in 0..<count {
            for (k, (i, j)) in candidateEdges.enumerated() {
                sources[c * e + k] = c * nodeCount + i
                targets[c * e + k] = c * nodeCount + j
            }
        }
        let graphIndex = (0..<(count * nodeCount)).map { $0 / nodeCount }
        return GraphBatch(nodeCount: count * nodeCount, sources: sources, targets: targets,
                          graphIndex: graphIndex, graphCount: count)
    }

    /// Samples `count` cells on `parameters`' tape. The result keeps the differentiable choices.
    /// `hard: false` gives the relaxed (soft Gumbel-softmax) choices instead of one-hot ones; the
    /// refinement then keeps edges whose weight exceeds one half (used to check gradients).
    public func sample(count: Int, _ p: BoundParameters, hard: Bool = true, using random: inout SeededGenerator) -> GeneratedCells {
        forward(count: count, TapedPass(parameters: p, hard: hard), using: &random)
    }
}

/// A batch of generated cells: the refined cells and the differentiable choices behind them.
public struct GeneratedCells {
    public let count: Int
    public let nodeCount: Int
    public let operationCount: Int
    /// Keep (1) or drop (0) for each candidate edge of each cell, `[count · E, 1]`, straight-through.
    public let keep: Variable
    /// One-hot operations of every node of every cell, `[count · n, k]`, straight-through.
    public let operations: Variable
    /// The refined cells (empty for a slot generator's batch, whose cells are `slotCells`).
    public let refined: [RefinedCell]
    /// The logits the choices were sampled from (`[count · E, 2]` and `[count · n, k]`).
    public let edgeLogits: Variable
    public let operationLogits: Variable
    let candidateEdges: [(Int, Int)]
    let candidateIndex: [Int]
    /// A slot generator's cells (`SlotGenerator`): then `operations` holds the one-hot slot choices,
    /// `[count · slots, options]`, and `operationLogits` their logits; `keep` and `edgeLogits` repeat them.
    let slotCells: [Cell]?
    /// Slots per cell of a slot generator's batch (0 otherwise).
    let slotCount: Int

    init(generator: Generator, count: Int, keep: Variable, operations: Variable, edgeLogits: Variable, operationLogits: Variable) {
        self.init(count: count, nodeCount: generator.nodeCount, operationCount: generator.operationCount,
                  candidateEdges: generator.candidateEdges, candidateIndex: generator.candidateIndex, space: generator.space,
                  keep: keep, operations: operations, edgeLogits: edgeLogits, operationLogits: operationLogits)
    }

    /// Choices over the complete DAG on `nodeCount` nodes (`candidateEdges` in row-major order,
    /// `candidateIndex[i * nodeCount + j]` the position of `i → j`), refined as METHOD.md §4 step 4
    /// (projected onto `space` when it has a projection).
    public init(count: Int, nodeCount: Int, operationCount: Int, candidateEdges: [(Int, Int)], candidateIndex: [Int],
                space: (any SearchSpace)?, keep: Variable, operations: Variable, edgeLogits: Variable, operationLogits: Variable) {
        self.edgeLogits = edgeLogits
        self.operationLogits = operationLogits
        self.count = count
        self.nodeCount = nodeCount
        self.operationCount = operationCount
        self.candidateEdges = candidateEdges
        self.candidateIndex = candidateIndex
        slotCells = nil
        slotCount = 0
        let edgeIndex = candidateIndex
        let profile = StepProfile.begin(.refinement)
        defer { StepProfile.end(profile) }
        self.keep = keep
        self.operations = operations
        let n = nodeCount, k = operationCount, e = candidateEdges.count
        let keepValues = keep.value.scalars, opValues = operations.value.scalars
        refined = (0..<count).map { c in
            let ops = (0..<n).map { v -> Int in
                let base = (c * n + v) * k
                var best = 0
                for o in 1..<k where opValues[base + o] > opValues[base + best] { best = o }
                return best
            }
            let kept = { (i: Int, j: Int) in keepValues[c * e + edgeIndex[i * n + j]] > 0.5 }
            if let space { return RefinedCell(nodeCount: n, operations: ops, space: space, kept: kept) }
            return RefinedCell(nodeCount: n, operations: ops, kept: kept)
        }
    }

    /// A slot generator's batch: `choices` are the one-hot slot choices (`[count · slots, options]`)
    /// drawn from `logits`, `cells` the members they form (an invalid cell where they form none).
    init(slotCells cells: [Cell], slotCount: Int, operationCount: Int, choices: Variable, logits: Variable) {
        count = cells.count
        nodeCount = 0
        self.operationCount = operationCount
        keep = choices; operations = choices
        edgeLogits = logits; operationLogits = logits
        refined = []
        candidateEdges = []; candidateIndex = []
        slotCells = cells
        self.slotCount = slotCount
    }

    /// The refined cells.
    public var cells: [Cell] { slotCells ?? refined.map(\.cell) }

    /// Mean entropy of the edge and of the operation distributions the choices were drawn from (a
    /// differentiable scalar). Rewarding it keeps the generator from collapsing onto a few cells.
    /// For a slot generator's batch: the entropy of a whole cell's choices (the sum over its slots,
    /// the exact entropy of the factorised distribution given the noise), averaged over cells.
    public func choiceEntropy() -> Variable {
        func entropy(_ logits: Variable) -> Variable {
            let logP = logits.logSoftmax()
            return -(logP.exp() * logP).sum(alongAxis: 1).mean()
        }
        if slotCells != nil { return entropy(operationLogits) * Float(slotCount) }
        return entropy(edgeLogits) + entropy(operationLogits)
    }

    /// Log-probability of each cell's sampled choices under the distributions they were drawn from,
    /// `[count, 1]`, differentiable in the logits: every candidate edge's keep/drop choice plus the
    /// operation of every surviving middle node (the choices that decide the refined cell). With hard
    /// Gumbel-softmax samples the chosen option is the argmax of logits plus Gumbel noise, so its
    /// probability is the softmax of the logits (the Gumbel-max trick), whatever the temperature.
    public func logProbability() -> Variable {
        let tape = keep.tape
        if slotCells != nil {
            let rows = count * slotCount
            let chosen = tape.constant(operations.value)
            return (operationLogits.logSoftmax() * chosen).sum(alongAxis: 1).reshaped([rows, 1])
                .segmentSum((0..<rows).map { $0 / slotCount }, segmentCount: count)
        }
        let n = nodeCount, k = operationCount, e = candidateEdges.count
        // The samples are exact one-hots: keep is 0 or 1, and each operation row has a single 1.
        let keepValues = keep.value.scalars
        var edgeChoice = [Float](repeating: 0, count: count * e * 2)
        for r in 0..<(count * e) {
            edgeChoice[r * 2 + Generator.keepColumn] = keepValues[r]
            edgeChoice[r * 2 + 1 - Generator.keepColumn] = 1 - keepValues[r]
        }
        let edgeTerms = (edgeLogits.logSoftmax() * tape.constant(Tensor(shape: [count * e, 2], scalars: edgeChoice)))
            .sum(alongAxis: 1).reshaped([count * e, 1])
            .segmentSum((0..<(count * e)).map { $0 / e }, segmentCount: count)
        var operationChoice = [Float](repeating: 0, count: count * n * k)
        let opValues = operations.value.scalars
        for c in 0..<count {
            for v in refined[c].survivingNodes where v != 0 && v != n - 1 {
                let base = (c * n + v) * k
                for o in 0..<k { operationChoice[base + o] = opValues[base + o] }
            }
        }
        let operationTerms = (operationLogits.logSoftmax() * tape.constant(Tensor(shape: [count * n, k], scalars: operationChoice)))
            .sum(alongAxis: 1).reshaped([count * n, 1])
            .segmentSum((0..<(count * n)).map { $0 / n }, segmentCount: count)
        return edgeTerms + operationTerms
    }

    /// The input the discriminator and the valuer read for the cells at `indices` (all by default):
    /// a graph batch, node features that carry the operations' straight-through gradient, and, with
    /// `edgeGradients`, edge weights that carry the edge choices' gradient. In that mode every candidate
    /// edge between surviving nodes is present, weighted by its 0/1 keep value, so the forward pass is
    /// the same as over the refined cells while dropped edges still receive a gradient.
    public func encoded(edgeGradients: Bool, indices: [Int]? = nil) -> GraphInput {
        let profile = StepProfile.begin(.encoding)
        defer { StepProfile.end(profile) }
        let tape = keep.tape
        if let slotCells {
            // The slot choices decide which nodes exist, so no gradient reaches them through the graph:
            // a slot generator is trained by score-function terms only.
            let chosen = indices.map { $0.map { slotCells[$0] } } ?? slotCells
            return EncodedCells(chosen, operationCount: operationCount).input(on: tape)
        }
        let n = nodeCount, k = operationCount, e = candidateEdges.count
        let chosen = indices ?? Array(0..<count)
        // Widen the one-hot operations with input/output columns and pin the end nodes.
        var widen = [Float](repeating: 0, count: k * (k + 2))
        for o in 0..<k { widen[o * (k + 2) + o + 1] = 1 }
        var middle = [Float](repeating: 1, count: count * n)
        var ends = [Float](repeating: 0, count: count * n * (k + 2))
        for c in 0..<count {
            middle[c * n] = 0; middle[c * n + n - 1] = 0
            ends[(c * n) * (k + 2)] = 1
            ends[(c * n + n - 1) * (k + 2) + k + 1] = 1
        }
        let allFeatures = operations.matmul(tape.constant(Tensor(shape: [k, k + 2], scalars: widen)))
            * tape.constant(Tensor(shape: [count * n, 1], scalars: middle))
            + tape.constant(Tensor(shape: [count * n, k + 2], scalars: ends))

        var rows: [Int] = [], graphIndex: [Int] = [], sources: [Int] = [], targets: [Int] = []
        var weightRows: [Int] = [], weightOffsets: [Float] = []
        let keepValues = keep.value.scalars
        for (g, c) in chosen.enumerated() {
            let r = refined[c]
            let base = rows.count
            for v in r.survivingNodes { rows.append(c * n + v) }
            graphIndex.append(contentsOf: repeatElement(g, count: r.survivingNodes.count))
            for (a, i) in r.survivingNodes.enumerated() {
                for (b, j) in r.survivingNodes.enumerated() where b > a {
                    let edge = c * e + candidateIndex[i * n + j]
                    // An edge the cell has but the generator dropped (input wired to output, or a
                    // projection) weighs 1 by an offset; one the generator kept but the cell lacks, 0.
                    let isKept: Float = keepValues[edge] > 0.5 ? 1 : 0
                    let present: Float = r.cell.hasEdge(a, b) ? 1 : 0
                    guard edgeGradients || present == 1 else { continue }
                    sources.append(base + a); targets.append(base + b)
                    weightRows.append(edge)
                    weightOffsets.append(present - isKept)
                }
            }
        }
        let graph = GraphBatch(nodeCount: rows.count, sources: sources, targets: targets,
                               graphIndex: graphIndex, graphCount: chosen.count)
        let features = allFeatures.gatherRows(rows)
        guard edgeGradients else { return GraphInput(graph: graph, features: features) }
        let weights = keep.gatherRows(weightRows).reshaped([weightRows.count])
            + tape.constant(Tensor(shape: [weightOffsets.count], scalars: weightOffsets))
        return GraphInput(graph: graph, features: features, edgeWeights: weights)
    }
}
