import ArgumentParser
import GNN2GNN

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "Print, as a Markdown table, every setting in which the default preset differs from the paper's.",
        discussion: "Computed from the presets themselves (the README's table is this output: `make readme-presets`)."
    )

    @Option(help: "Comma-separated search spaces, one column each.") var spaces = "nb201,nb101,nbgraph"

    func run() throws {
        let names = spaces.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        do { print(try TrainingConfiguration.presetDifferencesTable(spaces: names)) } catch {
            throw ValidationError("\(error)")
        }
    }
}
