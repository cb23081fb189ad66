import JSONValue

/// What a step would send: computed by ``FlowEngine/plan(_:context:bodyOverride:)`` without sending.
public struct StepPlan: Sendable, Equatable {
    public var idempotencyKey: String
    public var method: String
    public var path: String
    public var body: JSON?
    /// Contract violations of `body` (the step would fail validation).
    public var violations: [String]
}
