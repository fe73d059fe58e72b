import Foundation
import TensorCore

/// How many threads the embarrassingly parallel parts use (batches of `GNN2GNNModel.generate`,
/// scoring in `GenerationMetrics.evaluate`). Results never depend on it. Default: the processor
/// count, at most 4, or the environment's `GNN2GNN_THREADS` (1 runs everything on the calling
/// thread). On an idle 2-core machine two threads generate about 1.6× as fast as one; on a busy one
/// they gained nothing (docs/PERFORMANCE.md).
public enum Parallelism {
    nonisolated(unsafe) public static var threads =
        ProcessInfo.processInfo.environment["GNN2GNN_THREADS"].flatMap(Int.init).map { max($0, 1) }
        ?? min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4)

    /// `body(worker)` for every worker in `0..<workers`, concurrently; returns when all are done.
    public static func forEachWorker(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        guard workers > 1 else { if workers == 1 { body(0) }; return }
        let flush = FloatEnvironment.flushesDenormals
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            FloatEnvironment.flushDenormalsToZero(flush)  // the caller's setting, on every worker thread
            body(worker)
        }
    }

    /// `body(task)` for `0..<tasks` on up to `threads` (or `workers`) threads; returns the results in
    /// task order.
    public static func map<T>(tasks: Int, workers requested: Int = threads, _ body: @Sendable (Int) -> T) -> [T] {
        let workers = min(requested, tasks)
        guard workers > 1 else { return (0..<tasks).map(body) }
        let results = ParallelResults<T>(count: tasks)
        let flush = FloatEnvironment.flushesDenormals
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            FloatEnvironment.flushDenormalsToZero(flush)
            for task in stride(from: worker, to: tasks, by: workers) { results[task] = body(task) }
        }
        return (0..<tasks).map { results[$0]! }
    }
}

/// One slot per task, each written by exactly one worker of `concurrentPerform` and read after it
/// returns. The slots live in one fixed allocation: workers write distinct elements through a
/// pointer that never changes, so no two threads touch the same variable (an `Array` property
/// written from several threads would be, even at distinct indices).
final class ParallelResults<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<T?>
    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }
    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }
    subscript(index: Int) -> T? {
        get { slots[index] }
        set { slots[index] = newValue }
    }
}
