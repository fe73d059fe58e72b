import ArgumentParser
import GNN2GNN

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Print a benchmark's facts: records, distinct graphs, best/median objective, node counts."
    )
    func run() throws {
        throw ValidationError("inspect is not implemented yet")
    }
}
