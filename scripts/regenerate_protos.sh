#!/usr/bin/env bash
# Regenerates Sources/NASBench/Generated/*.pb.swift from protos/*.proto.
# Needs `protoc` (Debian: apt-get install -y protobuf-compiler) and the `protoc-gen-swift` plugin of the
# swift-protobuf version the package resolves (1.39.0), built once outside this package:
#   git clone https://github.com/apple/swift-protobuf.git /tmp/swift-protobuf   # or a local mirror
#   cd /tmp/swift-protobuf && git checkout 1.39.0 && swift build -c release --product protoc-gen-swift
# Never run at build time; commit the generated files.
set -euo pipefail
cd "$(dirname "$0")/.."
PLUGIN="${PROTOC_GEN_SWIFT:-/tmp/swift-protobuf/.build/release/protoc-gen-swift}"
protoc \
  --plugin=protoc-gen-swift="$PLUGIN" \
  --proto_path=protos \
  --swift_out=Sources/NASBench/Generated \
  --swift_opt=Visibility=Internal \
  protos/model_metrics.proto
echo "wrote Sources/NASBench/Generated/model_metrics.pb.swift"
