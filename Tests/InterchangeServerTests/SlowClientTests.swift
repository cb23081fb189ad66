import AsyncHTTPClient
import Foundation
import Hummingbird
import InterchangeCore
import InterchangeServer
import Logging
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Slow and idle clients cannot hold the hub: a request that does not arrive in time is cut off, and
/// connections beyond the cap are closed at once. Raw loopback sockets, as an attacker would use.
@Suite(.serialized) struct SlowClientTests {
    /// A blocking loopback TCP client with a receive timeout.
    final class RawClient {
        let fd: Int32

        init?(port: Int) {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(fd)
                return nil
            }
        }

        func send(_ text: String) { _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) } }

        /// Whether the server has closed the connection (a read returns end of file or a reset).
        func isClosedByServer() -> Bool {
            var byte: UInt8 = 0
            let n = recv(fd, &byte, 1, 0)
            return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
        }

        deinit { close(fd) }
    }

    func withHub(_ limits: ConnectionLimits, _ body: (Int) async throws -> Void) async throws {
        let project = try ProjectLoader.load(from: TestSuites.exampleProject, environment: ["SANDBOX_URL": "http://127.0.0.1:1"])
        let hub = Hub.make(project: project, store: InMemoryStore(), httpClient: HTTPClient.shared, logger: LiveServers.logger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = buildApplication(
            hub: hub, port: 0, runWorker: false, connectionLimits: limits, onServerRunning: { continuation.yield($0) }, logger: LiveServers.logger)
        let (port, task) = try await LiveServers.start(app, portStream: ports)
        defer { task.cancel() }
        try await body(port)
    }

    @Test func aBodySentByteByByteIsCutOffAtTheReadTimeout() async throws {
        try await withHub(ConnectionLimits(maxConnections: 64, readTimeout: .milliseconds(600))) { port in
            let client = try #require(RawClient(port: port))
            client.send("POST /v1/hooks/storefront HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n{")
            let clock = ContinuousClock()
            let started = clock.now
            var closed = false
            // Keep trickling a byte every 100 ms: each read would reset an idle timer, not this deadline.
            while clock.now - started < .seconds(5) {
                client.send("1")
                try await Task.sleep(for: .milliseconds(100))
                var byte: UInt8 = 0
                if recv(client.fd, &byte, 1, Int32(MSG_DONTWAIT)) == 0 {
                    closed = true
                    break
                }
            }
            #expect(closed, "the server closed a request that did not arrive within its read timeout")
            #expect(clock.now - started < .seconds(3))
        }
    }

    @Test func anIdleConnectionIsClosedAndAPromptRequestIsServed() async throws {
        try await withHub(ConnectionLimits(maxConnections: 64, readTimeout: .milliseconds(500))) { port in
            let idle = try #require(RawClient(port: port))
            #expect(idle.isClosedByServer(), "a connection that sends nothing is closed")
            let (status, _) = try await LiveServers.get("http://127.0.0.1:\(port)/healthz")
            #expect(status == 200)
        }
    }

    @Test func connectionsBeyondTheCapAreClosedAndTheServerStillAnswers() async throws {
        try await withHub(ConnectionLimits(maxConnections: 8, readTimeout: .seconds(2))) { port in
            let clients = (0..<40).compactMap { _ in RawClient(port: port) }
            // Well before the 2 s read timeout, every connection beyond the cap has been closed.
            var closed = Set<Int>()
            for _ in 0..<15 where closed.count < 32 {
                try await Task.sleep(for: .milliseconds(100))
                for (i, client) in clients.enumerated() where !closed.contains(i) {
                    var byte: UInt8 = 0
                    if recv(client.fd, &byte, 1, Int32(MSG_DONTWAIT)) == 0 { closed.insert(i) }
                }
            }
            #expect(closed.count >= 32, "connections beyond the cap of 8 are closed at once (\(closed.count) of 40)")
            #expect(closed.count <= 32, "the 8 admitted connections stay open until their read timeout")
            // Once the idle ones time out, their places are free again.
            try await Task.sleep(for: .milliseconds(2500))
            let (status, _) = try await LiveServers.get("http://127.0.0.1:\(port)/healthz")
            #expect(status == 200)
        }
    }
}
