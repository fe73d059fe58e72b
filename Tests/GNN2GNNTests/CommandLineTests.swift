import Foundation
import Testing

/// The built `gnn2gnn` executable's help: every command answers `--help` with its text and status 0.
@Suite struct CommandLineHelpTests {
    /// The executable beside the test bundle, when this build made one.
    static var executable: URL? {
        let directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [directory, directory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("gnn2gnn")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func everyCommandHasHelp() throws {
        guard Self.executable != nil else {
            print("skipped: no gnn2gnn executable beside \(CommandLine.arguments[0]) (build it with swift build)")
            return
        }
        for arguments in [["--help"], ["train", "--help"], ["help", "train"], ["generate", "--help"], ["evaluate", "--help"],
                          ["inspect", "--help"], ["experiment", "--help"]] {
            let (status, output) = try run(arguments)
            #expect(status == 0 && output.contains("USAGE:") && !output.contains("error:"), "\(arguments): \(output.prefix(300))")
        }
        // Help text is wrapped to the terminal: compare with runs of white space made one space.
        let train = try run(["train", "--help"]).output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        // Research options are grouped, and each states the default and the paper's value.
        #expect(train.contains("PAPER HYPERPARAMETERS:") && train.contains("VALUER:") && train.contains("ORACLE LOOK-UPS AND CHECKPOINT:"))
        #expect(train.contains("(default: nb201, nbgraph 20; nb101 5; paper: 20)") && train.contains("(values: gnn, molgan, slots, autoregressive, rnn)"))
    }
}
