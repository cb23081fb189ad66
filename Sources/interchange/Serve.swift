import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import InterchangeCore
import InterchangeServer
import Logging
import Metrics
import Prometheus
import ServiceLifecycle

/// `interchange serve`: runs the hub on a project.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the hub for a project.")

    @Option(help: "The project folder.") var project: String = "examples/order-to-cash"
    @Option(help: "Storage: sqlite:PATH or memory.") var store: String = "sqlite:interchange.sqlite"
    @Option(help: "Port to listen on (127.0.0.1).") var port: Int = 8080
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Runs executed in parallel.") var concurrency: Int = 8
    @Option(help: "Maximum webhook body in bytes.") var maxBodyBytes: Int = 1 << 20
    @Option(help: "Open connections at most; more are closed as they connect.") var maxConnections: Int = 512
    @Option(help: "Seconds a request may take to arrive whole (head and body), and a connection may stay idle.") var readTimeoutSeconds: Int = 30
    @Option(help: "Log level.") var logLevel: Logger.Level = .info

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("Port must be 0...65535.") }
    }

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: logLevel)
        let registry = MetricsSetup.bootstrap()
        let loaded = try ProjectCommand.load(project)
        let storage = try StoreOption.open(store)
        let hub = Hub.make(project: loaded, store: storage, httpClient: HTTPClient.shared, concurrency: concurrency, maxBodyBytes: maxBodyBytes, logger: logger)
        let limits = ConnectionLimits(maxConnections: maxConnections, readTimeout: .seconds(readTimeoutSeconds))
        let app = buildApplication(
            hub: hub, host: host, port: port, registry: registry, connectionLimits: limits,
            onServerRunning: { port in logger.notice("Hub listening", metadata: ["port": "\(port)", "project": "\(project)"]) },
            logger: logger)
        try await app.runService()
    }
}

enum MetricsSetup {
    nonisolated(unsafe) private static var registry: PrometheusCollectorRegistry?

    /// Bootstraps swift-metrics with a Prometheus registry once per process.
    static func bootstrap() -> PrometheusCollectorRegistry {
        if let registry { return registry }
        let created = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: created))
        registry = created
        return created
    }
}
