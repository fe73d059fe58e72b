import NASBench
import TensorCore

extension GNN2GNNModel {
    /// Random numbers `Generator.sample(count:hard: true)` draws for `count` cells: uniform node
    /// features, then Gumbel noise for the two edge columns and for the operations (one `next()` each);
    /// nil for other generators (whose batches then run sequentially).
    func randomDrawsPerSample(count: Int) -> Int? {
        guard let g = generator as? Generator else { return nil }
        return count * (g.nodeCount * g.hiddenSize + g.candidateEdges.count * 2 + g.nodeCount * g.operationCount)
    }

    /// The batches of `generate` on several threads, with exactly the cells and final stream state
    /// of the sequential loop: each batch starts from the stream position the sequential run would
    /// reach (found by skipping the batches' draws), and each batch's end state is checked against
    /// the next batch's start. `nil` (nothing consumed) when a check fails, e.g. after a change to
    /// how `sample` draws; the caller then runs sequentially.
    func generateInParallel(sizes: [Int], generator random: inout SeededGenerator) -> [Cell]? {
        var positions: [SeededGenerator] = []
        var probe = random
        for n in sizes {
            guard let draws = randomDrawsPerSample(count: n) else { return nil }
            positions.append(probe)
            probe.skip(draws)
        }
        let model = self, starts = positions
        let batches = Parallelism.map(tasks: sizes.count) { b -> (cells: [Cell], end: [UInt64]) in
            var stream = starts[b]
            let tape = Tape(training: false)
            let p = BoundParameters(variables: model.generator.parameters.tensors.map { tape.constant($0) })
            let cells = model.generator.sample(count: sizes[b], p, generator: &stream).cells
            return (cells, stream.state)
        }
        for b in sizes.indices {
            let expected = b + 1 < sizes.count ? starts[b + 1].state : probe.state
            guard batches[b].end == expected else { return nil }
        }
        random = probe
        return batches.flatMap(\.cells)
    }
}
