import Foundation
import JSONSchema
import JSONValue
import JSONata

/// A loaded, validated integration project: systems, contracts, mappings and flows.
public struct Project: Sendable {
    public var root: URL
    public var systems: [String: SystemDefinition]
    public var contracts: [String: Contract]
    public var flows: [FlowDefinition]
    /// Mappings by project-relative path, with their example pairs.
    public var mappings: [String: Mapping]
    /// Lookup tables (`lookups/NAME.json`, a JSON object) by name, for `$lookup(table, key)`.
    public var lookups: [String: JSONObject] = [:]

    /// Flows triggered by a canonical event type: the current version of each.
    public func flows(triggeredBy type: String) -> [FlowDefinition] {
        flows.filter { $0.trigger == type && flow(named: $0.name)?.version == $0.version }
    }

    /// A flow by name: the given version, or the current (highest) one. Several versions of a flow
    /// may sit side by side (`flows/order-to-cash.yaml`, `flows/order-to-cash@2.yaml`): new events
    /// start the current one, runs finish on the version they started with, replays may name one.
    public func flow(named name: String, version: Int? = nil) -> FlowDefinition? {
        let candidates = flows.filter { $0.name == name }
        if let version { return candidates.first { $0.version == version } }
        return candidates.max { $0.version < $1.version }
    }
}

/// A system the hub talks to.
public struct SystemDefinition: Sendable {
    public var name: String
    /// Connector kind: `shopify`, `netsuite`, `http`, …
    public var kind: String
    public var baseURL: String?
    public var webhookSecret: String?
    public var timeout: Duration
    public var inbound: [String: InboundRoute]
    /// Rate limit, concurrency cap and circuit breaker for calls to this system.
    public var protection: ProtectionPolicy = ProtectionPolicy()
}

/// How one inbound topic becomes a canonical event.
public struct InboundRoute: Sendable {
    public var topic: String
    public var mapping: Mapping
    /// Canonical event type emitted (`order.placed`).
    public var emits: String
    public var contract: Contract?
    /// JSONata over the canonical data giving the event subject (`'order:' & id`).
    public var subject: JSONataExpression
}

/// A JSONata mapping file and its example pairs.
public struct Mapping: Sendable {
    public var path: String
    public var expression: JSONataExpression
    public var examples: [MappingExample]
}

/// An example input and the output a mapping must produce from it.
public struct MappingExample: Sendable {
    public var name: String
    public var input: JSON
    public var expected: JSON
}

/// A flow: steps run in order for each triggering event.
public struct FlowDefinition: Sendable {
    public var name: String
    public var version: Int
    public var trigger: String
    public var steps: [StepDefinition]
}

/// One `call` step: map the context to a request, validate it, call the system, capture the result.
public struct StepDefinition: Sendable {
    public var name: String
    public var system: String
    public var method: String
    public var path: JSONataExpression
    public var body: Mapping?
    public var contract: Contract?
    public var idempotencyKey: JSONataExpression
    public var xrefType: String?
    public var xrefCanonicalId: JSONataExpression?
    public var retry: RetryPolicy
}
