import ArgumentParser
import Foundation
import InterchangeCore
import JSONValue

/// `interchange contracts …`: contract versioning tools.
struct ContractsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contracts", abstract: "Work with data contracts.", subcommands: [Diff.self])

    /// `interchange contracts diff OLD NEW [--project DIR]`.
    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Classify every change between two versions of a contract; exit 1 if any is breaking.",
            discussion: "With --project, each breaking change lists the mappings and flow steps that read or write the field.")

        @Argument(help: "The old contract file.") var old: String
        @Argument(help: "The new contract file.") var new: String
        @Option(help: "A project whose mappings and flows to check for impact.") var project: String?

        func run() async throws {
            let oldSchema = try Self.load(old)
            let newSchema = try Self.load(new)
            let documents = SiblingSchemas.byId(besides: [old, new])
            let changes = ContractDiff(old: oldSchema, new: newSchema, resolver: { documents[$0] }).changes()
            let name = newSchema["title"]?.stringValue ?? (new as NSString).lastPathComponent
            let breaking = changes.filter { $0.compatibility == .breaking }
            print("\(name) \(oldSchema["x-version"]?.stringValue ?? "?") → \(newSchema["x-version"]?.stringValue ?? "?"): \(changes.count) change(s), \(breaking.count) breaking")
            let loaded = try project.map(ProjectCommand.load)
            let stem = loaded?.contracts.first { $0.value.name == (oldSchema["title"]?.stringValue ?? name) }?.key
            for change in changes {
                print(change)
                guard change.compatibility == .breaking, let loaded, let stem, let field = change.fieldName else { continue }
                let impacts = ContractImpact.of(field: field, contract: stem, in: loaded)
                for impact in impacts { print("           \(impact)") }
                if impacts.isEmpty { print("           no mapping or flow of the project reads or writes it") }
            }
            if !breaking.isEmpty { throw ExitCode(1) }
        }

        static func load(_ path: String) throws -> JSON {
            do {
                return try JSON.parse(try FileReading.bytes(path))
            } catch let error as JSONParseError {
                throw CommandFailure("\(path): \(error)")
            }
        }
    }
}
