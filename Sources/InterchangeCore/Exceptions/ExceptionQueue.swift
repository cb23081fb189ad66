import Foundation
import JSONValue

/// Failed runs as an operator sees them, and the actions allowed on them (retry, cancel).
public struct ExceptionQueue: Sendable {
    /// One failed run: its failing step, the failure's category and what to do about it.
    public struct Item: Sendable {
        public var run: Run
        /// The step that failed (input, error, attempts).
        public var step: StepRecord?
        /// `transient exhausted`, `validation`, `business rule`, `mapping`, `conflict`, `auth`.
        public var category: String
        /// The system the failing step calls (`nil` when the step is no longer in the project).
        public var system: String?
        public var suggestedAction: String
        public var actions: [OperatorAction]
    }

    /// Which exceptions to list (or retry in bulk); `nil` fields do not filter.
    public struct Filter: Sendable {
        public var flow: String?
        public var key: String?
        /// The system the failing step calls.
        public var system: String?
        public var category: String?
        /// Only runs that have been failed at least this long (seconds).
        public var minimumAge: TimeInterval?
        public var limit: Int

        /// The category quarantined payloads are listed under.
        public static let quarantineCategory = "quarantine"

        public init(flow: String? = nil, key: String? = nil, system: String? = nil, category: String? = nil, minimumAge: TimeInterval? = nil, limit: Int = 100) {
            self.flow = flow
            self.key = key
            self.system = system
            self.category = category
            self.minimumAge = minimumAge
            self.limit = limit
        }

        /// Only what failed (or arrived) before this time, when a minimum age is asked for.
        func cutoff(now: Date) -> Date? { minimumAge.map { now.addingTimeInterval(-$0) } }

        /// Quarantined payloads have a system and an age but no flow, key or failure category: a listing
        /// shows them unless it asks for one of those (other than category `quarantine`).
        public var coversQuarantine: Bool { flow == nil && key == nil && (category == nil || category == Self.quarantineCategory) }

        /// Whether a quarantined payload belongs in this listing.
        public func admits(_ entry: QuarantineEntry, now: Date = Date()) -> Bool {
            coversQuarantine && (system == nil || entry.system == system) && (cutoff(now: now).map { entry.createdAt <= $0 } ?? true)
        }
    }

    /// Why an action was refused.
    public enum ActionError: Error, Equatable, CustomStringConvertible {
        case notFound(String)
        case notFailed(String, RunState)
        case missingActor
        case missingInput
        /// The edited input violates the step's contract; nothing was changed.
        case invalidInput([String])
        /// A skip that leaves later steps must say whether they still apply (`then`); their names.
        case laterStepsUnstated([String])
        /// The manual result of a skipped step is not what the later steps that read it need.
        case invalidOutput([String])

        public var description: String {
            switch self {
            case .notFound(let id): "no run \(id)"
            case .notFailed(let id, let state): "run \(id) is \(state.rawValue), not failed: only failed runs can be retried or cancelled"
            case .missingActor: "an action needs the operator's name (actor)"
            case .missingInput: "edit-and-retry needs the new step input (input), skip the step's result (output)"
            case .invalidInput(let violations): "the new input violates the step's contract: " + violations.joined(separator: "; ")
            case .laterStepsUnstated(let names):
                "skipping this step leaves \(names.joined(separator: ", ")) to run: say whether they still apply (then: continue) or the run ends here (then: finish)"
            case .invalidOutput(let problems): "the manual result does not serve the later steps: " + problems.joined(separator: "; ")
            }
        }
    }

    /// What follows a skipped step, as the operator states it.
    public enum AfterSkip: String, Sendable, CaseIterable {
        /// The later steps still apply: the run goes on with the next one.
        case `continue`
        /// The later steps do not apply (done by hand, or not wanted): the run ends here, as succeeded.
        case finish
    }

    public let store: any Store
    /// The flows, to check an edited input against its step's contract.
    public let project: Project?
    /// Plans later steps with a skipped step's manual result, to check it serves them.
    public let engine: FlowEngine?
    /// Called after a retry puts a run back to `ready`, to wake workers.
    public let onRunsReady: @Sendable () -> Void

    public init(store: any Store, project: Project? = nil, engine: FlowEngine? = nil, onRunsReady: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.project = project
        self.engine = engine
        self.onRunsReady = onRunsReady
    }

    public func list(flow: String? = nil, key: String? = nil, limit: Int = 100) async throws -> [Item] {
        try await list(Filter(flow: flow, key: key, limit: limit))
    }

    /// Failed runs matching `filter`, oldest first.
    public func list(_ filter: Filter, now: Date = Date()) async throws -> [Item] {
        // System and category are derived from each run's failure, so they are applied here, page by page,
        // until `limit` runs match: filtering one page of `limit` runs would miss matches further on.
        var items: [Item] = []
        var page = RunFilter(state: .failed, flow: filter.flow, key: filter.key, updatedAtOrBefore: filter.cutoff(now: now), limit: max(filter.limit, 100))
        while items.count < filter.limit {
            let runs = try await store.runs(page)
            for run in runs where items.count < filter.limit {
                let item = try await item(for: run)
                if let system = filter.system, item.system != system { continue }
                if let category = filter.category, item.category != category { continue }
                items.append(item)
            }
            guard runs.count == page.limit, let last = runs.last else { break }
            page.afterSequence = last.sequence
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
        let system = project?.flow(named: run.flow, version: run.flowVersion)?.steps[safe: run.nextStep]?.system
        return Item(run: run, step: step, category: category, system: system, suggestedAction: suggestion, actions: try await store.actions(runId: run.id))
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

    /// Applies `kind` to a failed run on behalf of `actor`, recording why. Edit-and-retry takes the
    /// failing step's new `input`, accepted only if it satisfies the step's contract.
    /// A skip takes the step's manual result as `input` and, when later steps remain, `afterSkip`.
    public func act(
        _ kind: OperatorAction.Kind, runId: String, actor: String, reason: String, input: JSON? = nil, afterSkip: AfterSkip? = nil, now: Date = Date()
    ) async throws -> Run {
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else { throw ActionError.missingActor }
        var stepIndex: Int?
        if kind == .editAndRetry {
            guard let input else { throw ActionError.missingInput }
            guard let run = try await store.run(id: runId) else { throw ActionError.notFound(runId) }
            guard run.state == .failed else { throw ActionError.notFailed(runId, run.state) }
            stepIndex = run.nextStep
            let step = project?.flow(named: run.flow, version: run.flowVersion)?.steps[safe: run.nextStep]
            if let contract = step?.contract {
                let violations = contract.messages(for: input)
                if !violations.isEmpty { throw ActionError.invalidInput(violations) }
            }
        }
        if kind == .skip {
            return try await skip(runId: runId, actor: actor, reason: reason, output: input, afterSkip: afterSkip, now: now)
        }
        let action = OperatorAction(id: Identifier.make(now: now), runId: runId, kind: kind, actor: actor, reason: reason, at: now, stepIndex: stepIndex, input: kind == .editAndRetry ? input : nil)
        guard let run = try await store.apply(action) else {
            guard let existing = try await store.run(id: runId) else { throw ActionError.notFound(runId) }
            throw ActionError.notFailed(runId, existing.state)
        }
        if kind != .cancel { onRunsReady() }
        return run
    }
}

extension ExceptionQueue {
    /// Retries every failed run that matches the filter (flow, key, category), as one operator action each.
    public func retryAll(flow: String?, key: String?, category: String?, actor: String, reason: String, now: Date = Date()) async throws -> [Run] {
        try await retryAll(Filter(flow: flow, key: key, category: category, limit: 10_000), actor: actor, reason: reason, now: now)
    }

    /// Retries every exception matching `filter` on behalf of `actor`.
    public func retryAll(_ filter: Filter, actor: String, reason: String, now: Date = Date()) async throws -> [Run] {
        guard !actor.trimmingCharacters(in: .whitespaces).isEmpty else { throw ActionError.missingActor }
        var retried: [Run] = []
        for item in try await list(filter, now: now) {
            retried.append(try await act(.retry, runId: item.run.id, actor: actor, reason: reason, now: now))
        }
        return retried
    }

    /// Skips the failing step with the operator's result (e.g. `{"id": "647"}` for a document created by
    /// hand). When later steps remain, the operator says whether they still apply: `continue` checks that
    /// the result serves every later step that reads it (each is planned with it: its mapping must
    /// evaluate and its body meet its contract) and goes on; `finish` ends the run here, as succeeded.
    func skip(runId: String, actor: String, reason: String, output: JSON?, afterSkip: AfterSkip?, now: Date) async throws -> Run {
        guard let output else { throw ActionError.missingInput }
        guard let run = try await store.run(id: runId) else { throw ActionError.notFound(runId) }
        guard run.state == .failed else { throw ActionError.notFailed(runId, run.state) }
        guard case .object = output else {
            throw ActionError.invalidOutput(["a step's result is a JSON object, such as {\"id\": \"647\"} for a document created by hand"])
        }
        let flow = project?.flow(named: run.flow, version: run.flowVersion)
        let steps = try await store.steps(runId: runId)
        let previous = steps.first { $0.index == run.nextStep }
        let record = StepRecord(
            runId: runId, index: run.nextStep, name: previous?.name ?? flow?.steps[safe: run.nextStep]?.name ?? "step-\(run.nextStep)",
            state: .succeeded, input: previous?.input, output: output, attempts: previous?.attempts ?? 0, startedAt: now, finishedAt: now)
        let later = flow.map { Array($0.steps.dropFirst(run.nextStep + 1)) } ?? []
        if !later.isEmpty {
            guard let afterSkip else { throw ActionError.laterStepsUnstated(later.map(\.name)) }
            if afterSkip == .continue {
                let problems = try await problems(of: output, for: later, readingStep: record.name, run: run, earlier: steps.filter { $0.index < run.nextStep } + [record])
                guard problems.isEmpty else { throw ActionError.invalidOutput(problems) }
            }
        }
        let isLast = later.isEmpty || afterSkip == .finish
        let action = OperatorAction(id: Identifier.make(now: now), runId: runId, kind: .skip, actor: actor, reason: reason, at: now, stepIndex: run.nextStep, input: output)
        guard let updated = try await store.skip(action, step: record, runState: isLast ? .succeeded : .ready) else {
            throw ActionError.notFailed(runId, run.state)
        }
        onRunsReady()
        return updated
    }

    /// What is wrong with a manual result for the later steps whose expressions name the skipped step.
    private func problems(of output: JSON, for later: [StepDefinition], readingStep name: String, run: Run, earlier: [StepRecord]) async throws -> [String] {
        guard let engine, let event = try await store.canonicalEvent(id: run.eventId) else { return [] }
        let context = StepContext.make(event: event, previous: earlier)
        var problems: [String] = []
        for step in later where Self.reads(step, name) {
            do {
                let plan = try engine.plan(step, context: context)
                problems += plan.violations.map { "\(step.name): \($0)" }
            } catch {
                problems.append("\(step.name): \(error.message)")
            }
        }
        return problems
    }

    /// Whether `step`'s expressions mention the step called `name` (they read its output).
    private static func reads(_ step: StepDefinition, _ name: String) -> Bool {
        let sources = [step.path.source, step.idempotencyKey.source, step.body?.expression.source, step.xrefCanonicalId?.source]
        return sources.contains { $0?.contains(name) == true }
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
