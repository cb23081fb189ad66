import Hummingbird
import InterchangeCore
import Logging
import Prometheus
import ServiceLifecycle

/// The run worker as a lifecycle service: stops taking work on graceful shutdown.
public struct RunWorkerService: Service {
    public let worker: RunWorker

    public init(worker: RunWorker) { self.worker = worker }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await worker.run()
        }
    }
}

/// The one assembly function for the hub's HTTP application, used by the CLI and by tests.
/// `connectionLimits` caps open connections and the time a request may take to arrive.
public func buildApplication(
    hub: Hub,
    host: String = "127.0.0.1",
    port: Int,
    registry: PrometheusCollectorRegistry? = nil,
    runWorker: Bool = true,
    connectionLimits: ConnectionLimits = ConnectionLimits(),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in },
    logger: Logger
) -> some ApplicationProtocol {
    let router = Router()
    router.get("/healthz") { _, _ in "ok" }
    IngestController(hub: hub).register(on: router)
    AdminController(hub: hub).register(on: router)
    ExceptionsController(hub: hub).register(on: router)
    ReplayController(hub: hub).register(on: router)
    MetricsController(hub: hub, registry: registry).register(on: router)
    let services: [any Service] = runWorker ? [RunWorkerService(worker: hub.worker)] : []
    let counter = ConnectionCounter(limits: connectionLimits)
    return Application(
        router: router,
        server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(counter: counter)])),
        configuration: .init(address: .hostname(host, port: port), serverName: "interchange"),
        services: services,
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger
    )
}
