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
        .target(name: "GNN2GNN", dependencies: ["TensorCore", "GraphNets", "NASBench", "Reports"]),
        .target(name: "Experiments", dependencies: ["GNN2GNN"]),
        .target(name: "TestFixtures", dependencies: ["GNN2GNN"]),
        .executableTarget(
            name: "gnn2gnn",
            dependencies: ["GNN2GNN", "Experiments", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(name: "Benchmarks", dependencies: ["GNN2GNN"]),
        .target(name: "Fuzzing", dependencies: ["GNN2GNN", "TestFixtures", "CZlib"]),
        .executableTarget(name: "Fuzz", dependencies: ["Fuzzing", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "FileIOTests", dependencies: ["FileIO"]),
        .testTarget(name: "TensorCoreTests", dependencies: ["TensorCore"]),
        .testTarget(name: "GraphNetsTests", dependencies: ["GraphNets"]),
        .testTarget(name: "NASBenchTests", dependencies: ["NASBench"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports"]),
        .testTarget(name: "GNN2GNNTests", dependencies: ["GNN2GNN", "TestFixtures"]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "GNN2GNN", "TestFixtures"]),
        .testTarget(name: "FuzzingTests", dependencies: ["Fuzzing", "GNN2GNN"]),
    ]
)
