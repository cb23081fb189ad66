import Foundation
import InterchangeCore
import JSONValue

/// The API's JSON shapes for domain values (kept here so a domain rename cannot silently change the API).
enum DomainJSON {
    static func time(_ date: Date?) -> JSON {
        guard let date else { return .null }
        return .string(ISO8601DateFormatter.withFractions.string(from: date))
    }

    static func error(_ error: StepError?) -> JSON {
        guard let error else { return .null }
        var o = JSONObject()
        o["category"] = .string(error.category.rawValue)
        o["message"] = .string(error.message)
        if let status = error.status { o["status"] = .integer(status) }
        if let detail = error.detail { o["detail"] = (try? JSON.parse(detail)) ?? .string(detail) }
        return .object(o)
    }

    static func run(_ run: Run) -> JSON {
        [
            "id": .string(run.id), "sequence": .integer(Int(run.sequence)), "flow": .string(run.flow), "flowVersion": .integer(run.flowVersion),
            "eventId": .string(run.eventId), "key": .string(run.key), "state": .string(run.state.rawValue), "nextStep": .integer(run.nextStep),
            "attempts": .integer(run.attempts), "notBefore": time(run.notBefore), "error": error(run.lastError),
            "createdAt": time(run.createdAt), "updatedAt": time(run.updatedAt),
        ]
    }

    static func step(_ step: StepRecord) -> JSON {
        [
            "index": .integer(step.index), "name": .string(step.name), "state": .string(step.state.rawValue),
            "input": step.input ?? .null, "output": step.output ?? .null, "attempts": .integer(step.attempts),
            "error": error(step.error), "startedAt": time(step.startedAt), "finishedAt": time(step.finishedAt),
            "durationMs": step.startedAt.flatMap { s in step.finishedAt.map { .double(($0.timeIntervalSince(s) * 1000).rounded()) } } ?? .null,
        ]
    }

    static func canonical(_ event: CanonicalEvent) -> JSON {
        [
            "specversion": "1.0", "id": .string(event.id), "source": .string("/systems/" + event.source), "type": .string(event.type),
            "subject": .string(event.subject), "time": time(event.time), "dataschema": event.contract.map { .string($0) } ?? .null,
            "datacontenttype": "application/json", "data": event.data,
        ]
    }

    static func inbound(_ event: InboundEvent, canonical: [CanonicalEvent]) -> JSON {
        let members: [(String, JSON)] = [
            ("id", .string(event.id)), ("system", .string(event.system)), ("topic", .string(event.topic)), ("dedupKey", .string(event.dedupKey)),
            ("receivedAt", time(event.receivedAt)), ("status", .string(event.status.rawValue)),
        ]
        return .object(JSONObject(members + body(event.body) + [("canonicalEvents", .array(canonical.map(Self.canonical)))]))
    }

    /// `body` as text when the bytes are UTF-8; otherwise `bodyBase64`, the exact bytes (never repaired).
    static func body(_ bytes: [UInt8]?) -> [(String, JSON)] {
        guard let bytes else { return [("body", .null)] }
        if let text = String(validating: bytes, as: UTF8.self) { return [("body", .string(text))] }
        return [("body", .null), ("bodyBase64", .string(Data(bytes).base64EncodedString())), ("bodyBytes", .integer(bytes.count))]
    }

    static func quarantine(_ entry: QuarantineEntry, body bytes: [UInt8]?) -> JSON {
        let members: [(String, JSON)] = [
            ("id", .string(entry.id)), ("eventId", .string(entry.inboundId)), ("system", .string(entry.system)), ("topic", .string(entry.topic)),
            ("stage", .string(entry.stage)), ("errors", .array(entry.errors.map { .string($0) })), ("createdAt", time(entry.createdAt)),
        ]
        return .object(JSONObject(members + body(bytes)))
    }
}

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let withFractions: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
