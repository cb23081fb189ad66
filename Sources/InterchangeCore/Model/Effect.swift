import Foundation
import JSONValue

/// A write a run made on a target system, keyed by its idempotency key. Once recorded, a retry,
/// restart or replay of the same step does not call the system again.
public struct Effect: Sendable, Equatable {
    public var idempotencyKey: String
    public var runId: String
    public var step: String
    public var system: String
    /// The target's document id, when it reported one.
    public var documentId: String?
    /// The step output recorded with the effect.
    public var output: JSON
    public var recordedAt: Date

    public init(idempotencyKey: String, runId: String, step: String, system: String, documentId: String?, output: JSON, recordedAt: Date) {
        self.idempotencyKey = idempotencyKey
        self.runId = runId
        self.step = step
        self.system = system
        self.documentId = documentId
        self.output = output
        self.recordedAt = recordedAt
    }
}

/// A cross-reference: one system's id for one canonical entity. Unique per (system, type, externalId).
public struct CrossReference: Sendable, Equatable {
    public var system: String
    public var type: String
    public var externalId: String
    public var canonicalId: String

    public init(system: String, type: String, externalId: String, canonicalId: String) {
        self.system = system
        self.type = type
        self.externalId = externalId
        self.canonicalId = canonicalId
    }
}

/// A payload the hub could not turn into canonical events, kept with the reason.
public struct QuarantineEntry: Sendable, Equatable {
    public var id: String
    public var inboundId: String
    public var system: String
    public var topic: String
    /// `parse`, `mapping` or `contract`.
    public var stage: String
    /// Every problem found, readable by an operator.
    public var errors: [String]
    public var createdAt: Date

    public init(id: String, inboundId: String, system: String, topic: String, stage: String, errors: [String], createdAt: Date) {
        self.id = id
        self.inboundId = inboundId
        self.system = system
        self.topic = topic
        self.stage = stage
        self.errors = errors
        self.createdAt = createdAt
    }
}
