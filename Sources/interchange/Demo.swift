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
    @Option(help: "Share of orders with a line discount.") var discountRate: Double = 0.3
    @Option(help: "Share of orders with an order-level discount spread across the lines.") var orderDiscountRate: Double = 0.2
    @Option(help: "Share of orders whose prices include tax (VAT).") var taxesIncludedRate: Double = 0.2
    @Option(help: "Share of orders with several taxes per line (GST + PST, CGST + SGST, IGST).") var multiTaxRate: Double = 0.2
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
            orders: orders, mix: JSONObject([
                ("unknownSkuRate", .double(unknownSkuRate)), ("discountRate", .double(discountRate)),
                ("orderDiscountRate", .double(orderDiscountRate)), ("taxesIncludedRate", .double(taxesIncludedRate)),
                ("multiTaxRate", .double(multiTaxRate)),
            ]))
        let outcome = DemoOutcome()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                await ready.wait()
                do {
                    let problems = try await driver.drive()
                    for problem in problems { print("demo failed: \(problem)") }
                    if !problems.isEmpty { await outcome.fail() }
                } catch {
                    print("demo failed: \(error)")
                    await outcome.fail()
                }
                if exit {
                    await group.triggerGracefulShutdown()
                } else {
                    print("\nServing until Ctrl-C.")
                }
            }
            try await tasks.waitForAll()
        }
        if await outcome.failed { throw ExitCode(1) }
    }
}

/// Whether the demo's driver found a problem: `demo --exit` then exits 1.
actor DemoOutcome {
    private(set) var failed = false
    func fail() { failed = true }
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
    /// The storefront's order mix and faults for this run (`unknownSkuRate`, `discountRate`, …).
    let mix: JSONObject

    /// Sends the orders, waits for them to settle and prints the summary; returns what went wrong
    /// (runs that did not settle, events lost, ERP totals that differ from the storefront's).
    func drive() async throws -> [String] {
        print("Interchange demo")
        print("  hub      \(hubURL)   (webhooks: POST /v1/hooks/storefront)")
        print("  sandbox  \(sandboxURL)")
        print("Sending \(orders) Shopify orders/create webhooks (each delivered twice, to show deduplication)…")
        var request = mix
        request["target"] = .string(hubURL + "/v1/hooks/storefront")
        request["count"] = .integer(orders)
        request["secret"] = .string(secret)
        request["duplicates"] = 1
        let sent = try await post(sandboxURL + "/_sandbox/storefront/send", .object(request))
        let started = ContinuousClock.now
        var counts: [RunState: Int] = [:]
        var settled = false
        while ContinuousClock.now - started < .seconds(60) {
            counts = try await hub.store.runCounts()
            let active = (counts[.ready] ?? 0) + (counts[.running] ?? 0) + (counts[.retrying] ?? 0)
            if active == 0 && (counts[.succeeded] ?? 0) + (counts[.failed] ?? 0) >= orders {
                settled = true
                break
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        let erpOrders = try await get(sandboxURL + "/_sandbox/erp/salesOrder").arrayValue ?? []
        let salesOrders = erpOrders.count
        let storefrontOrders = try await get(sandboxURL + "/_sandbox/storefront/order").arrayValue ?? []
        let money = MoneyCheck(storefront: storefrontOrders, erp: erpOrders)
        // Orders sent with a SKU the ERP does not know fail on purpose; any other failure is the demo's.
        let intendedFailures = storefrontOrders.filter { order in
            order["line_items"]?.arrayValue?.contains { $0["sku"]?.stringValue?.hasPrefix("UNKNOWN-") == true } == true
        }.count
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
        print("  discounted orders    \(money.discounted) in the ERP, \(money.taxesIncluded) with tax-inclusive prices, \(money.severalTaxes) with several taxes")
        print("  ERP totals           \(money.matching) of \(salesOrders) equal the storefront's total_price to the cent")
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
        var problems: [String] = []
        if !settled { problems.append("runs did not settle within 60 s: \(counts)") }
        let stored = try await hub.store.inboundCount()
        if stored != orders { problems.append("\(orders) orders sent, \(stored) events stored") }
        if (counts[.failed] ?? 0) > intendedFailures {
            problems.append("\(counts[.failed] ?? 0) runs failed, only \(intendedFailures) orders were sent with an unknown SKU")
        }
        problems += money.mismatches
        return problems
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
