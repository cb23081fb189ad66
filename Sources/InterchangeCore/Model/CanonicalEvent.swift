import Foundation
import JSONValue

/// A canonical business event (`order.placed`) made from an inbound event, in CloudEvents terms:
/// `id`, `source`, `type`, `subject`, `time`, `data`, plus the contract it conforms to.
public struct CanonicalEvent: Sendable, Equatable {
    public var id: String
    /// The inbound event it came from.
    public var inboundId: String
    /// The originating system (`storefront`).
    public var source: String
    /// Canonical event type (`order.placed`).
    public var type: String
    /// The business entity (`order:SHOP-820982911946154508`), also the ordering key of its runs.
    public var subject: String
    /// The contract `data` conforms to (`Order@1`).
    public var contract: String?
    public var time: Date
    public var data: JSON

    public init(id: String, inboundId: String, source: String, type: String, subject: String, contract: String?, time: Date, data: JSON) {
        self.id = id
        self.inboundId = inboundId
        self.source = source
        self.type = type
        self.subject = subject
        self.contract = contract
        self.time = time
        self.data = data
    }
}
