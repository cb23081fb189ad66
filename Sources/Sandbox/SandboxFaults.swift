import JSONValue

/// Failures a simulated system injects, set at runtime through `POST /_sandbox/faults`.
public struct SandboxFaults: Sendable, Equatable {
    /// Probability that a write is refused with `errorStatus` before it is applied.
    public var errorRate: Double = 0
    /// Status used for injected errors (503 unless set; 429 adds `Retry-After`).
    public var errorStatus: Int = 503
    /// Added latency per request.
    public var latencyMs: Int = 0
    /// Probability that a write is applied and then answered with a 503 (ambiguous outcome).
    public var commitThenFailRate: Double = 0
    /// The next N writes fail with `errorStatus`, deterministically.
    public var failNext: Int = 0
    /// Probability that a write is applied and its answer then withheld for `hangMs` — longer than the
    /// caller's timeout, so the caller sees a timeout for a write that happened.
    public var timeoutRate: Double = 0
    /// How long a timed-out write hangs before answering.
    public var hangMs: Int = 3000
    // The storefront's delivery faults (used by `POST /_sandbox/storefront/send` unless the request overrides them).
    /// Probability that a webhook is delivered a second time (same event id).
    public var duplicateRate: Double = 0
    /// Deliver a batch in shuffled order (out-of-order delivery).
    public var reorder = false
    /// Probability that an order carries a SKU the ERP does not know.
    public var unknownSkuRate: Double = 0
    /// Probability that an order's tax total disagrees with its lines (rejected by the Order contract).
    public var taxMismatchRate: Double = 0
    /// How often generated orders carry discounts, tax-inclusive prices, several taxes, a second currency, a gift card…
    public var orderMix = OrderMix()

    public init() {}

    /// Reads the fault settings from a `POST /_sandbox/faults` body; unknown fields are errors.
    public init(json: JSON) throws(SandboxError) {
        guard case .object(let object) = json else { throw SandboxError(status: 400, message: "faults must be a JSON object") }
        for (key, value) in object {
            switch key {
            case "system": continue
            case "errorRate": errorRate = try Self.probability(value, key)
            case "errorStatus": errorStatus = Int(try Self.number(value, key))
            case "latencyMs": latencyMs = Int(try Self.number(value, key))
            case "commitThenFailRate": commitThenFailRate = try Self.probability(value, key)
            case "failNext": failNext = Int(try Self.number(value, key))
            case "timeoutRate": timeoutRate = try Self.probability(value, key)
            case "hangMs": hangMs = Int(try Self.number(value, key))
            case "duplicateRate": duplicateRate = try Self.probability(value, key)
            case "reorder":
                guard let flag = value.boolValue else { throw SandboxError(status: 400, message: "reorder must be true or false") }
                reorder = flag
            case "unknownSkuRate": unknownSkuRate = try Self.probability(value, key)
            case "taxMismatchRate": taxMismatchRate = try Self.probability(value, key)
            case _ where OrderMix.keys.contains { $0.name == key }: continue
            default: throw SandboxError(status: 400, message: "unknown fault setting \"\(key)\"")
            }
        }
        try orderMix.read(object)
    }

    private static func probability(_ value: JSON, _ key: String) throws(SandboxError) -> Double {
        let p = try number(value, key)
        guard p <= 1 else { throw SandboxError(status: 400, message: "\(key) is a probability between 0 and 1") }
        return p
    }

    private static func number(_ value: JSON, _ key: String) throws(SandboxError) -> Double {
        guard let n = value.numberValue?.double, n >= 0 else { throw SandboxError(status: 400, message: "\(key) must be a non-negative number") }
        return n
    }

    var json: JSON {
        let base: JSON = [
            "errorRate": .double(errorRate), "errorStatus": .integer(errorStatus), "latencyMs": .integer(latencyMs),
            "commitThenFailRate": .double(commitThenFailRate), "failNext": .integer(failNext), "timeoutRate": .double(timeoutRate),
            "hangMs": .integer(hangMs), "duplicateRate": .double(duplicateRate), "reorder": .bool(reorder),
            "unknownSkuRate": .double(unknownSkuRate), "taxMismatchRate": .double(taxMismatchRate),
        ]
        guard case .object(var object) = base else { return base }
        for (key, value) in orderMix.json { object[key] = value }
        return .object(object)
    }
}

/// An error the sandbox answers with.
public struct SandboxError: Error, Sendable {
    public var statusCode: Int
    public var message: String
    public var body: JSON?

    public init(status: Int, message: String, body: JSON? = nil) {
        self.statusCode = status
        self.message = message
        self.body = body
    }
}
