import ArgumentParser
import GNN2GNN

@main
struct GNN2GNNCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gnn2gnn",
        abstract: "Learn to generate strong neural-network cells from a NAS benchmark (GNN2GNN, UAI 2022).",
        subcommands: [InspectCommand.self, SelfCheckCommand.self]
    )
}
