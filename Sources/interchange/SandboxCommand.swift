import ArgumentParser
import AsyncHTTPClient
import Hummingbird
import Logging
import Sandbox

/// `interchange sandbox`: the simulated storefront, ERP and WMS on one port.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sandbox", abstract: "Run the system simulators (for tests and demos only).")

    @Option(help: "Port to listen on (127.0.0.1).") var port: Int = 9400
    @Option(help: "Log level.") var logLevel: Logger.Level = .info

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: logLevel)
        let router = SandboxRouter(state: SandboxState(), client: HTTPClient.shared).makeRouter()
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "interchange-sandbox"),
            onServerRunning: { channel in logger.notice("Sandbox listening", metadata: ["port": "\(channel.localAddress?.port ?? port)"]) },
            logger: logger)
        try await app.runService()
    }
}
