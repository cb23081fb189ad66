import AsyncHTTPClient
import Foundation
import Hummingbird
import InterchangeConnectors
import InterchangeCore
import InterchangeSQLite
import InterchangeServer
import JSONValue
import Logging
import NIOCore
import Sandbox

// interchange-bench: benchmarks of the hub, client and servers in one process.
//   interchange-bench ingest [requests] [concurrency]   signed ~2.5 KB webhooks → 2xx (events/s, p50, p99)
//   interchange-bench e2e [orders] [concurrency]        orders through hub + sandbox until every run succeeded (runs/s)
//   interchange-bench mapping [iterations] [out-dir] [engine-only]
//                                                       the Shopify → canonical Order mapping on a parsed 5-line order (µs/evaluation),
//                                                       then the same mapping written by hand (unless engine-only)
//   interchange-bench corpus-mappings [iterations] [out-dir] [name]
//                                                       every mapping in Benchmarks/corpus/mappings (µs/evaluation), outputs to out-dir
//   interchange-bench corpus-schemas [iterations] [name]
//                                                       every schema in Benchmarks/corpus/schemas on its valid and invalid instance (µs)
//   interchange-bench schema [iterations] [out-dir] [asserted|annotations]
//                                                       compiled Order contract on a parsed 5-line order (µs/validation);
//                                                       writes the schema, instance and code lists to out-dir for the peers

var logger = Logger(label: "bench")
logger.logLevel = .error
let arguments = CommandLine.arguments.dropFirst()
let mode = arguments.first ?? "ingest"
let count = arguments.dropFirst().first.flatMap(Int.init) ?? (mode == "e2e" ? 1000 : 20000)
let concurrency = arguments.dropFirst(2).first.flatMap(Int.init) ?? 32
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func startApp(_ app: some ApplicationProtocol & Sendable, ports: AsyncStream<Int>) async -> (Int, Task<Void, any Error>) {
    let task = Task { try await app.run() }
    var iterator = ports.makeAsyncIterator()
    return (await iterator.next() ?? 0, task)
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

if mode == "mapping" {
    try MappingBenchmark.run(
        root: root, iterations: count == 20000 ? 20_000 : count, outputDirectory: arguments.dropFirst(2).first,
        withReference: arguments.dropFirst(3).first != "engine-only")
    exit(0)
}

if mode == "corpus-mappings" {
    // corpus-mappings [iterations] [out-dir] [name]: one line per corpus mapping, "name µs tier".
    try MappingCorpusBenchmark.run(
        root: root, iterations: count == 20000 ? 2_000 : count, outputDirectory: arguments.dropFirst(2).first, only: arguments.dropFirst(3).first)
    exit(0)
}

if mode == "corpus-schemas" {
    // corpus-schemas [iterations] [name]: one line per corpus schema, "name valid-µs invalid-µs".
    try SchemaCorpusBenchmark.run(root: root, iterations: count == 20000 ? 20_000 : count, only: arguments.dropFirst(2).first)
    exit(0)
}

if mode == "schema" {
    try await SchemaBenchmark.run(
        root: root, iterations: count == 20000 ? 200_000 : count, outputDirectory: arguments.dropFirst(2).first,
        assertFormats: arguments.dropFirst(3).first != "annotations")
    exit(0)
}

let database = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).sqlite").path
let store = try SQLiteStore(path: database)
let (sandboxPorts, sandboxPort) = AsyncStream.makeStream(of: Int.self)
let sandbox = Application(
    router: SandboxRouter(state: SandboxState(), client: HTTPClient.shared).makeRouter(),
    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
    onServerRunning: { channel in sandboxPort.yield(channel.localAddress?.port ?? 0) }, logger: logger)
let (sandboxListening, sandboxTask) = await startApp(sandbox, ports: sandboxPorts)
let project = try ProjectLoader.load(
    from: root.appendingPathComponent("examples/order-to-cash"), environment: ["SANDBOX_URL": "http://127.0.0.1:\(sandboxListening)"])
let hub = Hub.make(project: project, store: store, httpClient: HTTPClient.shared, concurrency: 8, logger: logger)
let (hubPorts, hubPort) = AsyncStream.makeStream(of: Int.self)
let app = buildApplication(hub: hub, port: 0, runWorker: mode == "e2e", onServerRunning: { hubPort.yield($0) }, logger: logger)
let (hubListening, hubTask) = await startApp(app, ports: hubPorts)
let target = "http://127.0.0.1:\(hubListening)/v1/hooks/storefront"
let generator = ShopifyOrderGenerator()

switch mode {
case "ingest":
    let order = generator.order(id: 820_982_911_946_154_508, number: 1001, lineCount: 4, seed: 42)
    let body = order.serializedBytes()
    let signature = ShopifyWebhookVerifier.signature(body: body, secret: "sandbox-secret")
    let started = ContinuousClock.now
    let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var local: [Double] = []
                var i = worker
                while i < count {
                    var request = HTTPClientRequest(url: target)
                    request.method = .POST
                    request.headers.add(name: "X-Shopify-Topic", value: "orders/create")
                    request.headers.add(name: "X-Shopify-Hmac-Sha256", value: signature)
                    request.headers.add(name: "X-Shopify-Event-Id", value: "bench-\(i)")
                    request.body = .bytes(ByteBuffer(bytes: body))
                    let t0 = ContinuousClock.now
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
                    _ = try await response.body.collect(upTo: 1 << 16)
                    precondition(response.status.code == 202, "unexpected status \(response.status.code)")
                    let elapsed = ContinuousClock.now - t0
                    local.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
                    i += concurrency
                }
                return local
            }
        }
        var all: [Double] = []
        for try await part in group { all += part }
        return all.sorted()
    }
    let wall = ContinuousClock.now - started
    let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    let stored = try await store.inboundCount()
    print("ingest: \(count) signed webhooks of \(body.count) bytes, concurrency \(concurrency)")
    print(String(format: "  %.0f events/s, p50 %.2f ms, p99 %.2f ms, stored %d", Double(count) / seconds, percentile(latencies, 0.5), percentile(latencies, 0.99), stored))
case "e2e":
    let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
    let started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var i = worker
                while i < count {
                    let order = generator.order(id: 820_982_911_946_000_000 + UInt64(i), number: 1000 + i, lineCount: 3, seed: UInt64(i))
                    _ = try await sender.deliver(order, to: target, eventId: "bench-\(i)")
                    i += concurrency
                }
            }
        }
        try await group.waitForAll()
    }
    let sent = ContinuousClock.now - started
    while true {
        let counts = try await store.runCounts()
        if (counts[.succeeded] ?? 0) + (counts[.failed] ?? 0) >= count { break }
        try await Task.sleep(for: .milliseconds(20))
    }
    let wall = ContinuousClock.now - started
    let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
    let counts = try await store.runCounts()
    let salesOrders = await SandboxProbe.count(sandboxListening, "erp/salesOrder")
    print("e2e: \(count) orders (3 lines each), delivery concurrency \(concurrency), worker concurrency 8")
    print(String(format: "  %.1f runs/s end to end (ingest finished after %.2f s, all runs after %.2f s); succeeded %d, failed %d, ERP sales orders %d",
                 Double(count) / seconds, Double(sent.components.seconds) + Double(sent.components.attoseconds) / 1e18, seconds,
                 counts[.succeeded] ?? 0, counts[.failed] ?? 0, salesOrders))
default:
    print("usage: interchange-bench ingest|e2e [count] [concurrency]")
}
hubTask.cancel()
sandboxTask.cancel()
for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }

enum SandboxProbe {
    static func count(_ port: Int, _ path: String) async -> Int {
        guard let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/_sandbox/\(path)"), timeout: .seconds(30)),
            let body = try? await response.body.collect(upTo: 256 << 20)
        else { return -1 }
        return (try? JSON.parse(Array(body.readableBytesView)))?.arrayValue?.count ?? -1
    }
}
