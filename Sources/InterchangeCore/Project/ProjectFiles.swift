/// The YAML shapes of a project folder, decoded as written.
struct SystemsFile: Decodable {
    var systems: [String: SystemSpec]
}

struct SystemSpec: Decodable {
    var kind: String
    var baseURL: String?
    var webhookSecret: String?
    var timeoutMs: Int?
    /// Inbound topics and how each becomes canonical events.
    var inbound: [String: InboundSpec]?
    var rateLimit: RateLimitSpec?
    var maxConcurrency: Int?
    var circuitBreaker: CircuitBreakerSpec?
}

struct RateLimitSpec: Decodable {
    var perSecond: Double
    var burst: Int?
}

struct CircuitBreakerSpec: Decodable {
    var failures: Int?
    var openSeconds: Double?
}

struct InboundSpec: Decodable {
    var mapping: String
    var emits: String
    var contract: String?
    var subject: String
}

struct FlowFile: Decodable {
    var name: String
    var version: Int
    var trigger: String
    var steps: [StepSpec]
}

struct StepSpec: Decodable {
    var name: String
    var system: String
    var method: String
    var path: String
    var body: String?
    var contract: String?
    var idempotencyKey: String
    var xref: XrefSpec?
    var retry: RetrySpec?
}

struct XrefSpec: Decodable {
    var type: String
    var canonicalId: String
}

struct RetrySpec: Decodable {
    var attempts: Int?
    var initialDelayMs: Int?
    var maxDelayMs: Int?
}
