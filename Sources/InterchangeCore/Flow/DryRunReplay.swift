import Foundation
import JSONValue

/// Replays runs in plan mode: each step's request is computed with the engine's current project —
/// through the current flow version or a named one, from the original event and the original outputs
/// of earlier steps — and compared with the input the original run sent (steps matched by name).
/// Nothing is sent and nothing is written.
public struct DryRunReplay: Sendable {
    /// One step of a replayed run: what would be sent, and how it differs from what was sent.
    public struct StepDiff: Sendable {
        public var step: String
        public var system: String
        public var plan: StepPlan?
        /// The step's input in the original run (`nil` when it never ran).
        public var original: JSON?
        public var differences: [JSONDifference]
        /// Why the step could not be planned (a mapping error).
        public var error: String?
    }

    /// A replayed run.
    public struct RunDiff: Sendable {
        public var runId: String
        public var key: String
        /// The flow version the steps were planned with.
        public var flowVersion: Int
        public var steps: [StepDiff]

        /// Whether any step would send something different.
        public var changed: Bool { steps.contains { !$0.differences.isEmpty || $0.error != nil } }
    }

    public let engine: FlowEngine

    public init(engine: FlowEngine) { self.engine = engine }

    /// Plans one run through `version` of its flow (the current one when `nil`); `nil` when the run,
    /// its event or that flow version does not exist.
    public func replay(runId: String, version: Int? = nil) async throws -> RunDiff? {
        let store = engine.store
        guard let run = try await store.run(id: runId), let event = try await store.canonicalEvent(id: run.eventId) else { return nil }
        guard let flow = engine.project.flow(named: run.flow, version: version) else { return nil }
        let original = try await store.steps(runId: runId)
        var diffs: [StepDiff] = []
        for step in flow.steps {
            let context = StepContext.make(event: event, previous: original.filter { $0.name != step.name })
            let sent = original.first { $0.name == step.name }?.input
            do {
                let plan = try engine.plan(step, context: context)
                let differences = (sent ?? .null).differences(to: plan.body ?? .null)
                diffs.append(StepDiff(step: step.name, system: step.system, plan: plan, original: sent, differences: differences, error: nil))
            } catch {
                diffs.append(StepDiff(step: step.name, system: step.system, plan: nil, original: sent, differences: [], error: error.message))
            }
        }
        return RunDiff(runId: run.id, key: run.key, flowVersion: flow.version, steps: diffs)
    }

    /// Dry-runs every run the selection covers.
    public func replay(_ selection: ReplaySelection, version: Int? = nil) async throws -> [RunDiff] {
        var result: [RunDiff] = []
        for run in try await selection.select(in: engine.store) {
            if let diff = try await replay(runId: run.id, version: version) { result.append(diff) }
        }
        return result
    }
}
