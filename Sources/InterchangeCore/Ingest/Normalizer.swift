import Foundation
import JSONValue
import JSONata

/// Turns an inbound payload into a canonical event with the system's inbound mapping, validated
/// against the contract. Failures are quarantine reasons, never crashes.
public struct Normalizer: Sendable {
    public let project: Project
    public let functions: [JSONataFunction]

    /// - Parameter crossReferences: what `$xref` reads (the hub shares one cache with its flow engine).
    public init(project: Project, crossReferences: CrossReferenceCache = CrossReferenceCache()) {
        self.project = project
        self.functions = HubFunctions.make(project: project, crossReferences: crossReferences)
    }

    /// Why a payload could not be normalized: the stage and every problem found.
    public struct Failure: Error, Sendable {
        public var stage: String
        public var errors: [String]
    }

    /// The canonical event for `payload`, `nil` when no route exists for the topic.
    public func normalize(system: String, topic: String, payload: JSON, inboundId: String, now: Date) throws(Failure) -> CanonicalEvent? {
        guard let route = project.systems[system]?.inbound[topic] else { return nil }
        guard let data = try evaluate(route.mapping.expression, payload, what: "mapping \(route.mapping.path)") else {
            throw Failure(stage: "mapping", errors: ["mapping \(route.mapping.path) produced no output"])
        }
        if let contract = route.contract {
            let violations = contract.messages(for: data)
            guard violations.isEmpty else { throw Failure(stage: "contract", errors: violations) }
        }
        guard case .string(let subject)? = try evaluate(route.subject, data, what: "subject") else {
            throw Failure(stage: "mapping", errors: ["subject expression did not produce a string"])
        }
        return CanonicalEvent(
            id: Identifier.make(now: now), inboundId: inboundId, source: system, type: route.emits, subject: subject,
            contract: route.contract?.reference, time: now, data: data)
    }

    private func evaluate(_ expression: JSONataExpression, _ input: JSON, what: String) throws(Failure) -> JSON? {
        do {
            return try expression.evaluate(input, functions: functions)
        } catch {
            throw Failure(stage: "mapping", errors: ["\(what): \(error)"])
        }
    }
}
