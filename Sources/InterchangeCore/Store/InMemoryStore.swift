import Foundation
import JSONValue

/// The in-memory twin of the real stores, for domain tests and `--store memory`.
public actor InMemoryStore: Store {
    private var inbound: [String: InboundEvent] = [:]
    private var dedup: [String: String] = [:]
    private var canonical: [String: CanonicalEvent] = [:]
    private var canonicalOrder: [String] = []
    private var runsById: [String: Run] = [:]
    private var stepsByRun: [String: [Int: StepRecord]] = [:]
    private var effects: [String: Effect] = [:]
    private var xrefs: [String: CrossReference] = [:]
    private var quarantined: [QuarantineEntry] = []
    private var leases: [String: Date] = [:]
    private var nextSequence: Int64 = 1
    private var replays: [String: ReplayRecord] = [:]
    private var operatorActions: [OperatorAction] = []
    var accessTokens: [AccessToken] = []
    var auditTrail: [AuditEntry] = []

    public init() {}

    public func ingest(_ record: IngestRecord) throws -> IngestOutcome {
        let dedupKey = record.inbound.system + "\u{0}" + record.inbound.dedupKey
        if let existing = dedup[dedupKey] { return .duplicate(existing) }
        dedup[dedupKey] = record.inbound.id
        inbound[record.inbound.id] = record.inbound
        for event in record.canonical {
            canonical[event.id] = event
            canonicalOrder.append(event.id)
        }
        add(record.runs)
        if let q = record.quarantine { quarantined.append(q) }
        return .stored(record.inbound.id)
    }

    /// Appends runs in order and returns them as stored; a run of a parked key starts held.
    @discardableResult
    private func add(_ runs: [Run]) -> [Run] {
        var stored: [Run] = []
        for var run in runs {
            run.sequence = nextSequence
            nextSequence += 1
            if isParked(run.key) && run.state == .ready { run.state = .held }
            runsById[run.id] = run
            stored.append(run)
        }
        return stored
    }

    public func addReplays(_ runs: [Run], records: [ReplayRecord]) -> [Run] {
        for record in records { replays[record.runId] = record }
        return add(runs)
    }

    public func replayRecord(runId: String) -> ReplayRecord? { replays[runId] }

    public func inboundEvent(id: String) -> InboundEvent? { inbound[id] }
    public func canonicalEvent(id: String) -> CanonicalEvent? { canonical[id] }
    public func canonicalEvents(inboundId: String) -> [CanonicalEvent] {
        canonicalOrder.compactMap { canonical[$0] }.filter { $0.inboundId == inboundId }
    }
    public func inboundCount() -> Int { inbound.count }

    public func claimRuns(limit: Int, now: Date, leaseUntil: Date) -> [Run] {
        var headOfKey: [String: Run] = [:]
        for run in runsById.values where !run.state.isTerminal {
            if let current = headOfKey[run.key], current.sequence < run.sequence { continue }
            headOfKey[run.key] = run
        }
        let due = headOfKey.values
            .filter { ($0.state == .ready || $0.state == .retrying) && $0.notBefore <= now }
            .sorted { $0.sequence < $1.sequence }
            .prefix(limit)
        var claimed: [Run] = []
        for var run in due {
            run.state = .running
            run.updatedAt = now
            runsById[run.id] = run
            leases[run.id] = leaseUntil
            claimed.append(run)
        }
        return claimed
    }

    public func releaseExpiredLeases(now: Date) -> Int {
        var released = 0
        for (id, run) in runsById where run.state == .running && (leases[id] ?? .distantPast) <= now {
            var r = run
            r.state = .ready
            runsById[id] = r
            released += 1
        }
        return released
    }

    public func run(id: String) -> Run? { runsById[id] }

    public func runs(_ filter: RunFilter) -> [Run] {
        runsById.values
            .filter { filter.state == nil || $0.state == filter.state }
            .filter { filter.flow == nil || $0.flow == filter.flow }
            .filter { filter.key == nil || $0.key == filter.key }
            .filter { filter.eventId == nil || $0.eventId == filter.eventId }
            .filter { run in filter.createdFrom.map { run.createdAt >= $0 } ?? true }
            .filter { run in filter.createdBefore.map { run.createdAt < $0 } ?? true }
            .filter { run in filter.updatedAtOrBefore.map { run.updatedAt <= $0 } ?? true }
            .filter { run in filter.afterSequence.map { run.sequence > $0 } ?? true }
            .sorted { $0.sequence < $1.sequence }
            .prefix(max(0, filter.limit))
            .map { $0 }
    }

    public func runCounts() -> [RunState: Int] {
        var counts: [RunState: Int] = [:]
        for run in runsById.values { counts[run.state, default: 0] += 1 }
        return counts
    }

    public func steps(runId: String) -> [StepRecord] {
        (stepsByRun[runId] ?? [:]).values.sorted { $0.index < $1.index }
    }

    public func completeStep(_ completion: StepCompletion) throws {
        let step = completion.step
        stepsByRun[step.runId, default: [:]][step.index] = step
        if let effect = completion.effect, effects[effect.idempotencyKey] == nil { effects[effect.idempotencyKey] = effect }
        for x in completion.crossReferences { xrefs[x.system + "\u{0}" + x.type + "\u{0}" + x.externalId] = x }
        guard var run = runsById[step.runId] else { return }
        run.nextStep = step.index + 1
        run.attempts = 0
        run.state = completion.runState
        run.lastError = nil
        run.updatedAt = step.finishedAt ?? run.updatedAt
        runsById[run.id] = run
    }

    public func recordFailure(step: StepRecord, runState: RunState, notBefore: Date) {
        stepsByRun[step.runId, default: [:]][step.index] = step
        guard var run = runsById[step.runId] else { return }
        run.state = runState
        run.attempts = step.attempts
        run.lastError = step.error
        run.notBefore = notBefore
        run.updatedAt = step.finishedAt ?? run.updatedAt
        runsById[run.id] = run
        if runState == .failed { setLaterRuns(of: run, to: .held, from: .ready) }
    }

    private func isParked(_ key: String) -> Bool {
        runsById.values.contains { $0.key == key && $0.state == .failed }
    }

    private func setLaterRuns(of run: Run, to state: RunState, from previous: RunState) {
        for (id, other) in runsById where other.key == run.key && other.sequence > run.sequence && other.state == previous {
            var changed = other
            changed.state = state
            runsById[id] = changed
        }
    }

    public func apply(_ action: OperatorAction) -> Run? {
        guard var run = runsById[action.runId], run.state == .failed else { return nil }
        switch action.kind {
        case .retry, .editAndRetry:
            run.state = .ready
            run.attempts = 0
            run.notBefore = action.at
        case .cancel:
            run.state = .cancelled
        case .skip:
            return nil
        }
        run.updatedAt = action.at
        runsById[run.id] = run
        operatorActions.append(action)
        // The key is no longer parked: held runs wait for their turn as ready runs again.
        setLaterRuns(of: run, to: .ready, from: .held)
        return run
    }

    public func skip(_ action: OperatorAction, step: StepRecord, runState: RunState) -> Run? {
        guard var run = runsById[action.runId], run.state == .failed else { return nil }
        stepsByRun[run.id, default: [:]][step.index] = step
        run.nextStep = step.index + 1
        run.attempts = 0
        run.lastError = nil
        run.state = runState
        run.notBefore = action.at
        run.updatedAt = action.at
        runsById[run.id] = run
        operatorActions.append(action)
        setLaterRuns(of: run, to: .ready, from: .held)
        return run
    }

    public func actions(runId: String) -> [OperatorAction] { operatorActions.filter { $0.runId == runId } }

    public func inputOverride(runId: String, stepIndex: Int) -> JSON? {
        operatorActions.last { $0.runId == runId && $0.kind == .editAndRetry && $0.stepIndex == stepIndex }?.input
    }

    public func effect(idempotencyKey: String) -> Effect? { effects[idempotencyKey] }

    public func canonicalId(system: String, type: String, externalId: String) -> String? {
        xrefs[system + "\u{0}" + type + "\u{0}" + externalId]?.canonicalId
    }

    public func crossReferences(canonicalId: String) -> [CrossReference] {
        xrefs.values.filter { $0.canonicalId == canonicalId }.sorted { ($0.system, $0.type) < ($1.system, $1.type) }
    }

    public func allCrossReferences() -> [CrossReference] { Array(xrefs.values) }

    public func quarantine(limit: Int) -> [QuarantineEntry] { Array(quarantined.suffix(limit).reversed()) }

    public func quarantineEntry(id: String) -> QuarantineEntry? { quarantined.first { $0.id == id } }

    public func release(quarantineId: String, correctedBody: String, canonical: [CanonicalEvent], runs: [Run], at: Date) -> Bool {
        guard let index = quarantined.firstIndex(where: { $0.id == quarantineId }) else { return false }
        quarantined.remove(at: index)
        for event in canonical {
            self.canonical[event.id] = event
            canonicalOrder.append(event.id)
        }
        add(runs)
        return true
    }
}
