import Foundation

/// Replays runs for real: each replayed run's event starts a new run of the same flow — the current
/// version or a named one — queued behind the key's other runs. The effect ledger applies: a step
/// whose effect is recorded is not sent again, so replaying a finished run re-sends nothing unless a
/// mapping change altered an idempotency key, or the operator names steps to `reexecute`.
public struct LiveReplay: Sendable {
    /// Why a replay request was refused; nothing was queued.
    public enum RequestError: Error, Sendable, CustomStringConvertible, Equatable {
        case missingActor
        case runNotFound(String)
        /// Only finished runs are replayed; a failed run belongs to the exception queue.
        case runNotFinished(String, RunState)
        case unknownFlowVersion(String, Int)
        case unknownSteps(String, [String])

        public var description: String {
            switch self {
            case .missingActor: "a replay needs the operator's name (actor)"
            case .runNotFound(let id): "no run \(id)"
            case .runNotFinished(let id, let state):
                "run \(id) is \(state.rawValue); only succeeded or cancelled runs are replayed (failed runs: use the exception queue)"
            case .unknownFlowVersion(let flow, let version): "flow \(flow) has no version \(version) in the loaded project"
            case .unknownSteps(let flow, let names): "flow \(flow) has no step named \(names.joined(separator: ", "))"
            }
        }
    }

    public let store: any Store
    public let project: Project
    private let onRunsReady: @Sendable () -> Void

    public init(store: any Store, project: Project, onRunsReady: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.project = project
        self.onRunsReady = onRunsReady
    }

    /// Queues one new run per source run, all or nothing; returns them (a run of a parked key is `held`).
    public func replay(
        runIds: [String], version: Int? = nil, reexecute: [String] = [], actor: String, reason: String, now: Date = Date()
    ) async throws -> [Run] {
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else { throw RequestError.missingActor }
        var runs: [Run] = []
        var records: [ReplayRecord] = []
        // The same run named twice is replayed once: a re-executed step must not reach a system twice.
        for id in try ReplaySelection.distinct(runIds) {
            guard let source = try await store.run(id: id) else { throw RequestError.runNotFound(id) }
            guard source.state.isTerminal else { throw RequestError.runNotFinished(id, source.state) }
            guard let flow = project.flow(named: source.flow, version: version) else {
                throw RequestError.unknownFlowVersion(source.flow, version ?? source.flowVersion)
            }
            let unknown = reexecute.filter { name in !flow.steps.contains { $0.name == name } }
            guard unknown.isEmpty else { throw RequestError.unknownSteps(flow.name, unknown) }
            let run = Run(
                id: Identifier.make(now: now), flow: flow.name, flowVersion: flow.version, eventId: source.eventId, key: source.key, notBefore: now,
                createdAt: now, updatedAt: now)
            runs.append(run)
            records.append(ReplayRecord(runId: run.id, sourceRunId: source.id, reexecute: reexecute, actor: actor, reason: reason, at: now))
        }
        let stored = try await store.addReplays(runs, records: records)
        if !stored.isEmpty { onRunsReady() }
        return stored
    }

    /// Replays every run the selection covers (finished runs only; others are skipped, not refused).
    public func replay(
        _ selection: ReplaySelection, version: Int? = nil, reexecute: [String] = [], actor: String, reason: String, now: Date = Date()
    ) async throws -> [Run] {
        let finished = try await selection.select(in: store).filter(\.state.isTerminal).map(\.id)
        return try await replay(runIds: finished, version: version, reexecute: reexecute, actor: actor, reason: reason, now: now)
    }
}
