import CZlib
import Foundation
import GNN2GNN
import TestFixtures
import FileIO
import NASBench
import TensorCore

/// One reader under test: valid seed inputs, how a mutated input becomes a file (some readers get
/// structure-aware help so that mutations reach past the checksums: TFRecord payloads are re-framed,
/// safetensors headers get their length fixed, gzip inputs are mostly mutated before compression),
/// and the library call that reads it.
public struct FuzzTarget {
    public let name: String
    /// File name the input is written to (inside a scratch folder).
    public let fileName: String
    public let seeds: [[UInt8]]
    /// Turns a mutated seed into file bytes; `random` decides structure-aware or raw.
    let finish: (_ mutated: [UInt8], _ original: [UInt8], _ random: inout SeededGenerator, _ mutator: Mutator) -> [UInt8]
    /// Reads the file at `path` the way the program does; throws on rejection.
    let read: (_ path: String) throws -> Void

    /// How a seed is stored as a file (compressed, framed; most readers: as it is).
    var encode: ([UInt8]) -> [UInt8] = { $0 }

    /// The seeds as files; every one of them is a valid input.
    public var seedFiles: [[UInt8]] { seeds.map(encode) }

    /// Calls the reader directly (tests check that every seed is accepted).
    public func readForTesting(_ path: String) throws { try read(path) }
}

extension FuzzTarget {
    static func plain(_ name: String, file: String, seeds: [String], read: @escaping (String) throws -> Void) -> FuzzTarget {
        FuzzTarget(name: name, fileName: file, seeds: seeds.map { Array($0.utf8) }, finish: { mutated, _, _, _ in mutated }, read: read)
    }

    /// Every reader of the program, with seeds built in memory (no data files needed). `scratch` is
    /// a folder for the one-epoch run whose files seed the run-folder readers.
    public static func all(scratch: URL) throws -> [FuzzTarget] {
        let arch = ["|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|",
                    "|nor_conv_1x1~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|nor_conv_3x3~1|none~2|",
                    "|skip_connect~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|none~0|none~1|nor_conv_1x1~2|"]
        let nb201Header = "CIFAR10TestAccuracy200Epochs,CIFAR100TestAccuracy200Epochs,ImageNetTestAccuracy200Epochs,ArchitectureString,UniqueString"
        let nb201 = nb201Header + "\n" + arch.enumerated().map { "9\($0.offset).1,70.2,44.3,\"\($0.element)\",u\($0.offset)" }.joined(separator: "\n") + "\n"

        let nb101Header = "index,hash,num_vertices,adjacency,ops,trainable_parameters,test_accuracy,flops"
        let nb101 = nb101Header + "\n"
            + #"0,00005c142e6f48ac74fdcf73e3439874,7,0100110001000000010010000010000001000000010000000,"input,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,conv3x3-bn-relu,conv1x1-bn-relu,output",8555530,0.9211738705635071,1266914304"#
            + "\n" + #"1,0000950c38a4b2f9bbe6a7ad7a8c1e6d,5,0110000011000100000100000,"input,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,output",1234,0.85,100"# + "\n"

        let jsonl = [#"{"matrix": [[0,1,0],[0,0,1],[0,0,0]], "ops": ["input", "conv3x3-bn-relu", "output"], "metrics": {"test_accuracy": 0.9, "time": 3}, "footprint": 12}"#,
                     #"{"matrix": [[0,1,1],[0,0,1],[0,0,0]], "ops": ["input", "maxpool3x3", "output"], "metrics": {"test_accuracy": 0.8, "time": 2}, "id": "b"}"#]
            .joined(separator: "\n") + "\n"

        let space = #"{"name": "fuzz", "operations": ["a", "b", "c"], "maxNodes": 6, "maxEdges": 9}"#

        // NB201 generated cells as `gnn2gnn generate` writes them.
        let nb201Space = NASBench201Space()
        let cells = try arch.compactMap { try nb201Space.graph(ofCellString: $0) }
        let scored = cells.map { ScoredCell(cell: $0, isValid: true, hash: nb201Space.canonicalHash(of: $0), classIndex: nil) }
        let generatedFile = scratch.appendingPathComponent("seed-generated.jsonl")
        try GeneratedCellsFile.write(GeneratedCellsFile.records(scored, benchmark: nil, space: nb201Space), to: generatedFile)
        let generated = try String(contentsOf: generatedFile, encoding: .utf8)

        // A short run on the synthetic benchmark: its config, log and checkpoint seed the run readers.
        let benchmark = try syntheticBenchmark(cells: 120)
        var configuration = smallConfiguration()
        configuration.epochs = 3  // a log of several lines (a mutated last line alone reads as a torn append)
        configuration.evaluationCount = 20
        let runFolder = RunFolder(path: scratch.appendingPathComponent("seed-run").path)
        let outcome = try TrainingSession().run(configuration: configuration, benchmark: benchmark, folder: runFolder, resume: false, finalCount: 20)
        let configText = try String(contentsOf: runFolder.configuration, encoding: .utf8)
        let logText = try String(contentsOf: runFolder.log, encoding: .utf8)
        let checkpoint = try [UInt8](Data(contentsOf: runFolder.lastCheckpoint))
        let template = outcome.trainer

        return [
            plain("nb201-csv", file: "table.csv", seeds: [nb201]) { _ = try Benchmark.loadNASBench201CSV(path: $0) },
            plain("nb101-csv", file: "table.csv", seeds: [nb101]) { _ = try Benchmark.loadNASBench101CSV(path: $0) },
            FuzzTarget(name: "nb101-csv-gz", fileName: "table.csv.gz", seeds: [Array(nb101.utf8)], finish: { mutated, original, random, mutator in
                // Mostly mutate the text and compress it; sometimes mutate the compressed bytes.
                random.int(below: 3) == 0 ? mutator.mutate(gzip(original), using: &random) : gzip(mutated)
            }, read: { _ = try Benchmark.loadNASBench101CSV(path: $0) }, encode: gzip),
            FuzzTarget(name: "tfrecord", fileName: "nasbench.tfrecord", seeds: tfrecordPayloads(), finish: { mutated, original, random, mutator in
                random.int(below: 4) == 0 ? mutator.mutate(TFRecord.frame(original), using: &random) : TFRecord.frame(mutated)
            }, read: { _ = try NASBench101TFRecord.read(path: $0) }, encode: TFRecord.frame),
            plain("benchmark-jsonl", file: "table.jsonl", seeds: [jsonl]) { _ = try Benchmark.loadJSONLines(path: $0, space: NASBench101Space()) },
            plain("generated-cells", file: "generated.jsonl", seeds: [generated]) { _ = try GeneratedCellsFile.readCells(path: $0, space: nb201Space) },
            plain("space-json", file: "space.json", seeds: [space]) { _ = try SearchSpaces.named($0) },
            plain("config-json", file: "config.json", seeds: [configText]) { path in
                _ = try RunFolder(path: URL(fileURLWithPath: path).deletingLastPathComponent().path).readConfiguration()
            },
            FuzzTarget(name: "checkpoint", fileName: "last.safetensors", seeds: [checkpoint], finish: { mutated, original, random, mutator in
                random.int(below: 3) == 0 ? mutated : mutatingSafeTensorsHeader(original, using: &random, mutator)
            }) { path in try restoreCheckpoint(path, into: template) },
            plain("log-jsonl", file: "log.jsonl", seeds: [logText]) { path in
                _ = try RunFolder(path: URL(fileURLWithPath: path).deletingLastPathComponent().path).readLog()
            },
        ]
    }

    /// Reads a checkpoint as `train --resume` does: tensors, trainer state, validation, restore.
    static func restoreCheckpoint(_ path: String, into template: Trainer) throws {
        let url = URL(fileURLWithPath: path)
        let (tensors, metadata) = try SafeTensors.read(from: url)
        guard let stateText = metadata["state"] else { throw RunFolderError(file: path, "checkpoint has no trainer state in its metadata") }
        let state = try JSONFile.decode(TrainerState.self, from: Data(stateText.utf8), file: path + " (metadata 'state')")
        var trainer = template
        do { try trainer.restore(state: state, parameters: tensors, optimizer: tensors) } catch let error as CheckpointError {
            throw RunFolderError(file: path, error.description)
        }
    }

    /// NAS-Bench-101 TFRecord payloads: `[hash, epochs, adjacency, ops, base64 ModelMetrics]`.
    static func tfrecordPayloads() -> [[UInt8]] {
        func double(_ field: UInt8, _ value: Double) -> [UInt8] {
            [field << 3 | 1] + withUnsafeBytes(of: value.bitPattern.littleEndian, Array.init)
        }
        let evaluation = double(1, 108) + double(2, 10) + double(3, 0.9) + double(4, 0.8) + double(5, 0.85)
        let metrics: [UInt8] = [0x0A, UInt8(evaluation.count)] + evaluation + [0x10, 0xD2, 0x09] + double(3, 20)
        let base64 = Data(metrics).base64EncodedString()
        return [
            Array(#"["e1aeb470572477cf15b1bd3644d59370", 108, "0110000011000100000100000", "input,conv3x3-bn-relu,maxpool3x3,conv3x3-bn-relu,output", "\#(base64)"]"#.utf8),
        ]
    }

    /// A safetensors file whose JSON header was mutated, with its length prefix made to match.
    static func mutatingSafeTensorsHeader(_ file: [UInt8], using random: inout SeededGenerator, _ mutator: Mutator) -> [UInt8] {
        guard file.count >= 8 else { return file }
        var length = 0
        for i in 0..<8 { length |= Int(file[i]) << (8 * i) }
        guard length <= file.count - 8 else { return file }
        let header = Array(file[8..<(8 + length)])
        var small = mutator
        small.hugeLineRate = Int.max
        let mutated = small.mutate(header, using: &random)
        var out = withUnsafeBytes(of: UInt64(mutated.count).littleEndian, Array.init) + mutated
        out += file[(8 + length)...]
        return out
    }
}

/// gzip-compressed `bytes` (one member).
func gzip(_ bytes: [UInt8]) -> [UInt8] {
    var stream = z_stream()
    guard deflateInit2_(&stream, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return [] }
    defer { deflateEnd(&stream) }
    var input = bytes
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
    let written = input.withUnsafeMutableBufferPointer { i in
        output.withUnsafeMutableBufferPointer { o -> Int in
            stream.next_in = i.baseAddress; stream.avail_in = UInt32(i.count)
            stream.next_out = o.baseAddress; stream.avail_out = UInt32(o.count)
            _ = deflate(&stream, Z_FINISH)
            return o.count - Int(stream.avail_out)
        }
    }
    return Array(output.prefix(written))
}
