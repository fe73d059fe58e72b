import ArgumentParser
import GNN2GNN

@main
struct GNN2GNNCommand: AsyncParsableCommand {
    static func main() async {
        BLAS.setThreadCount(1)
        FloatEnvironment.applyProcessSetting()
        Allocator.keepFreedMemory()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "gnn2gnn",
        abstract: "Learn to generate strong neural-network cells from a NAS benchmark (GNN2GNN, UAI 2022).",
        subcommands: [TrainCommand.self, GenerateCommand.self, EvaluateCommand.self, InspectCommand.self, ExperimentCommand.self, SelfCheckCommand.self]
    )
}
