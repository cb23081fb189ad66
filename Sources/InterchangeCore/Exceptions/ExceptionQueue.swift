import Foundation

/// Failed runs as an operator sees them, and the actions allowed on them (retry, cancel).
public struct ExceptionQueue: Sendable {
    /// One failed run: its failing step, the failure's category and what to do about it.
    public struct Item: Sendable {
        public var run: Run
        /// The step that failed (input, error, attempts).
        public var step: StepRecord?
        /// `transient exhausted`, `validation`, `business rule`, `mapping`, `conflict`, `auth`.
        public var category: String
        public var suggestedAction: String
        public var actions: [OperatorAction]
    }

    /// Why an action was refused.
    public enum ActionError: Error, Equatable, CustomStringConvertible {
        case notFound(String)
        case notFailed(String, RunState)
        case missingActor

        public var description: String {
            switch self {
            case .notFound(let id): "no run \(id)"
            case .notFailed(let id, let state): "run \(id) is \(state.rawValue), not failed: only failed runs can be retried or cancelled"
            case .missingActor: "an action needs the operator's name (actor)"
            }
        }
    }

    public let store: any Store
    /// Called after a retry puts a run back to `ready`, to wake workers.
    public let onRunsReady: @Sendable () -> Void

    public init(store: any Store, onRunsReady: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.onRunsReady = onRunsReady
    }

    public func list(flow: String? = nil, key: String? = nil, limit: Int = 100) async throws -> [Item] {
        var items: [Item] = []
        for run in try await store.runs(RunFilter(state: .failed, flow: flow, key: key, limit: limit)) {
            items.append(try await item(for: run))
        }
        return items
    }

    public func item(runId: String) async throws -> Item? {
        guard let run = try await store.run(id: runId), run.state == .failed else { return nil }
        return try await item(for: run)
    }

    private func item(for run: Run) async throws -> Item {
        let step = try await store.steps(runId: run.id).first { $0.index == run.nextStep }
        let (category, suggestion) = Self.classify(run.lastError)
        return Item(run: run, step: step, category: category, suggestedAction: suggestion, actions: try await store.actions(runId: run.id))
    }

    /// Category and suggested action for a failure.
    static func classify(_ error: StepError?) -> (String, String) {
        guard let error else { return ("unknown", "inspect the run, then retry or cancel") }
        switch (error.category, error.status) {
        case (.transient, _): return ("transient exhausted", "retry once the system is healthy again")
        case (.validation, _): return ("validation", "fix the data or the mapping so the step input meets its contract, then retry")
        case (.mapping, _): return ("mapping", "fix the mapping expression, then retry")
        case (.permanent, 401?), (.permanent, 403?): return ("auth", "check the system's credentials and permissions, then retry")
        case (.permanent, 409?): return ("conflict", "resolve the conflicting record in the system, then retry")
        case (.permanent, _): return ("business rule", "fix the data in the system (e.g. create the missing item) or the source, then retry")
        }
    }

    /// Applies `kind` to a failed run on behalf of `actor`, recording why.
    public func act(_ kind: OperatorAction.Kind, runId: String, actor: String, reason: String, now: Date = Date()) async throws -> Run {
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else { throw ActionError.missingActor }
        let action = OperatorAction(id: Identifier.make(now: now), runId: runId, kind: kind, actor: actor, reason: reason, at: now)
        guard let run = try await store.apply(action) else {
            guard let existing = try await store.run(id: runId) else { throw ActionError.notFound(runId) }
            throw ActionError.notFailed(runId, existing.state)
        }
        if kind == .retry { onRunsReady() }
        return run
    }
}
