import AsyncHTTPClient
import Foundation
import Testing
import JSONValue
import NIOCore
import TestSupport

/// Runs the real `interchange` binary as a child process and finds the port it listens on from its
/// JSON-lines log.
final class InterchangeProcess: @unchecked Sendable {
    let process = Process()
    private let errors = Pipe()
    private let lock = NSLock()
    private var log = ""

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["INTERCHANGE_BINARY"] { return URL(fileURLWithPath: path) }
        return TestSuites.packageRoot.appendingPathComponent(".build/debug/interchange")
    }

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = TestSuites.packageRoot
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        process.environment = env
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        errors.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.lock()
            self.log += String(decoding: data, as: UTF8.self)
            self.lock.unlock()
        }
        try process.run()
    }

    var output: String {
        lock.lock()
        defer { lock.unlock() }
        return log
    }

    /// Waits for the log line `message` and returns its `port` field.
    func port(announcedBy message: String, timeout: Duration = .seconds(60)) async throws -> Int {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            for line in output.split(separator: "\n") where line.contains("\"msg\":\"\(message)\"") {
                if let json = try? JSON.parse(String(line)), let port = json["port"]?.stringValue.flatMap(Int.init) { return port }
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError("process did not announce \"\(message)\"; log:\n\(output)")
    }

    /// SIGKILL: no chance to clean up.
    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL if the process has not exited after `grace` (a test must never hang on it).
    /// A process that ignores SIGTERM, or does not exit cleanly on it, fails the running test: graceful
    /// shutdown is part of what the binary promises.
    func terminate(grace: TimeInterval = 10) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let lastLines = output.split(separator: "\n").suffix(5).joined(separator: "\n")
        if process.isRunning {
            Issue.record("process \(process.arguments?.first ?? "") ignored SIGTERM for \(grace) s; killed. Last log lines:\n\(lastLines)")
            kill()
        } else if process.terminationReason != .exit || process.terminationStatus != 0 {
            Issue.record("process \(process.arguments?.first ?? "") did not exit cleanly on SIGTERM (status \(process.terminationStatus)). Last log lines:\n\(lastLines)")
        }
    }

    deinit { kill() }
}

/// A sandbox and a hub (on a fresh SQLite file) as real processes; both stop when this is released.
final class SandboxAndHub: @unchecked Sendable {
    let sandbox: InterchangeProcess
    let hub: InterchangeProcess
    let sandboxURL: String
    let hubURL: String

    init() async throws {
        sandbox = try InterchangeProcess(["sandbox", "--port", "0"])
        sandboxURL = "http://127.0.0.1:\(try await sandbox.port(announcedBy: "Sandbox listening"))"
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("hub-\(UUID().uuidString).sqlite").path
        hub = try InterchangeProcess(
            ["serve", "--project", "examples/order-to-cash", "--store", "sqlite:" + database, "--port", "0"], environment: ["SANDBOX_URL": sandboxURL])
        hubURL = "http://127.0.0.1:\(try await hub.port(announcedBy: "Hub listening"))"
    }

    func stop() {
        hub.terminate()
        sandbox.terminate()
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

enum HTTP {
    static func get(_ url: String, upTo limit: Int = 16 << 20) async throws -> JSON? {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(60))
        return try? JSON.parse(Array(try await response.body.collect(upTo: limit).readableBytesView), limits: JSONParseLimits(maxBytes: limit))
    }

    static func post(_ url: String, _ body: JSON) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }

    static func eventually(timeout: Duration = .seconds(60), every interval: Duration = .milliseconds(100), _ condition: () async throws -> Bool) async throws -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if (try? await condition()) == true { return true }
            try await Task.sleep(for: interval)
        }
        return false
    }
}
