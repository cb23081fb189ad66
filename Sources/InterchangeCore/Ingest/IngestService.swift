import Crypto
import Foundation
import JSONValue
import Logging
import Metrics

/// What the hub answers a sender.
public enum IngestResult: Sendable, Equatable {
    /// Stored (or already stored): the inbound event id, and whether it was quarantined.
    case accepted(eventId: String, duplicate: Bool, quarantined: Bool)
    /// The signature did not verify; nothing was stored.
    case unauthorized
    /// No system of that name accepts webhooks.
    case unknownSystem
}

/// Step 1–3 of the event path: verify, store durably with dedup, normalize, route to flows.
public struct IngestService: Sendable {
    public let store: any Store
    public let project: Project
    public let normalizer: Normalizer
    public let verifiers: [String: any WebhookVerifier]
    public let limits: JSONParseLimits
    /// Called after new runs are committed, to wake workers.
    public let onRunsEnqueued: @Sendable () -> Void

    public init(
        store: any Store, project: Project, normalizer: Normalizer, verifiers: [String: any WebhookVerifier],
        limits: JSONParseLimits = JSONParseLimits(maxBytes: 1 << 20, maxDepth: 64),
        onRunsEnqueued: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.project = project
        self.normalizer = normalizer
        self.verifiers = verifiers
        self.limits = limits
        self.onRunsEnqueued = onRunsEnqueued
    }

    /// Receives one delivery. Returns only after whatever it produced is durable.
    public func receive(system: String, body: [UInt8], headers: [String: String], logger: Logger) async throws -> IngestResult {
        guard project.systems[system] != nil, let verifier = verifiers[system] else { return .unknownSystem }
        guard verifier.verify(body: body, headers: headers) else {
            Counter(label: "interchange_webhooks_rejected_total", dimensions: [("system", system)]).increment()
            logger.warning("Webhook signature rejected", metadata: ["system": "\(system)"])
            return .unauthorized
        }
        let now = Date()
        let topic = verifier.topic(headers: headers) ?? "unknown"
        let dedupKey = verifier.dedupKey(headers: headers) ?? "sha256:" + SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        let inboundId = Identifier.make(now: now)
        var inbound = InboundEvent(
            id: inboundId, system: system, topic: topic, dedupKey: dedupKey, receivedAt: now,
            body: body, status: .normalized)
        var record = IngestRecord(inbound: inbound)
        do {
            let payload = try JSON.parse(body, limits: limits)
            if let event = try normalizer.normalize(system: system, topic: topic, payload: payload, inboundId: inboundId, now: now) {
                record.canonical = [event]
                record.runs = runs(for: event, now: now)
            } else {
                inbound.status = .ignored
            }
        } catch let error as JSONParseError {
            inbound.status = .quarantined
            record.quarantine = QuarantineEntry(id: Identifier.make(now: now), inboundId: inboundId, system: system, topic: topic, stage: "parse", errors: [error.description], createdAt: now)
        } catch let failure as Normalizer.Failure {
            inbound.status = .quarantined
            record.quarantine = QuarantineEntry(id: Identifier.make(now: now), inboundId: inboundId, system: system, topic: topic, stage: failure.stage, errors: failure.errors, createdAt: now)
        }
        record.inbound = inbound
        let outcome = try await store.ingest(record)
        switch outcome {
        case .duplicate(let original):
            Counter(label: "interchange_events_duplicate_total", dimensions: [("system", system)]).increment()
            logger.info("Duplicate delivery", metadata: ["system": "\(system)", "event.id": "\(original)", "dedup.key": "\(dedupKey)"])
            return .accepted(eventId: original, duplicate: true, quarantined: false)
        case .stored(let id):
            Counter(label: "interchange_events_ingested_total", dimensions: [("system", system)]).increment()
            if let q = record.quarantine {
                Counter(label: "interchange_events_quarantined_total", dimensions: [("system", system)]).increment()
                logger.warning("Event quarantined", metadata: ["system": "\(system)", "event.id": "\(id)", "quarantine.stage": "\(q.stage)", "error": "\(q.errors.first ?? "")"])
            } else {
                logger.info("Event ingested", metadata: ["system": "\(system)", "event.id": "\(id)", "runs": "\(record.runs.count)"])
            }
            if !record.runs.isEmpty { onRunsEnqueued() }
            return .accepted(eventId: id, duplicate: false, quarantined: record.quarantine != nil)
        }
    }

    /// One run per flow the event's type triggers, keyed by its subject.
    private func runs(for event: CanonicalEvent, now: Date) -> [Run] {
        project.flows(triggeredBy: event.type).map { flow in
            Run(id: Identifier.make(now: now), flow: flow.name, flowVersion: flow.version, eventId: event.id, key: event.subject, notBefore: now, createdAt: now, updatedAt: now)
        }
    }

    /// What became of a corrected quarantined payload.
    public enum FixResult: Sendable, Equatable {
        /// Normalized and routed: the canonical event and how many runs it started.
        case released(eventId: String, runs: Int)
        case notFound
        /// Still not acceptable: the stage and every problem; the entry stays quarantined.
        case stillInvalid(stage: String, errors: [String])
    }

    /// Re-normalizes a quarantined payload with the operator's corrected `body`; on success the event
    /// continues like any other (canonical event, runs), and the original delivery stays as received.
    public func fix(quarantineId: String, body: [UInt8], logger: Logger) async throws -> FixResult {
        guard let entry = try await store.quarantineEntry(id: quarantineId) else { return .notFound }
        let now = Date()
        do {
            let payload = try JSON.parse(body, limits: limits)
            guard let event = try normalizer.normalize(system: entry.system, topic: entry.topic, payload: payload, inboundId: entry.inboundId, now: now)
            else {
                return .stillInvalid(stage: "mapping", errors: ["no mapping for \(entry.system) \(entry.topic)"])
            }
            let started = runs(for: event, now: now)
            let text = String(decoding: body, as: UTF8.self)
            guard try await store.release(quarantineId: quarantineId, correctedBody: text, canonical: [event], runs: started, at: now) else {
                return .notFound
            }
            logger.info("Quarantined event released", metadata: ["quarantine.id": "\(quarantineId)", "event.id": "\(event.id)"])
            if !started.isEmpty { onRunsEnqueued() }
            return .released(eventId: event.id, runs: started.count)
        } catch let error as JSONParseError {
            return .stillInvalid(stage: "parse", errors: [error.description])
        } catch let failure as Normalizer.Failure {
            return .stillInvalid(stage: failure.stage, errors: failure.errors)
        }
    }
}
