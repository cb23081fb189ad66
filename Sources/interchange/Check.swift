import ArgumentParser
import InterchangeCore

/// `interchange check`: load and validate the whole project, run every mapping's examples.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate a project and run its mapping examples.")

    @Option(help: "The project folder.") var project: String = "examples/order-to-cash"

    func run() async throws {
        let loaded = try ProjectCommand.load(project)
        let (examples, problems) = ProjectChecker.check(loaded)
        for problem in problems { print("\(project)/\(problem)") }
        let summary = "\(loaded.systems.count) systems, \(loaded.contracts.count) contracts, \(loaded.mappings.count) mappings, \(loaded.flows.count) flows, \(examples) examples"
        if problems.isEmpty {
            print("ok: \(summary)")
        } else {
            print("\(problems.count) problem(s): \(summary)")
            throw ExitCode(1)
        }
    }
}
