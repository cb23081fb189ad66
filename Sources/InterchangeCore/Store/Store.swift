import Foundation
import JSONValue

/// What one inbound delivery produced, written atomically: the event, its canonical events and the
/// runs they cause (transactional outbox), or the quarantine entry.
public struct IngestRecord: Sendable {
    public var inbound: InboundEvent
    public var canonical: [CanonicalEvent]
    public var runs: [Run]
    public var quarantine: QuarantineEntry?

    public init(inbound: InboundEvent, canonical: [CanonicalEvent] = [], runs: [Run] = [], quarantine: QuarantineEntry? = nil) {
        self.inbound = inbound
        self.canonical = canonical
        self.runs = runs
        self.quarantine = quarantine
    }
}

/// The result of storing an inbound delivery.
public enum IngestOutcome: Sendable, Equatable {
    /// Stored; the id of the new inbound event.
    case stored(String)
    /// Already stored under this (system, dedup key); the id of the original.
    case duplicate(String)
}

/// Filters for listing runs; `nil` fields do not filter.
public struct RunFilter: Sendable {
    public var state: RunState?
    public var flow: String?
    public var key: String?
    /// Runs of this canonical event.
    public var eventId: String?
    /// Runs created at or after this time.
    public var createdFrom: Date?
    /// Runs created before this time.
    public var createdBefore: Date?
    /// Runs last changed at or before this time (how long a failed run has waited).
    public var updatedAtOrBefore: Date?
    /// Runs after this one in sequence order: the cursor for the next page.
    public var afterSequence: Int64?
    /// At most this many runs (a negative limit is read as 0, never as "no limit").
    public var limit: Int

    public init(
        state: RunState? = nil, flow: String? = nil, key: String? = nil, eventId: String? = nil, createdFrom: Date? = nil, createdBefore: Date? = nil,
        updatedAtOrBefore: Date? = nil, afterSequence: Int64? = nil, limit: Int = 100
    ) {
        self.state = state
        self.flow = flow
        self.key = key
        self.eventId = eventId
        self.createdFrom = createdFrom
        self.createdBefore = createdBefore
        self.updatedAtOrBefore = updatedAtOrBefore
        self.afterSequence = afterSequence
        self.limit = max(0, limit)
    }
}

/// The outcome of a finished step, written atomically with the run's progress.
public struct StepCompletion: Sendable {
    public var step: StepRecord
    /// The effect to record (nil when the step made no write or reused a recorded one).
    public var effect: Effect?
    public var crossReferences: [CrossReference]
    /// The run's state after this step (`ready` to continue, `succeeded` after the last step).
    public var runState: RunState

    public init(step: StepRecord, effect: Effect?, crossReferences: [CrossReference], runState: RunState) {
        self.step = step
        self.effect = effect
        self.crossReferences = crossReferences
        self.runState = runState
    }
}

/// Durable storage of the hub: event log, runs and steps, effect ledger, cross-references, quarantine.
///
/// Implementations must make each method atomic. Conformance is checked by one shared test suite.
public protocol Store: AccessTokenStore, AuditStore {
    /// Stores a delivery with everything it caused, or reports the duplicate it is.
    func ingest(_ record: IngestRecord) async throws -> IngestOutcome

    func inboundEvent(id: String) async throws -> InboundEvent?
    func canonicalEvent(id: String) async throws -> CanonicalEvent?
    /// Canonical events made from one inbound event.
    func canonicalEvents(inboundId: String) async throws -> [CanonicalEvent]
    func inboundCount() async throws -> Int

    /// Claims up to `limit` runs that are due, at most one per key, each the earliest unfinished run
    /// of its key; marks them `running` until `leaseUntil`.
    func claimRuns(limit: Int, now: Date, leaseUntil: Date) async throws -> [Run]
    /// Puts runs left `running` by a process that died back to `ready`.
    func releaseExpiredLeases(now: Date) async throws -> Int

    func run(id: String) async throws -> Run?
    func runs(_ filter: RunFilter) async throws -> [Run]
    func runCounts() async throws -> [RunState: Int]
    func steps(runId: String) async throws -> [StepRecord]

    /// Records a finished step, its effect and cross-references, and advances the run.
    func completeStep(_ completion: StepCompletion) async throws
    /// Records a failed attempt; `runState` is `retrying` (with `notBefore`) or `failed`.
    func recordFailure(step: StepRecord, runState: RunState, notBefore: Date) async throws

    /// Applies an operator action to a run that is `failed`: retry puts it back to `ready` (attempts
    /// reset), cancel ends it. Records the action. Returns the updated run, or `nil` when the run does
    /// not exist or is not failed.
    func apply(_ action: OperatorAction) async throws -> Run?
    /// Records a skip: the failed run's failing step becomes `succeeded` with the operator's result
    /// (`step`), and the run moves on (`ready`) or ends (`succeeded`). `nil` when the run is not failed.
    func skip(_ action: OperatorAction, step: StepRecord, runState: RunState) async throws -> Run?
    /// The operator actions taken on a run, oldest first.
    func actions(runId: String) async throws -> [OperatorAction]
    /// The input an operator set for a step with edit-and-retry (the latest), if any.
    func inputOverride(runId: String, stepIndex: Int) async throws -> JSON?

    /// Adds replay runs with their replay records, atomically, and returns the runs as stored (with their
    /// sequence; a run of a parked key starts held).
    func addReplays(_ runs: [Run], records: [ReplayRecord]) async throws -> [Run]
    /// The replay record of a run, when the run is a replay.
    func replayRecord(runId: String) async throws -> ReplayRecord?

    func effect(idempotencyKey: String) async throws -> Effect?
    func canonicalId(system: String, type: String, externalId: String) async throws -> String?
    func crossReferences(canonicalId: String) async throws -> [CrossReference]
    /// Every cross-reference (to warm the in-memory cache at start).
    func allCrossReferences() async throws -> [CrossReference]

    func quarantine(limit: Int) async throws -> [QuarantineEntry]
    func quarantineEntry(id: String) async throws -> QuarantineEntry?
    /// Releases a quarantined payload after an operator corrected it: keeps the corrected text with the
    /// entry (the original inbound event stays as received), stores the canonical events and runs it
    /// now produces, and removes the entry from the queue. `false` when the entry is not (or no longer) there.
    func release(quarantineId: String, correctedBody: String, canonical: [CanonicalEvent], runs: [Run], at: Date) async throws -> Bool
}
