import AsyncHTTPClient
import Foundation
import JSONValue
import Sandbox
import TestSupport
import Testing

/// Issue 5's chaos scenario with the real binaries: orders delivered out of order and partly twice
/// while the ERP and WMS fail, time out and commit-then-fail, and the hub is SIGKILLed three times.
/// `CHAOS_ORDERS` changes the size (1,000 by default).
@Suite(.serialized) struct ChaosTests {
    static let orderCount = ProcessInfo.processInfo.environment["CHAOS_ORDERS"].flatMap(Int.init) ?? 1000
    /// Generous bounds that grow with the size: 15 minutes for the CI size, more for the benchmark's.
    static let minutesAllowed = max(15, orderCount / 500)
    static let settleTimeout = Duration.seconds(max(300, orderCount / 20))
    /// Polling the hub's counters costs it a scan of the run table; large runs poll less often.
    static let pollInterval = orderCount > 10_000 ? Duration.seconds(2) : .milliseconds(100)

    @Test(.timeLimit(.minutes(minutesAllowed)))
    func ordersSurviveFaultsDuplicatesReorderingAndThreeKills() async throws {
        let sandbox = try InterchangeProcess(["sandbox", "--port", "0", "--log-level", "notice"])
        defer { sandbox.terminate() }
        let sandboxURL = "http://127.0.0.1:\(try await sandbox.port(announcedBy: "Sandbox listening"))"
        for system in ["erp", "wms"] {
            let faults: JSON = [
                "system": .string(system), "errorRate": 0.10, "timeoutRate": 0.05, "hangMs": 1500, "commitThenFailRate": 0.03,
            ]
            #expect(try await HTTP.post(sandboxURL + "/_sandbox/faults", faults) == 200)
        }

        let hub = try RestartableHub(sandboxURL: sandboxURL)
        defer { hub.stop() }
        try await hub.start()

        // 1 % of orders carry a SKU the ERP does not know; 5 % are delivered twice; all in shuffled order.
        // Orders are generated when delivered (deterministically from their index), so the size can grow.
        let generator = ShopifyOrderGenerator()
        let count = Self.orderCount
        @Sendable func order(_ i: Int) -> JSON {
            generator.order(
                id: 820_982_911_946_154_508 &+ UInt64(i) &* 7919, number: 1001 + i, unknownSku: i % 100 == 37, seed: UInt64(i + 1),
                shape: Self.shape(i))
        }
        let unknown = (0..<count).filter { $0 % 100 == 37 }
        let deliveries = (Array(0..<count) + Array(stride(from: 0, to: count, by: 20))).shuffled()

        let delivered = Counter()
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            let senders = 8
            for sender in 0..<senders {
                group.addTask {
                    for index in stride(from: sender, to: deliveries.count, by: senders) {
                        let payload = order(deliveries[index])
                        try await hub.deliver(payload, topic: "orders/create", eventId: "evt-\(payload["id"]!.description)")
                        await delivered.increment()
                    }
                }
            }
            group.addTask {
                for fraction in [0.25, 0.5, 0.75] {
                    while await delivered.value < Int(Double(deliveries.count) * fraction) { try await Task.sleep(for: .milliseconds(20)) }
                    try await hub.killAndRestart()
                }
            }
            try await group.waitForAll()
        }
        #expect(hub.kills == 3)

        let settled = try await HTTP.eventually(timeout: Self.settleTimeout, every: Self.pollInterval) {
            let runs = try await hub.runCounts()
            return runs["succeeded"] == count - unknown.count && runs["failed"] == unknown.count
        }
        let runsNow = try await hub.runCounts()
        #expect(settled, "runs settle: \(count - unknown.count) succeeded, \(unknown.count) in the exception queue; now \(runsNow)")
        let settleDuration = clock.now - started
        let settleSeconds = Double(settleDuration.components.seconds) + Double(settleDuration.components.attoseconds) / 1e18

        // Later events of the parked orders wait, in order, behind the failed create.
        for index in unknown {
            for revision in 1...2 {
                let update = generator.updated(order(index), note: "update \(revision)", revision: revision)
                try await hub.deliver(update, topic: "orders/updated", eventId: "evt-upd-\(update["id"]!.description)-\(revision)")
            }
        }
        let held = try await HTTP.eventually(timeout: Self.settleTimeout, every: Self.pollInterval) { try await hub.runCounts()["held"] == 2 * unknown.count }
        #expect(held, "the updates of parked orders are held")

        // The operator corrects the SKU in each failing sales-order input and retries, through the API.
        let exceptions = try await HTTP.get(hub.url + "/v1/exceptions?limit=\(count)", upTo: 1 << 30)?["exceptions"]?.arrayValue ?? []
        #expect(exceptions.count == unknown.count)
        for exception in exceptions {
            let runId = try #require(exception["run"]?["id"]?.stringValue)
            let step = try #require(exception["step"])
            #expect(step["name"] == "create-sales-order", "an exception other than the unknown SKU's: \(exception)")
            let corrected = try Self.replacingUnknownSKU(in: try #require(step["input"]))
            let status = try await HTTP.post(
                hub.url + "/v1/exceptions/\(runId)/edit-and-retry",
                ["actor": "ops.chaos", "reason": "SKU corrected to the catalogue's", "input": corrected])
            #expect(status == 200)
        }
        let allDone = try await HTTP.eventually(timeout: Self.settleTimeout, every: Self.pollInterval) {
            try await hub.runCounts()["succeeded"] == count + 2 * unknown.count
        }
        #expect(allDone, "every run succeeds after the operator's corrections")
        #expect(try await hub.metric("interchange_inbound_events") == count + 2 * unknown.count, "duplicate deliveries were recorded once")

        // The ERP holds exactly one sales order per order, the WMS one reservation per order.
        let salesOrders = try await HTTP.get(sandboxURL + "/_sandbox/erp/salesOrder", upTo: 1 << 30)?.arrayValue ?? []
        #expect(salesOrders.count == count)
        #expect(Set(salesOrders.compactMap { $0["externalId"]?.stringValue }).count == count, "no duplicate sales orders")
        // Every sales order's own total equals the storefront's total_price, discounts and included taxes alike.
        let totals = Dictionary(salesOrders.compactMap { o in o["externalId"]?.stringValue.map { ($0, o["total"]) } }, uniquingKeysWith: { a, _ in a })
        let wrongTotals = (0..<count).filter { i in
            let placed = order(i)
            let total = totals["SHOP-\(placed["id"]!.description)"] ?? nil
            return total?.stringValue.flatMap { Decimal(string: $0) } != placed["total_price"]?.stringValue.flatMap { Decimal(string: $0) }
        }
        #expect(wrongTotals.isEmpty, "ERP totals differ from total_price for orders \(wrongTotals.prefix(10))")
        let reservations = try await HTTP.get(sandboxURL + "/_sandbox/wms/reservation", upTo: 1 << 30)?.arrayValue ?? []
        #expect(reservations.count == count, "one reservation per order despite retries and ambiguous outcomes")
        let duplicates = salesOrders.count - Set(salesOrders.compactMap { $0["externalId"]?.stringValue }).count
        print(
            "chaos: \(count) orders, \(deliveries.count) deliveries, \(hub.kills) SIGKILLs; settled in \((settleSeconds * 10).rounded() / 10) s "
                + "(\(Int(Double(count) / settleSeconds)) orders/s); exceptions \(unknown.count), fixed and applied with \(2 * unknown.count) held updates; "
                + "ERP sales orders \(salesOrders.count), duplicates \(duplicates), WMS reservations \(reservations.count)")

        // Each corrected order got its updates after its create, in order.
        let writes = try await HTTP.get(sandboxURL + "/_sandbox/erp/write", upTo: 1 << 30)?.arrayValue ?? []
        var memosByOrder: [String: [String]] = [:]
        for write in writes where write["recordType"] == "salesOrder" {
            guard let externalId = write["externalId"]?.stringValue, let memo = write["memo"]?.stringValue else { continue }
            if memosByOrder[externalId]?.last != memo { memosByOrder[externalId, default: []].append(memo) }
        }
        let salesOrdersById = Dictionary(salesOrders.compactMap { order in order["externalId"]?.stringValue.map { ($0, order) } }, uniquingKeysWith: { a, _ in a })
        for index in unknown {
            let externalId = "SHOP-\(order(index)["id"]!.description)"
            #expect(memosByOrder[externalId] == ["update 1", "update 2"], "\(externalId): updates applied in order")
            let record = salesOrdersById[externalId]
            #expect(record?["memo"] == "update 2")
            #expect(record?["item"]?["items"]?.arrayValue?.contains { $0["item"]?["externalId"]?.stringValue?.hasPrefix("UNKNOWN-") == true } == false)
        }
    }

    /// Order `i`'s money: line and order discounts, free shipping, VAT-inclusive prices and several taxes
    /// per line recur through the run, in combinations.
    static func shape(_ i: Int) -> OrderShape {
        let regimes: [OrderShape.TaxRegime] = [.salesTax, .canada, .indiaIntraState, .indiaInterState]
        let included = i % 4 == 1
        return OrderShape(
            lineDiscount: i % 3 == 0, orderDiscount: i % 5 == 0, shippingDiscount: i % 11 == 0, taxesIncluded: included,
            regime: included ? .vat : regimes[i % 7 % regimes.count], multiCurrency: i % 6 == 0, giftCard: i % 13 == 0,
            taxExempt: i % 17 == 0, zeroRated: i % 9 == 0, halfCentTax: i % 8 == 0)
    }

    /// The sales-order body with every unknown SKU replaced by the SKU of a line the ERP knows.
    static func replacingUnknownSKU(in body: JSON) throws -> JSON {
        guard case .object(var object) = body, case .object(var item) = object["item"], case .array(var lines) = item["items"] else {
            throw HarnessError("unexpected sales-order input \(body)")
        }
        let known = lines.compactMap { $0["item"]?["externalId"]?.stringValue }.first { !$0.hasPrefix("UNKNOWN-") } ?? "SKU-MUG-01"
        for i in lines.indices where lines[i]["item"]?["externalId"]?.stringValue?.hasPrefix("UNKNOWN-") == true {
            guard case .object(var line) = lines[i] else { continue }
            line["item"] = ["externalId": .string(known)]
            lines[i] = .object(line)
        }
        item["items"] = .array(lines)
        object["item"] = .object(item)
        return .object(object)
    }
}

/// A count shared by concurrent senders.
actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}

/// The hub as a real process on one SQLite file, which the test can SIGKILL and start again; deliveries
/// retry (as Shopify does) until the hub answers, whichever process is up.
final class RestartableHub: @unchecked Sendable {
    private let lock = NSLock()
    private var process: InterchangeProcess?
    private var currentURL = ""
    private(set) var kills = 0
    private let arguments: [String]
    private let environment: [String: String]
    private let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")

    init(sandboxURL: String) throws {
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("chaos-\(UUID().uuidString).sqlite").path
        arguments = ["serve", "--project", "examples/order-to-cash", "--store", "sqlite:" + database, "--port", "0", "--log-level", "notice"]
        // Short timeouts so that a hung write counts as a timeout quickly; a short breaker pause.
        environment = ["SANDBOX_URL": sandboxURL, "ERP_TIMEOUT_MS": "400", "WMS_TIMEOUT_MS": "400", "ERP_BREAKER_OPEN_SECONDS": "1"]
    }

    var url: String { lock.withLock { currentURL } }

    func start() async throws {
        let started = try InterchangeProcess(arguments, environment: environment)
        let port = try await started.port(announcedBy: "Hub listening")
        lock.withLock {
            process = started
            currentURL = "http://127.0.0.1:\(port)"
        }
    }

    func killAndRestart() async throws {
        let running = lock.withLock {
            currentURL = ""
            kills += 1
            return process
        }
        running?.kill()
        try await start()
    }

    func stop() {
        lock.withLock { process }?.terminate()
    }

    /// Delivers until the hub accepts (2xx); connection failures and 5xx are retried after a pause.
    func deliver(_ payload: JSON, topic: String, eventId: String) async throws {
        while true {
            let target = url
            if !target.isEmpty, let delivery = try? await sender.deliver(payload, to: target + "/v1/hooks/storefront", topic: topic, eventId: eventId) {
                if (200..<300).contains(delivery.status) { return }
                guard delivery.status >= 500 else { throw HarnessError("hub refused \(eventId): \(delivery.status) \(delivery.body)") }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Runs per state, from the hub's `/metrics`.
    func runCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in try await metricsText().split(separator: "\n") where line.hasPrefix("interchange_runs{state=\"") {
            let parts = line.dropFirst("interchange_runs{state=\"".count).split(separator: "\"")
            if parts.count == 2, let n = Int(parts[1].dropFirst(2)) { counts[String(parts[0])] = n }
        }
        return counts
    }

    /// One unlabelled gauge from `/metrics`.
    func metric(_ name: String) async throws -> Int? {
        try await metricsText().split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap { Int($0.dropFirst(name.count + 1)) }
    }

    private func metricsText() async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url + "/metrics"), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 20))
    }
}
