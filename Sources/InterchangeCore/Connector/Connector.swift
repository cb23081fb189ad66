import Foundation
import JSONValue

/// A request the hub sends to a system. A message, so it can be executed locally or handed to a
/// remote agent beside an on-premises system.
public struct ConnectorRequest: Sendable, Equatable {
    public var system: String
    public var method: String
    /// Path relative to the system's base URL.
    public var path: String
    public var body: JSON?
    public var idempotencyKey: String
    public var headers: [String: String]

    public init(system: String, method: String, path: String, body: JSON?, idempotencyKey: String, headers: [String: String] = [:]) {
        self.system = system
        self.method = method
        self.path = path
        self.body = body
        self.idempotencyKey = idempotencyKey
        self.headers = headers
    }
}

/// A system's answer.
public struct ConnectorResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [String: String]
    public var body: JSON?
    /// The document id the system assigned (e.g. from NetSuite's `Location` header or a body `id`).
    public var documentId: String?

    public init(status: Int, headers: [String: String] = [:], body: JSON? = nil, documentId: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.documentId = documentId
    }

    /// The output a step records: status, document id, location and body.
    public var stepOutput: JSON {
        var object = JSONObject()
        object["status"] = .integer(status)
        if let documentId { object["id"] = .string(documentId) }
        if let location = headers["location"] { object["location"] = .string(location) }
        if let body { object["body"] = body }
        return .object(object)
    }
}

/// Why a call failed, classified for retry decisions.
public struct ConnectorError: Error, Sendable, Equatable, CustomStringConvertible {
    public var transient: Bool
    public var message: String
    public var status: Int?
    /// The system's response body, kept verbatim for the operator.
    public var detail: String?
    /// A server's `Retry-After`.
    public var retryAfter: Duration?
    /// Set when the call was not made because the system's circuit is open: the run should wait
    /// until then without counting an attempt.
    public var circuitOpenUntil: Date?

    public init(transient: Bool, message: String, status: Int? = nil, detail: String? = nil, retryAfter: Duration? = nil) {
        self.transient = transient
        self.message = message
        self.status = status
        self.detail = detail
        self.retryAfter = retryAfter
    }

    public var description: String { message }

    /// Classifies an HTTP status: 408, 429 and 5xx are transient; other 4xx permanent.
    public static func isTransient(status: Int) -> Bool {
        status == 408 || status == 429 || status >= 500
    }
}

/// Executes connector requests against systems.
public protocol Connector: Sendable {
    /// Sends `request`; throws ``ConnectorError`` for failures, classified transient or permanent.
    func execute(_ request: ConnectorRequest) async throws(ConnectorError) -> ConnectorResponse
}
