import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import InterchangeCore
import InterchangeSQLite
import InterchangeServer
import JSONValue
import Logging
import NIOCore
import Sandbox
import ServiceLifecycle

/// `interchange demo`: sandbox + hub + a stream of generated orders, in one process.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the sandbox and the hub, send generated orders, print a summary.")

    @Option(help: "The project folder.") var project: String = "examples/order-to-cash"
    @Option(help: "Hub port.") var port: Int = 8080
    @Option(help: "Sandbox port.") var sandboxPort: Int = 9400
    @Option(help: "Orders to send.") var orders: Int = 25
    @Option(help: "Share of orders given an unknown SKU (they fail in the ERP, visibly).") var unknownSkuRate: Double = 0.1
    @Option(help: "SQLite file for the demo (recreated).") var database: String = "interchange-demo.sqlite"
    @Flag(help: "Exit after printing the summary instead of serving until Ctrl-C.") var exit = false
    @Option(help: "Log level.") var logLevel: Logger.Level = .warning

    func run() async throws {
        let logger = LoggingSetup.bootstrap(level: logLevel)
        let registry = MetricsSetup.bootstrap()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        var environment = ProcessInfo.processInfo.environment
        environment["SANDBOX_URL"] = "http://127.0.0.1:\(sandboxPort)"
        let loaded: Project
        do {
            loaded = try ProjectLoader.load(from: URL(fileURLWithPath: project), environment: environment)
        } catch {
            for problem in error.problems { print("\(project)/\(problem)") }
            throw ExitCode(1)
        }
        let secret = loaded.systems["storefront"]?.webhookSecret ?? "sandbox-secret"
        let store = try SQLiteStore(path: database)
        let hub = Hub.make(project: loaded, store: store, httpClient: HTTPClient.shared, logger: logger)
        let ready = ReadinessLatch(count: 2)
        let sandbox = Application(
            router: SandboxRouter(state: SandboxState(), client: HTTPClient.shared).makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: sandboxPort), serverName: "interchange-sandbox"),
            onServerRunning: { _ in await ready.arrive() }, logger: logger)
        let app = buildApplication(hub: hub, port: port, registry: registry, onServerRunning: { _ in await ready.arrive() }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [sandbox, app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let driver = DemoDriver(
            hub: hub, hubURL: "http://127.0.0.1:\(port)", sandboxURL: "http://127.0.0.1:\(sandboxPort)", secret: secret,
            orders: orders, unknownSkuRate: unknownSkuRate)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                await ready.wait()
                do {
                    try await driver.drive()
                } catch {
                    print("demo failed: \(error)")
                }
                if exit {
                    await group.triggerGracefulShutdown()
                } else {
                    print("\nServing until Ctrl-C.")
                }
            }
            try await tasks.waitForAll()
        }
    }
}

/// Waits until both servers are listening.
actor ReadinessLatch {
    private var remaining: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { remaining = count }

    func arrive() {
        remaining -= 1
        if remaining <= 0 {
            for w in waiters { w.resume() }
            waiters = []
        }
    }

    func wait() async {
        if remaining <= 0 { return }
        await withCheckedContinuation { waiters.append($0) }
    }
}

/// Sends the orders through the storefront simulator and reports what happened.
struct DemoDriver {
    let hub: Hub
    let hubURL: String
    let sandboxURL: String
    let secret: String
    let orders: Int
    let unknownSkuRate: Double

    func drive() async throws {
        print("Interchange demo")
        print("  hub      \(hubURL)   (webhooks: POST /v1/hooks/storefront)")
        print("  sandbox  \(sandboxURL)")
        print("Sending \(orders) Shopify orders/create webhooks (each delivered twice, to show deduplication)…")
        let request: JSON = [
            "target": .string(hubURL + "/v1/hooks/storefront"), "count": .integer(orders), "secret": .string(secret),
            "unknownSkuRate": .double(unknownSkuRate), "duplicates": 1,
        ]
        let sent = try await post(sandboxURL + "/_sandbox/storefront/send", request)
        let started = ContinuousClock.now
        var counts: [RunState: Int] = [:]
        while ContinuousClock.now - started < .seconds(60) {
            counts = try await hub.store.runCounts()
            let active = (counts[.ready] ?? 0) + (counts[.running] ?? 0) + (counts[.retrying] ?? 0)
            if active == 0 && (counts[.succeeded] ?? 0) + (counts[.failed] ?? 0) >= orders { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let salesOrders = try await get(sandboxURL + "/_sandbox/erp/salesOrder").arrayValue?.count ?? 0
        let customers = try await get(sandboxURL + "/_sandbox/erp/customer").arrayValue?.count ?? 0
        let reservations = try await get(sandboxURL + "/_sandbox/wms/reservation").arrayValue?.count ?? 0
        let failed = try await hub.store.runs(RunFilter(state: .failed, limit: 5))
        print("")
        print("Summary")
        print("  orders sent          \(orders) (\(sent["accepted"]?.numberValue?.intValue ?? 0) deliveries accepted, duplicates answered without a second event)")
        print("  events stored        \(try await hub.store.inboundCount())")
        print("  runs succeeded       \(counts[.succeeded] ?? 0)")
        print("  runs failed          \(counts[.failed] ?? 0)")
        print("  in the ERP           \(salesOrders) sales orders, \(customers) customers")
        print("  in the WMS           \(reservations) reservations")
        for run in failed {
            print("  failed run \(run.id) (\(run.key)): \(run.lastError?.message ?? "")")
        }
        print("")
        print("Where to look")
        print("  \(hubURL)/v1/runs?state=failed        failed runs, with the ERP's error")
        print("  \(hubURL)/v1/runs/{id}                 one run with its steps")
        print("  \(hubURL)/metrics                      Prometheus metrics")
        print("  \(sandboxURL)/_sandbox/erp/salesOrder  the ERP's sales orders")
    }

    private func post(_ url: String, _ body: JSON) async throws -> JSON {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(120))
        return try JSON.parse(Array(try await response.body.collect(upTo: 16 << 20).readableBytesView))
    }

    private func get(_ url: String) async throws -> JSON {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        return try JSON.parse(Array(try await response.body.collect(upTo: 64 << 20).readableBytesView))
    }
}
