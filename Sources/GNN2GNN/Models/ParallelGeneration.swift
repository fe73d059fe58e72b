import NASBench
import TensorCore

extension GNN2GNNModel {
    /// Random numbers one generated cell consumes, measured rather than derived from the sampler's
    /// code: one cell and then two cells are drawn on copies of `random`, and another copy is stepped
    /// until it reaches each end state. nil when two cells do not take exactly twice one cell's
    /// numbers (a sampler whose consumption depends on what it draws) or one takes more than `limit`.
    func measuredDrawsPerCell(from random: SeededGenerator, limit: Int = 1 << 17) -> Int? {
        func draws(_ count: Int) -> Int? {
            var sampled = random, stepped = random
            _ = generator.sampleWithoutGradients(count: count, on: Tape(training: false), using: &sampled)
            for n in 0...(limit * count) {
                if stepped == sampled { return n }
                stepped.skip(1)
            }
            return nil
        }
        guard let one = draws(1), one > 0, let two = draws(2), two == 2 * one else { return nil }
        return one
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
        let workers = min(requested, sizes.count)
        guard workers > 1, let perCell = measuredDrawsPerCell(from: random) else { return nil }
        let draws = sizes.map { $0 * perCell }
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
