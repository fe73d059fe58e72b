#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import FileIO
import Foundation
import Synchronization
import TensorCore

/// What one reader did with its mutated inputs.
public struct FuzzReport: Codable, Sendable {
    public var reader: String
    public var inputs = 0
    /// Inputs the reader read without an error (mutations that kept the input valid).
    public var accepted = 0
    /// Inputs rejected with a one-line `FileError` naming the file: the expected outcome.
    public var rejected = 0
    /// Inputs rejected some other way (another error type, several lines, the file not named).
    public var unclear = 0
    public var slowestMilliseconds = 0.0
    public var seconds = 0.0
    /// Up to three unclear messages with the input index that produced them.
    public var unclearExamples: [String] = []
}

/// Runs readers on seeded mutations of their valid inputs in this process. A crash (a trap, a bad
/// access) or a hang ends the process with a message naming the reader and the input index
/// (`gnn2gnn-fuzz --reader NAME --start INDEX --inputs 1 --save DIR` writes that input out).
public struct FuzzRunner {
    public var seed: UInt64 = 1
    /// An input that takes longer than this is reported as a hang.
    public var hangSeconds = 20.0
    public var mutator = Mutator()

    public init() {}

    /// Reads `count` mutated inputs starting at index `start`; `save` keeps each input in a folder.
    public func run(_ target: FuzzTarget, start: Int = 0, count: Int, scratch: URL, save: URL? = nil,
                    progress: (Int) -> Void = { _ in }) -> FuzzReport {
        var report = FuzzReport(reader: target.name)
        let folder = scratch.appendingPathComponent(target.name, isDirectory: true)
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(target.fileName).path
        let began = Date()
        CrashReporter.install(hangSeconds: hangSeconds)
        for index in start..<(start + count) {
            var random = SeededGenerator(seed: seed &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(index) ^ stableHash(target.name))
            let original = target.seeds[random.int(below: target.seeds.count)]
            let mutated = mutator.mutate(original, using: &random)
            let bytes = target.finish(mutated, original, &random, mutator)
            FileManager.default.createFile(atPath: path, contents: Data(bytes))
            if let save { FileManager.default.createFile(atPath: save.appendingPathComponent("\(target.name)-\(index)-\(target.fileName)").path, contents: Data(bytes)) }
            CrashReporter.begin("reader \(target.name), input \(index) (seed \(seed)): reproduce with gnn2gnn-fuzz --reader \(target.name) --seed \(seed) --start \(index) --inputs 1 --save DIR")
            let t0 = DispatchTime.now().uptimeNanoseconds
            do {
                try target.read(path)
                report.accepted += 1
            } catch let error as FileError {
                let text = error.description
                if !text.contains("\n") && text.count <= 600 && (text.contains(path) || text.contains(target.fileName)) {
                    report.rejected += 1
                } else {
                    report.unclear += 1
                    if report.unclearExamples.count < 3 { report.unclearExamples.append("input \(index): \(String(text.prefix(300)))") }
                }
            } catch {
                report.unclear += 1
                if report.unclearExamples.count < 3 {
                    report.unclearExamples.append("input \(index): \(type(of: error)): \(String(String(describing: error).prefix(300)))")
                }
            }
            CrashReporter.end()
            report.slowestMilliseconds = max(report.slowestMilliseconds, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
            report.inputs += 1
            if report.inputs % 1000 == 0 { progress(report.inputs) }
        }
        report.seconds = Date().timeIntervalSince(began)
        return report
    }

    private func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
    }
}

/// Peak resident memory of this process so far, in MiB.
public func peakResidentMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // kilobytes
    #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / 1_048_576  // bytes
    #endif
}

/// Signal handlers and a watchdog that turn a crash or a hang into one line naming the input.
enum CrashReporter {
    private nonisolated(unsafe) static var note = UnsafeMutablePointer<CChar>.allocate(capacity: 1024)
    private static let started = Atomic<UInt64>(0)
    private nonisolated(unsafe) static var installed = false

    static func install(hangSeconds: Double) {
        guard !installed else { return }
        installed = true
        note[0] = 0
        for signal in [SIGSEGV, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE] {
            _ = Foundation.signal(signal) { _ in
                // Only async-signal-safe calls here: write(2) of prepared bytes, then _exit.
                let prefix: StaticString = "fuzz: CRASH in "
                _ = write(2, prefix.utf8Start, prefix.utf8CodeUnitCount)
                _ = write(2, CrashReporter.note, strlen(CrashReporter.note))
                let newline: StaticString = "\n"
                _ = write(2, newline.utf8Start, 1)
                _exit(70)
            }
        }
        let limit = UInt64(hangSeconds * 1e9)
        let watchdog = Thread {
            while true {
                Thread.sleep(forTimeInterval: 0.5)
                let start = started.load(ordering: .relaxed)
                if start != 0, DispatchTime.now().uptimeNanoseconds - start > limit {
                    let message = "fuzz: HANG (over \(Int(hangSeconds)) s) in " + String(cString: note) + "\n"
                    _ = message.withCString { write(2, $0, strlen($0)) }
                    _exit(71)
                }
            }
        }
        watchdog.start()
    }

    static func begin(_ description: String) {
        _ = description.withCString { strncpy(note, $0, 1023) }
        note[1023] = 0
        started.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
    }

    static func end() { started.store(0, ordering: .relaxed) }
}
