import AsyncHTTPClient
import Foundation
import Hummingbird
import InterchangeCore
import InterchangeServer
import JSONValue
import Logging
import NIOCore
import Sandbox
import ServiceLifecycle
import TestSupport

/// Runs the sandbox and a hub on ephemeral loopback ports for the duration of a test, then stops both.
enum LiveServers {
    struct Ports: Sendable {
        let hub: Int
        let sandbox: Int
        var hubURL: String { "http://127.0.0.1:\(hub)" }
        var sandboxURL: String { "http://127.0.0.1:\(sandbox)" }
    }

    static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    /// Starts an application and returns the port it listens on, with a task to cancel to stop it.
    static func start(_ app: some ApplicationProtocol & Sendable, portStream: AsyncStream<Int>) async throws -> (Int, Task<Void, any Error>) {
        let task = Task { try await app.run() }
        var iterator = portStream.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        return (port, task)
    }

    static func withHubAndSandbox(
        store: any Store = InMemoryStore(), _ body: @Sendable (Ports, Hub) async throws -> Void
    ) async throws {
        let (sandboxPorts, sandboxContinuation) = AsyncStream.makeStream(of: Int.self)
        let sandbox = Application(
            router: SandboxRouter(state: SandboxState(), client: HTTPClient.shared).makeRouter(),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in sandboxContinuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger)
        let (sandboxPort, sandboxTask) = try await start(sandbox, portStream: sandboxPorts)
        defer { sandboxTask.cancel() }
        let project = try ProjectLoader.load(from: TestSuites.exampleProject, environment: ["SANDBOX_URL": "http://127.0.0.1:\(sandboxPort)"])
        let hub = Hub.make(project: project, store: store, httpClient: HTTPClient.shared, logger: logger)
        let (hubPorts, hubContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(hub: hub, port: 0, onServerRunning: { port in hubContinuation.yield(port) }, logger: logger)
        let (hubPort, hubTask) = try await start(app, portStream: hubPorts)
        defer { hubTask.cancel() }
        try await body(Ports(hub: hubPort, sandbox: sandboxPort), hub)
    }

    static func get(_ url: String) async throws -> (Int, JSON?) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        let bytes = Array(try await response.body.collect(upTo: 16 << 20).readableBytesView)
        return (Int(response.status.code), try? JSON.parse(bytes))
    }

    static func post(_ url: String, _ body: JSON) async throws -> (Int, JSON?) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = Array(try await response.body.collect(upTo: 16 << 20).readableBytesView)
        return (Int(response.status.code), try? JSON.parse(bytes))
    }

    /// Polls until `condition` holds or `timeout` passes.
    static func eventually(timeout: Duration = .seconds(30), _ condition: () async throws -> Bool) async throws -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
