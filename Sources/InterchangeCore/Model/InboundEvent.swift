import Foundation

/// A message as a system delivered it, stored before the sender is answered. Immutable.
public struct InboundEvent: Sendable, Equatable, Codable {
    /// Hub-assigned id.
    public var id: String
    /// The sending system's name in the project (`storefront`).
    public var system: String
    /// The sender's topic or event type (`orders/create`).
    public var topic: String
    /// The sender's event id used to detect duplicate deliveries.
    public var dedupKey: String
    /// When the hub received it.
    public var receivedAt: Date
    /// The raw body, byte for byte as received (a signed body that is not valid UTF-8 is kept as it came).
    public var body: [UInt8]
    /// What normalization made of it.
    public var status: InboundStatus

    /// The body as text when it is valid UTF-8; `nil` otherwise (shown as base64, never repaired).
    public var bodyText: String? { String(validating: body, as: UTF8.self) }

    public init(id: String, system: String, topic: String, dedupKey: String, receivedAt: Date, body: [UInt8], status: InboundStatus) {
        self.id = id
        self.system = system
        self.topic = topic
        self.dedupKey = dedupKey
        self.receivedAt = receivedAt
        self.body = body
        self.status = status
    }

    /// An event whose body is text.
    public init(id: String, system: String, topic: String, dedupKey: String, receivedAt: Date, body: String, status: InboundStatus) {
        self.init(id: id, system: system, topic: topic, dedupKey: dedupKey, receivedAt: receivedAt, body: Array(body.utf8), status: status)
    }
}

/// Whether an inbound event became canonical events or was quarantined.
public enum InboundStatus: String, Sendable, Codable {
    case normalized
    case quarantined
    /// Accepted but no mapping exists for its topic (kept, nothing routed).
    case ignored
}
