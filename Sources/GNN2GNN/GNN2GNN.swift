// The library's umbrella for users outside this package: `import GNN2GNN` also brings the modules
// whose types its public API is made of (cells and benchmarks, tensors, graph layers, reports, file
// errors). Targets inside the package do not rely on it: each imports, and Package.swift lists,
// every module it uses; `make check-imports` builds everything with these re-exports removed
// (-D GNN2GNN_NO_REEXPORTS), so that a missing import fails there.
#if !GNN2GNN_NO_REEXPORTS
@_exported import FileIO
@_exported import GraphNets
@_exported import NASBench
@_exported import Reports
@_exported import TensorCore
#endif
