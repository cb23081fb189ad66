import Foundation

/// How often and how patiently a step is retried after transient failures:
/// exponential backoff with full jitter, capped, honouring a server's `Retry-After`.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts including the first.
    public var attempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(attempts: Int = 8, initialDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(30)) {
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// The delay before attempt `attempt + 1` (after `attempt` failures), given a random unit value.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, random: Double) -> Duration {
        let exponent = min(attempt - 1, 30)
        let base = initialDelay * (1 << max(exponent, 0))
        let capped = min(base, maxDelay)
        let jittered = capped * max(0, min(random, 1))
        if let retryAfter, retryAfter > jittered { return min(retryAfter, maxDelay * 4) }
        return jittered
    }
}

extension Duration {
    /// Seconds as a Double (for `Date` arithmetic).
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
