import Foundation

/// A live replay an operator asked for: a new run of an earlier run's event, through the current or
/// a named flow version. Steps whose effect is already recorded are not sent again — unless listed
/// in `reexecute`, which sends them once more under a fresh idempotency key.
public struct ReplayRecord: Sendable, Equatable {
    /// The new run.
    public var runId: String
    /// The run whose event is replayed.
    public var sourceRunId: String
    /// Step names to execute again even though their effect is recorded.
    public var reexecute: [String]
    public var actor: String
    public var reason: String
    public var at: Date

    public init(runId: String, sourceRunId: String, reexecute: [String], actor: String, reason: String, at: Date) {
        self.runId = runId
        self.sourceRunId = sourceRunId
        self.reexecute = reexecute
        self.actor = actor
        self.reason = reason
        self.at = at
    }
}
