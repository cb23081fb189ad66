import ArgumentParser

@main
struct Interchange: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interchange",
        abstract: "An ERP integration hub: webhooks in, canonical events, durable flows out.",
        subcommands: [Serve.self, SandboxCommand.self, Demo.self, Check.self, MapCommand.self, Validate.self, ContractsCommand.self, ExceptionsCommand.self, ReplayCommand.self, FaultsCommand.self]
    )
}
