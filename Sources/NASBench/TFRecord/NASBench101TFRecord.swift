import FileIO
import Foundation
import SwiftProtobuf

/// Final metrics of one training run (one repeat) of a NAS-Bench-101 cell at one budget: the last
/// `evaluation_data` entry of its `ModelMetrics`.
public struct NASBench101Evaluation: Hashable, Sendable, Codable {
    /// Epoch of the evaluation (the budget for complete runs).
    public var epoch: Double
    /// Training time in seconds up to the evaluation.
    public var trainingTime: Double
    public var trainAccuracy: Double
    public var validationAccuracy: Double
    public var testAccuracy: Double

    public init(epoch: Double, trainingTime: Double, trainAccuracy: Double, validationAccuracy: Double, testAccuracy: Double) {
        self.epoch = epoch
        self.trainingTime = trainingTime
        self.trainAccuracy = trainAccuracy
        self.validationAccuracy = validationAccuracy
        self.testAccuracy = testAccuracy
    }
}

/// One TFRecord of a NAS-Bench-101 file: one training run of one cell at one budget.
public struct NASBench101TFRecordEntry: Hashable, Sendable {
    /// The official module hash (32 hex digits).
    public var hash: String
    /// Training budget in epochs (4, 12, 36 or 108 in the official files).
    public var epochs: Int
    /// Row-major `V × V` adjacency, one 0/1 byte per entry.
    public var adjacencyBits: [UInt8]
    /// Operations, `input` first and `output` last.
    public var ops: [String]
    public var trainableParameters: Int
    /// Total training and evaluation time of the run, in seconds.
    public var totalTime: Double
    /// The run's final evaluation.
    public var final: NASBench101Evaluation
}

/// A NAS-Bench-101 cell with every run of it found in a file, grouped by budget.
public struct NASBench101Record: Hashable, Sendable {
    /// Runs at one budget.
    public struct Budget: Hashable, Sendable {
        /// Training budget in epochs.
        public var epochs: Int
        /// Final evaluation of each repeat, in file order.
        public var repeats: [NASBench101Evaluation]
    }

    /// The official module hash (32 hex digits).
    public let hash: String
    /// Operations, `input` first and `output` last.
    public let ops: [String]
    /// Row-major `V × V` adjacency, one 0/1 byte per entry (compact storage behind `adjacency`).
    public let adjacencyBits: [UInt8]
    /// Trainable parameters of the full network.
    public var trainableParameters: Int
    /// Runs per budget, sorted by epochs.
    public var budgets: [Budget]

    /// Number of vertices V.
    public var nodeCount: Int { ops.count }

    /// The adjacency as rows of 0/1, as the NAS-Bench-101 API writes it.
    public var adjacency: [[Int]] {
        let n = nodeCount
        return (0..<n).map { i in (0..<n).map { j in Int(adjacencyBits[i * n + j]) } }
    }

    /// Budgets present, in epochs, ascending.
    public var epochs: [Int] { budgets.map(\.epochs) }

    /// Final evaluations of every repeat at `epochs`, empty if the budget is absent.
    public func repeats(epochs: Int) -> [NASBench101Evaluation] {
        budgets.first { $0.epochs == epochs }?.repeats ?? []
    }

    /// Mean over repeats of a metric at `epochs`, `nil` if the budget is absent.
    public func mean(epochs: Int, _ metric: KeyPath<NASBench101Evaluation, Double>) -> Double? {
        let runs = repeats(epochs: epochs)
        guard !runs.isEmpty else { return nil }
        return runs.reduce(0) { $0 + $1[keyPath: metric] } / Double(runs.count)
    }

    init(entry: NASBench101TFRecordEntry) {
        hash = entry.hash
        ops = entry.ops
        adjacencyBits = entry.adjacencyBits
        trainableParameters = entry.trainableParameters
        budgets = [Budget(epochs: entry.epochs, repeats: [entry.final])]
    }

    mutating func add(_ entry: NASBench101TFRecordEntry) {
        if let i = budgets.firstIndex(where: { $0.epochs == entry.epochs }) {
            budgets[i].repeats.append(entry.final)
        } else {
            budgets.append(Budget(epochs: entry.epochs, repeats: [entry.final]))
            budgets.sort { $0.epochs < $1.epochs }
        }
    }
}

/// Native reader of NAS-Bench-101's official TFRecord files (`nasbench_only108.tfrecord`,
/// `nasbench_full.tfrecord`) and files in the same layout: each payload is the JSON array
/// `[hash, epochs, adjacency, ops, base64 ModelMetrics protobuf]`. Unknown protobuf fields are skipped.
public enum NASBench101TFRecord {
    /// Reads every record of the file and groups them by hash, in order of first appearance.
    public static func read(path: String) throws -> [NASBench101Record] {
        var records: [NASBench101Record] = []
        var index: [String: Int] = [:]
        let file = URL(fileURLWithPath: path).lastPathComponent
        try forEachEntry(path: path) { record, offset, entry in
            if let i = index[entry.hash] {
                let first = records[i]
                guard first.ops == entry.ops else {
                    throw TFRecordError(file: file, record: record, offset: offset, field: .ops,
                                        message: "ops differ from an earlier record with hash \(entry.hash)")
                }
                guard first.adjacencyBits == entry.adjacencyBits else {
                    throw TFRecordError(file: file, record: record, offset: offset, field: .adjacency,
                                        message: "adjacency differs from an earlier record with hash \(entry.hash)")
                }
                records[i].add(entry)
            } else {
                index[entry.hash] = records.count
                records.append(NASBench101Record(entry: entry))
            }
        }
        return records
    }

    /// Streams the file's records in order without grouping: `body(record, offset, entry)`.
    public static func forEachEntry(
        path: String,
        _ body: (_ record: Int, _ offset: Int, _ entry: NASBench101TFRecordEntry) throws -> Void
    ) throws {
        let file = URL(fileURLWithPath: path).lastPathComponent
        try TFRecord.withMappedFile(path: path) { bytes in
            try forEachEntry(in: bytes, file: file, body)
        }
    }

    /// Streams the records of an in-memory file; `file` names it in errors.
    public static func forEachEntry(
        in bytes: UnsafeRawBufferPointer, file: String,
        _ body: (_ record: Int, _ offset: Int, _ entry: NASBench101TFRecordEntry) throws -> Void
    ) throws {
        try TFRecord.forEachPayload(in: bytes, file: file) { record, offset, payload in
            let entry = try decodePayload(payload) { field, message in
                TFRecordError(file: file, record: record, offset: offset, field: field, message: message)
            }
            try body(record, offset, entry)
        }
    }

    /// Reads the records of an in-memory file, grouped by hash.
    public static func read(bytes: [UInt8], file: String) throws -> [NASBench101Record] {
        var records: [NASBench101Record] = []
        var index: [String: Int] = [:]
        try bytes.withUnsafeBytes { buffer in
            try forEachEntry(in: buffer, file: file) { _, _, entry in
                if let i = index[entry.hash] {
                    records[i].add(entry)
                } else {
                    index[entry.hash] = records.count
                    records.append(NASBench101Record(entry: entry))
                }
            }
        }
        return records
    }

    /// Decodes one payload; `fail(field, message)` builds the error to throw.
    static func decodePayload(
        _ payload: UnsafeRawBufferPointer,
        fail: (TFRecordError.Field, String) -> TFRecordError
    ) throws -> NASBench101TFRecordEntry {
        let values: [FlatJSONValue]
        switch FlatJSONArrayParser.parse(payload) {
        case .success(let v): values = v
        case .failure(let e): throw fail(.json, "invalid JSON: \(e.message)")
        }
        guard values.count == 5 else {
            throw fail(.json, "expected a JSON array of 5 elements [hash, epochs, adjacency, ops, metrics], found \(values.count)")
        }
        guard case .string(let hashBytes) = values[0] else { throw fail(.hash, "hash: expected a string") }
        guard hashBytes.count == 32, hashBytes.allSatisfy(isLowerHexDigit) else {
            throw fail(.hash, "hash: expected 32 lowercase hex digits, found '\(excerpt(String(decoding: hashBytes.prefix(40), as: UTF8.self)))'")
        }
        guard case .number(let epochValue) = values[1], epochValue >= 1, epochValue <= 1e6,
              epochValue == epochValue.rounded()
        else { throw fail(.epochs, "epochs: expected a positive integer") }
        guard case .string(let opsBytes) = values[3] else { throw fail(.ops, "ops: expected a string") }
        let ops = opsBytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard ops.count >= 2, ops.allSatisfy({ !$0.isEmpty }) else {
            throw fail(.ops, "ops: expected at least 2 non-empty comma-separated names, found '\(excerpt(String(decoding: opsBytes.prefix(120), as: UTF8.self)))'")
        }
        guard case .string(var adjacency) = values[2] else { throw fail(.adjacency, "adjacency: expected a string") }
        guard adjacency.count == ops.count * ops.count else {
            throw fail(.adjacency, "adjacency: \(adjacency.count) characters, expected \(ops.count * ops.count) for \(ops.count) ops")
        }
        for i in adjacency.indices {
            let c = adjacency[i]
            guard c == UInt8(ascii: "0") || c == UInt8(ascii: "1") else {
                throw fail(.adjacency, "adjacency: character \(i) is not 0 or 1")
            }
            adjacency[i] = c - UInt8(ascii: "0")
        }
        guard case .string(let metricsText) = values[4] else { throw fail(.base64, "metrics: expected a base64 string") }
        let metricsBytes: [UInt8]
        switch Base64.decode(metricsText) {
        case .success(let b): metricsBytes = b
        case .failure(let e): throw fail(.base64, "metrics: \(e.message)")
        }
        let metrics: Nasbench_ModelMetrics
        do {
            var options = BinaryDecodingOptions()
            options.discardUnknownFields = true
            metrics = try Nasbench_ModelMetrics(serializedBytes: metricsBytes, options: options)
        } catch {
            throw fail(.protobuf, "ModelMetrics protobuf: \(error)")
        }
        guard let last = metrics.evaluationData.last else {
            throw fail(.protobuf, "ModelMetrics protobuf: no evaluation_data")
        }
        return NASBench101TFRecordEntry(
            hash: String(decoding: hashBytes, as: UTF8.self),
            epochs: Int(epochValue),
            adjacencyBits: adjacency,
            ops: ops,
            trainableParameters: Int(metrics.trainableParameters),
            totalTime: metrics.totalTime,
            final: NASBench101Evaluation(
                epoch: last.currentEpoch, trainingTime: last.trainingTime, trainAccuracy: last.trainAccuracy,
                validationAccuracy: last.validationAccuracy, testAccuracy: last.testAccuracy))
    }

    private static func isLowerHexDigit(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)
    }
}
