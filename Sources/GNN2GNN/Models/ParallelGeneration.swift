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
    /// of the sequential loop. Worker `w` of `W` takes batches `w, w + W, …`: it starts where the
    /// sequential loop would start batch `w` (by skipping the earlier batches' draws) and, after each
    /// of its batches, skips the draws of the `W − 1` batches the others take — so the skipping is
    /// spread over the workers instead of done up front. Each batch records the stream state it
    /// started from and ended at; every start must equal the previous batch's end. `nil` (nothing
    /// consumed) when a check fails, e.g. after a change to how the sampler draws; the caller then
    /// runs sequentially.
    func generateInParallel(sizes: [Int], workers requested: Int = Parallelism.threads, using random: inout SeededGenerator) -> [Cell]? {
        var draws: [Int] = []
        for n in sizes {
            guard let d = randomDrawsPerSample(count: n) else { return nil }
            draws.append(d)
        }
        let workers = min(requested, sizes.count)
        guard workers > 1 else { return nil }
        let model = self, start = random, drawCounts = draws
        let results = ParallelResults<(cells: [Cell], start: [UInt64], end: [UInt64])>(count: sizes.count)
        Parallelism.forEachWorker(workers) { worker in
            var stream = start
            for b in 0..<worker { stream.skip(drawCounts[b]) }
            var b = worker
            while b < sizes.count {
                let first = stream.state
                let cells = model.generator.sampleWithoutGradients(count: sizes[b], on: Tape(training: false), using: &stream).cells
                results[b] = (cells, first, stream.state)
                for other in (b + 1)..<min(b + workers, sizes.count) { stream.skip(drawCounts[other]) }
                b += workers
            }
        }
        let batches = sizes.indices.map { results[$0]! }
        guard batches[0].start == start.state else { return nil }
        for b in 1..<batches.count where batches[b].start != batches[b - 1].end { return nil }
        random = SeededGenerator(state: batches[batches.count - 1].end)
        return batches.flatMap(\.cells)
    }
}
