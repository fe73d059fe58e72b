import Foundation
import TensorCore
import FileIO

/// The files of a training run:
/// `config.json`, `log.jsonl` (one `EpochLog` per line), `checkpoints/` (`last.safetensors` with the
/// parameters, Adam's moments and the trainer state in its metadata; `best.safetensors`), and after
/// training `generated.jsonl`, `metrics.json` and `report.html`. Every file except the log is written
/// through `AtomicFile`; the log is appended and flushed (see `TrainingSession` for the order that
/// makes an epoch's files commit as one unit).
public struct RunFolder: Sendable {
    public let url: URL

    public init(path: String) { url = URL(fileURLWithPath: path, isDirectory: true) }

    public var configuration: URL { url.appendingPathComponent("config.json") }
    public var log: URL { url.appendingPathComponent("log.jsonl") }
    public var checkpoints: URL { url.appendingPathComponent("checkpoints", isDirectory: true) }
    public var lastCheckpoint: URL { checkpoints.appendingPathComponent("last.safetensors") }
    public var bestCheckpoint: URL { checkpoints.appendingPathComponent("best.safetensors") }
    public var generated: URL { url.appendingPathComponent("generated.jsonl") }
    public var metrics: URL { url.appendingPathComponent("metrics.json") }
    public var report: URL { url.appendingPathComponent("report.html") }

    /// `path` as an absolute path with `.` and `..` resolved against the working directory, so that a
    /// run folder's `config.json` names its data from anywhere.
    public static func absolutePath(_ path: String) -> String {
        let joined = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in joined.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Creates the folder and its `checkpoints/` subfolder.
    public func create() throws {
        try FileManager.default.createDirectory(at: checkpoints, withIntermediateDirectories: true)
    }

    /// Whether a run was started here (it has a configuration).
    public var exists: Bool { FileManager.default.fileExists(atPath: configuration.path) }

    /// Writes a JSON value atomically, pretty-printed with sorted keys.
    public func writeJSON<T: Encodable>(_ value: T, to file: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.write(try encoder.encode(value), to: file)
    }

    /// Deletes what interrupted atomic writes left behind in the folder and in `checkpoints/`.
    @discardableResult
    public func removeStaleTemporaries() -> [String] {
        AtomicFile.removeStaleTemporaries(in: url) + AtomicFile.removeStaleTemporaries(in: checkpoints)
    }

    /// Reads a JSON value.
    public func readJSON<T: Decodable>(_ type: T.Type, from file: URL) throws -> T {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw RunFolderError(file: file.path, "cannot read the file (missing or unreadable)")
        }
        do { return try JSONFile.decode(type, from: data, file: file.path) } catch let error as JSONFileError {
            throw RunFolderError(file: file.path, error.message)
        }
    }

    /// Reads and validates `config.json`; an error names the file and the setting.
    public func readConfiguration() throws -> TrainingConfiguration {
        let configuration = try readJSON(TrainingConfiguration.self, from: self.configuration)
        do { try configuration.validate() } catch { throw RunFolderError(file: self.configuration.path, oneLineReason(error)) }
        return configuration
    }

    /// Rewrites the log with exactly `entries` (atomically), e.g. after resuming.
    public func rewriteLog(_ entries: [EpochLog]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for entry in entries { data.append(try encoder.encode(entry)); data.append(0x0A) }
        try AtomicFile.write(data, to: log)
    }

    /// Reads the log; a torn last line (from a crash while appending) is ignored.
    public func readLog() throws -> [EpochLog] {
        guard let data = FileManager.default.contents(atPath: log.path) else { return [] }
        let lines = data.split(separator: 0x0A)
        var entries: [EpochLog] = []
        for (n, line) in lines.enumerated() {
            do { entries.append(try JSONDecoder().decode(EpochLog.self, from: Data(line))) } catch {
                if n == lines.count - 1 { break }
                throw RunFolderError(file: log.path, line: n + 1, "not an epoch record: \(oneLineReason(error))")
            }
        }
        return entries
    }

    /// Appends one epoch record and flushes it to disk.
    public func append(_ entry: EpochLog) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
        try handle.synchronize()
    }
}

/// A run folder's file that cannot be read.
public struct RunFolderError: FileError {
    public let file: String
    public let line: Int?
    public let message: String
    public init(file: String, line: Int? = nil, _ message: String) { self.file = file; self.line = line; self.message = message }
    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): " + singleLine(message)
    }
}
