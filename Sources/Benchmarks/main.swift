import Foundation
import GNN2GNN

// `make bench`: release-build measurements, one JSON object per line.
// Each area of the library adds its measurements as a function here.
BLAS.setThreadCount(1)
var harness = BenchHarness()
let filter = CommandLine.arguments.dropFirst().first
func wants(_ group: String) -> Bool { filter == nil || filter == group }
if wants("core") { CoreBenchmarks.run(&harness) }
if wants("data") { runDataBenchmarks(&harness) }
if wants("records") { runRecordBenchmarks(&harness) }
if wants("training") { TrainingBenchmarks.run(&harness) }
