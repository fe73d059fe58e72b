import ArgumentParser
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import GNN2GNN
import FileIO
import TensorCore

@main
struct GNN2GNNCommand: AsyncParsableCommand {
    static func main() async {
        BLASKernel.restartWithFasterKernelIfNeeded()
        BLAS.setThreadCount(1)
        FloatEnvironment.applyProcessSetting()
        Allocator.keepFreedMemory()
        // Console output reaches a file or a pipe line by line, so a killed run's log is not lost in a buffer.
        setvbuf(stdout, nil, _IOLBF, 0)
        var command: ParsableCommand
        do { command = try parseAsRoot() } catch {
            exit(withError: error)  // usage errors: ArgumentParser names the subcommand and shows its usage
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // ArgumentParser's own commands (`help`, `--help` after a subcommand) end by throwing its
            // errors, which it prints itself: help text, exit status 0.
            let ours = String(reflecting: type(of: command)).hasPrefix("gnn2gnn.")
            if error is CleanExit || error is ExitCode || !ours { exit(withError: error) }
            // Errors while running: one line, the file and field where there is one, never a backtrace.
            printError("error: \(runErrorMessage(error))")
            exit(withError: ExitCode(error is ValidationError ? 64 : 1))
        }
    }

    /// The one-line message of an error raised while a command runs.
    static func runErrorMessage(_ error: Error) -> String {
        if let validation = error as? ValidationError { return validation.message }
        return oneLineReason(error)
    }

    static let configuration = CommandConfiguration(
        commandName: "gnn2gnn",
        abstract: "Learn to generate strong neural-network cells from a NAS benchmark (GNN2GNN, UAI 2022).",
        subcommands: [TrainCommand.self, GenerateCommand.self, EvaluateCommand.self, InspectCommand.self, ExperimentCommand.self, PresetsCommand.self, SelfCheckCommand.self]
    )
}
