import Foundation
import GNN2GNN
import TensorCore

// `make bench`: release-build measurements, one JSON object per line.
// Each area of the library adds its measurements as a function here.
//   gnn2gnn-bench [core|data|records|training|perf|long]   one group (all but `long` without argument)
//   gnn2gnn-bench one NAME                                  one measurement of `perf`/`long` in this process
BLASKernel.restartWithFasterKernelIfNeeded()
BLAS.setThreadCount(1)
FloatEnvironment.applyProcessSetting()
if ProcessInfo.processInfo.environment["GNN2GNN_BENCH_DEFAULT_MALLOC"] == nil { Allocator.keepFreedMemory() }
var harness = BenchHarness()
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "one", arguments.count == 2 {
    PerformanceBenchmarks.runOne(arguments[1], &harness)
    exit(0)
}
let filter = arguments.first
func wants(_ group: String) -> Bool { filter == nil || filter == group }
if wants("core") { CoreBenchmarks.run(&harness) }
if wants("data") { runDataBenchmarks(&harness) }
if wants("records") { runRecordBenchmarks(&harness) }
if wants("training") { TrainingBenchmarks.run(&harness) }
fflush(nil)
if wants("perf") { PerformanceBenchmarks.runChildren(PerformanceBenchmarks.short) }
if filter == "long" { PerformanceBenchmarks.runChildren(PerformanceBenchmarks.long) }
