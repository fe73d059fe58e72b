// swift-tools-version:6.0
import PackageDescription

/// Module layout (dependencies point one way, top to bottom):
///   FileIO      – atomic file writes and the one-line error type every reader throws
///   TensorCore  – dense Float tensors, reverse-mode autodiff, optimisers, seeded RNG (BLAS underneath)
///   GraphNets   – graph batches and graph-network layers (GCN, linear, pooling) on TensorCore
///   NASBench    – cells, search spaces, canonical hashes, benchmark tables and their readers
///   Reports     – SVG charts, cell drawings and HTML reports (no numerics of its own)
///   GNN2GNN     – generator, discriminator, valuer, trainer, metrics, reports
///   Experiments – counterparts (random/MolGAN/predictor generators, query-based search) and the paper's experiments
///   gnn2gnn     – the command-line tool, a thin shell over GNN2GNN and Experiments
/// Every target lists each module it imports (no re-exports inside the package); `import GNN2GNN` alone is
/// the umbrella for library users (Sources/GNN2GNN/GNN2GNN.swift).
///   Fuzzing     – seeded mutations of valid inputs for every reader (gnn2gnn-fuzz, `make fuzz`)
let package = Package(
    name: "GNN2GNN",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GNN2GNN", targets: ["GNN2GNN"]),
        .library(name: "NASBench", targets: ["NASBench"]),
        .library(name: "TensorCore", targets: ["TensorCore"]),
        .library(name: "Experiments", targets: ["Experiments"]),
        .executable(name: "gnn2gnn", targets: ["gnn2gnn"]),
        .executable(name: "gnn2gnn-bench", targets: ["Benchmarks"]),
        .executable(name: "gnn2gnn-fuzz", targets: ["Fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.28.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "CFloatEnvironment"),
        .target(name: "FileIO"),
        .target(
            name: "TensorCore",
            dependencies: ["FileIO", "CFloatEnvironment", .target(name: "CBLAS", condition: .when(platforms: [.linux]))]
        ),
        .target(name: "GraphNets", dependencies: ["TensorCore"]),
        .target(
            name: "NASBench",
            dependencies: [
                "FileIO",
                "CZlib",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(name: "Reports", dependencies: ["NASBench"]),
        .target(name: "GNN2GNN", dependencies: ["FileIO", "TensorCore", "GraphNets", "NASBench", "Reports"]),
        .target(name: "Experiments", dependencies: ["GNN2GNN", "FileIO", "TensorCore", "NASBench", "Reports"]),
        .target(name: "TestFixtures", dependencies: ["GNN2GNN", "TensorCore", "NASBench"]),
        .executableTarget(
            name: "gnn2gnn",
            dependencies: ["GNN2GNN", "Experiments", "FileIO", "TensorCore", "NASBench", "Reports", "GraphNets", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "Benchmarks", dependencies: ["GNN2GNN", "TensorCore", "NASBench", "GraphNets"]),
        .target(name: "Fuzzing", dependencies: ["GNN2GNN", "TestFixtures", "FileIO", "TensorCore", "NASBench", "CZlib"]),
        .executableTarget(name: "Fuzz", dependencies: ["Fuzzing", "GNN2GNN", "TensorCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "FileIOTests", dependencies: ["FileIO"]),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
        .testTarget(name: "GraphNetsTests", dependencies: ["GraphNets", "TensorCore"]),
        .testTarget(name: "NASBenchTests", dependencies: ["NASBench", "CZlib"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "NASBench"]),
        .testTarget(name: "GNN2GNNTests", dependencies: ["GNN2GNN", "TestFixtures", "FileIO", "TensorCore", "NASBench"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "GNN2GNN", "TestFixtures", "TensorCore", "NASBench"]),
        .testTarget(name: "FuzzingTests", dependencies: ["Fuzzing", "GNN2GNN", "TensorCore"]),
    ]
)
