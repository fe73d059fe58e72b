import ArgumentParser
import Foundation
import Fuzzing
import GNN2GNN
import TensorCore

/// `gnn2gnn-fuzz`: every reader of the program on seeded mutations of valid inputs, in process.
/// Prints one JSON object per reader and a summary; exits non-zero on an unclear rejection (a crash
/// or a hang ends the process with a line naming the input).
struct FuzzCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gnn2gnn-fuzz",
        abstract: "Fuzz every file reader with seeded mutations (truncation, bit flips, random bytes, huge lines, wrong types, NaN/inf, missing or duplicated fields).",
        discussion: "Readers: nb201-csv, nb101-csv, nb101-csv-gz, tfrecord, benchmark-jsonl, generated-cells, space-json, config-json, checkpoint, log-jsonl."
    )

    @Option(help: "Mutated inputs per reader.") var inputs = 100_000
    @Option(help: "Only this reader (repeatable; default: all).") var reader: [String] = []
    @Option(help: "Seed of the mutations.") var seed: UInt64 = 1
    @Option(help: "Index of the first input (to reproduce one).") var start = 0
    @Option(help: "Write every input into this folder.") var save: String?
    @Option(help: "Fail when the peak resident memory exceeds this many MiB.") var memoryLimit = 2048.0

    func run() throws {
        BLAS.setThreadCount(1)
        FloatEnvironment.applyProcessSetting()
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let scratch = URL(fileURLWithPath: base).appendingPathComponent("gnn2gnn-fuzz-\(getpid())", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let saveURL = save.map { URL(fileURLWithPath: $0, isDirectory: true) }
        if let saveURL { try FileManager.default.createDirectory(at: saveURL, withIntermediateDirectories: true) }
        let targets = try FuzzTarget.all(scratch: scratch).filter { reader.isEmpty || reader.contains($0.name) }
        guard !targets.isEmpty else { throw ValidationError("no reader named \(reader.joined(separator: ", "))") }
        var runner = FuzzRunner()
        runner.seed = seed
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var unclear = 0, total = 0
        for target in targets {
            let terminal = isatty(2) != 0
            let report = runner.run(target, start: start, count: inputs, scratch: scratch, save: saveURL) { done in
                if terminal { FileHandle.standardError.write(Data("\r\(target.name): \(done)/\(inputs)".utf8)) }
            }
            if terminal { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            unclear += report.unclear
            total += report.inputs
        }
        let peak = peakResidentMiB()
        print("{\"readers\": \(targets.count), \"inputs\": \(total), \"unclear\": \(unclear), \"crashes\": 0, \"hangs\": 0, \"peakResidentMiB\": \(Int(peak.rounded()))}")
        if unclear > 0 { throw ExitCode(1) }
        if peak > memoryLimit {
            FileHandle.standardError.write(Data("peak resident memory \(Int(peak)) MiB exceeds --memory-limit \(Int(memoryLimit))\n".utf8))
            throw ExitCode(2)
        }
    }
}

FuzzCommand.main()
