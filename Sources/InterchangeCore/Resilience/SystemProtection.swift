import Foundation

/// Per-system protection settings from `systems.yaml`.
public struct ProtectionPolicy: Sendable, Equatable {
    /// Requests per second refilled into the token bucket (`nil`: unlimited).
    public var ratePerSecond: Double?
    /// Bucket size (burst).
    public var burst: Int
    /// Calls in flight at once (`nil`: unlimited).
    public var maxConcurrency: Int?
    /// Consecutive transient failures that open the circuit.
    public var failureThreshold: Int
    /// How long the circuit stays open before one probe is let through.
    public var openDuration: Duration

    public init(ratePerSecond: Double? = nil, burst: Int = 10, maxConcurrency: Int? = nil, failureThreshold: Int = 5, openDuration: Duration = .seconds(30)) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
        self.maxConcurrency = maxConcurrency
        self.failureThreshold = failureThreshold
        self.openDuration = openDuration
    }
}

/// A circuit breaker, token bucket and concurrency cap for one system. One slow or failing system
/// cannot slow the others: each system has its own.
public actor SystemProtection {
    public enum Circuit: Equatable, Sendable {
        case closed
        case open(until: Date)
        /// One probe is in flight.
        case halfOpen
    }

    public let policy: ProtectionPolicy
    private let now: @Sendable () -> Date
    public private(set) var circuit: Circuit = .closed
    private var consecutiveFailures = 0
    private var tokens: Double
    private var lastRefill: Date
    private var inFlight = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    public init(policy: ProtectionPolicy, now: @escaping @Sendable () -> Date = Date.init) {
        self.policy = policy
        self.now = now
        tokens = Double(policy.burst)
        lastRefill = now()
    }

    /// Whether a call may go out now; when the circuit is open, the time it may be tried again.
    public func admit() -> Date? {
        switch circuit {
        case .closed:
            return nil
        case .open(let until):
            if now() >= until {
                circuit = .halfOpen
                return nil
            }
            return until
        case .halfOpen:
            // Only the probe goes out; everyone else waits for its verdict.
            return now().addingTimeInterval(1)
        }
    }

    /// Takes a rate-limit token, waiting for one if the bucket is empty; then a concurrency slot.
    public func acquire() async {
        if let rate = policy.ratePerSecond, rate > 0 {
            while true {
                let t = now()
                tokens = min(Double(policy.burst), tokens + t.timeIntervalSince(lastRefill) * rate)
                lastRefill = t
                if tokens >= 1 {
                    tokens -= 1
                    break
                }
                let wait = (1 - tokens) / rate
                try? await Task.sleep(for: .milliseconds(Int(wait * 1000) + 1))
            }
        }
        if let cap = policy.maxConcurrency {
            while inFlight >= cap {
                await withCheckedContinuation { waiters.append($0) }
            }
        }
        inFlight += 1
    }

    /// Returns the concurrency slot and records the outcome for the circuit breaker.
    public func release(transientFailure: Bool) {
        inFlight -= 1
        if !waiters.isEmpty { waiters.removeFirst().resume() }
        if transientFailure {
            consecutiveFailures += 1
            if circuit == .halfOpen || consecutiveFailures >= policy.failureThreshold {
                circuit = .open(until: now().addingTimeInterval(policy.openDuration.timeInterval))
            }
        } else {
            consecutiveFailures = 0
            circuit = .closed
        }
    }
}
