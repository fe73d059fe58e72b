import ArgumentParser
import GNN2GNN

struct SelfCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "self-check",
        abstract: "Check that linear algebra and automatic differentiation work on this machine."
    )
    func run() throws {
        print("gnn2gnn self-check: not yet implemented")
    }
}
