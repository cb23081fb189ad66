import AsyncHTTPClient
import Foundation
import InterchangeCore
import JSONValue
import Logging
import NIOCore
import NIOHTTP1

/// Executes connector requests over HTTP against each system's base URL, classifying failures:
/// connection errors, timeouts, 408, 429 and 5xx are transient; other 4xx permanent.
public struct HTTPConnector: Connector {
    public struct Endpoint: Sendable {
        public var baseURL: String
        public var timeout: Duration
        public init(baseURL: String, timeout: Duration) {
            self.baseURL = baseURL
            self.timeout = timeout
        }
    }

    private let client: HTTPClient
    private let endpoints: [String: Endpoint]

    public init(client: HTTPClient, endpoints: [String: Endpoint]) {
        self.client = client
        self.endpoints = endpoints
    }

    /// Endpoints for every system of a project that has a base URL.
    public init(client: HTTPClient, project: Project) {
        var endpoints: [String: Endpoint] = [:]
        for (name, system) in project.systems {
            if let base = system.baseURL { endpoints[name] = Endpoint(baseURL: base, timeout: system.timeout) }
        }
        self.init(client: client, endpoints: endpoints)
    }

    public func execute(_ request: ConnectorRequest) async throws(ConnectorError) -> ConnectorResponse {
        guard let endpoint = endpoints[request.system] else {
            throw ConnectorError(transient: false, message: "no endpoint configured for system \(request.system)")
        }
        var http = HTTPClientRequest(url: Self.join(endpoint.baseURL, request.path))
        http.method = HTTPMethod(rawValue: request.method)
        http.headers.add(name: "Idempotency-Key", value: request.idempotencyKey)
        http.headers.add(name: "Accept", value: "application/json")
        for (name, value) in request.headers { http.headers.add(name: name, value: value) }
        if let body = request.body {
            http.headers.add(name: "Content-Type", value: "application/json")
            http.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        }
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            response = try await client.execute(http, timeout: .nanoseconds(Int64(endpoint.timeout.timeInterval * 1e9)))
            bytes = try await response.body.collect(upTo: 16 << 20)
        } catch {
            throw ConnectorError(transient: true, message: "\(request.method) \(request.system)\(request.path): \(Self.describe(error))")
        }
        let status = Int(response.status.code)
        let text = String(buffer: bytes)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        guard (200..<300).contains(status) else {
            let retryAfter = headers["retry-after"].flatMap(Double.init).map { Duration.milliseconds(Int64($0 * 1000)) }
            throw ConnectorError(
                transient: ConnectorError.isTransient(status: status),
                message: "\(request.system) answered \(status) to \(request.method) \(request.path)" + Self.summary(of: text),
                status: status, detail: text.isEmpty ? nil : text, retryAfter: retryAfter)
        }
        let body = text.isEmpty ? nil : try? JSON.parse(text)
        return ConnectorResponse(status: status, headers: headers, body: body, documentId: Self.documentId(headers: headers, body: body))
    }

    /// The id from `Location` (`…/customer/647` → `647`), else the body's `id`.
    static func documentId(headers: [String: String], body: JSON?) -> String? {
        if let location = headers["location"], let last = location.split(separator: "/").last { return String(last) }
        if let id = body?["id"] {
            if let s = id.stringValue { return s }
            if let n = id.numberValue { return n.text }
        }
        return nil
    }

    /// The first NetSuite-style `o:errorDetails[].detail`, or the body's `message`, for the error line.
    static func summary(of text: String) -> String {
        guard let json = try? JSON.parse(text) else { return "" }
        if let detail = json["o:errorDetails"]?.arrayValue?.first?["detail"]?.stringValue { return ": " + detail }
        if let message = json["message"]?.stringValue { return ": " + message }
        return ""
    }

    static func join(_ base: String, _ path: String) -> String {
        if base.hasSuffix("/") && path.hasPrefix("/") { return base + path.dropFirst() }
        if !base.hasSuffix("/") && !path.hasPrefix("/") { return base + "/" + path }
        return base + path
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            if error == .deadlineExceeded || error == .readTimeout { return "timed out" }
            return "\(error)"
        }
        return String(describing: error)
    }
}
