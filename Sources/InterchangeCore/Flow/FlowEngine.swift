import Foundation
import JSONValue
import JSONata
import Logging
import Metrics

/// Step 4–6 of the event path for one claimed run: each step maps, validates, calls and records,
/// durably, so a restart resumes at the first unfinished step.
public struct FlowEngine: Sendable {
    public let store: any Store
    public let project: Project
    public let connector: any Connector
    public let functions: [JSONataFunction]
    /// Cross-references recorded by steps are added here, so `$xref` sees them at once.
    public let crossReferences: CrossReferenceCache

    public init(store: any Store, project: Project, connector: any Connector, crossReferences: CrossReferenceCache = CrossReferenceCache()) {
        self.store = store
        self.project = project
        self.connector = connector
        self.crossReferences = crossReferences
        self.functions = HubFunctions.make(project: project, crossReferences: crossReferences)
    }

    /// Executes `run` from its next step until it succeeds, must wait for a retry, or fails.
    public func execute(_ run: Run, logger: Logger) async throws {
        var logger = logger
        logger[metadataKey: "run.id"] = "\(run.id)"
        logger[metadataKey: "flow"] = "\(run.flow)"
        logger[metadataKey: "event.id"] = "\(run.eventId)"
        guard let flow = project.flow(named: run.flow, version: run.flowVersion) else {
            return try await failWithoutStep(run, "flow \(run.flow) version \(run.flowVersion) is not in the loaded project")
        }
        guard let event = try await store.canonicalEvent(id: run.eventId) else {
            return try await failWithoutStep(run, "event \(run.eventId) not found")
        }
        var previous = try await store.steps(runId: run.id)
        // Steps an operator asked a replay to send again (read once per run; empty for ordinary runs).
        let reexecute = Set(try await store.replayRecord(runId: run.id)?.reexecute ?? [])
        var index = run.nextStep
        var attempts = run.attempts
        while index < flow.steps.count {
            let step = flow.steps[index]
            var stepLogger = logger
            stepLogger[metadataKey: "step"] = "\(step.name)"
            stepLogger[metadataKey: "system"] = "\(step.system)"
            let started = Date()
            let outcome = await perform(
                step, index: index, run: run, event: event, previous: previous, reexecute: reexecute.contains(step.name), logger: stepLogger)
            let finished = Date()
            Timer(label: "interchange_step_duration_seconds", dimensions: [("flow", flow.name), ("step", step.name)])
                .recordNanoseconds(Int64(finished.timeIntervalSince(started) * 1e9))
            switch outcome {
            case .success(let input, let output, let effect, let xrefs):
                let isLast = index == flow.steps.count - 1
                let record = StepRecord(runId: run.id, index: index, name: step.name, state: .succeeded, input: input, output: output, attempts: attempts + 1, startedAt: started, finishedAt: finished)
                try await store.completeStep(StepCompletion(step: record, effect: effect, crossReferences: xrefs, runState: isLast ? .succeeded : .running))
                for xref in xrefs { crossReferences.record(xref) }
                previous.append(record)
                index += 1
                attempts = 0
                if isLast {
                    Counter(label: "interchange_runs_finished_total", dimensions: [("flow", flow.name), ("state", "succeeded")]).increment()
                    logger.info("Run succeeded")
                }
            case .paused(let input, let error, let until):
                let record = StepRecord(runId: run.id, index: index, name: step.name, state: .retrying, input: input, attempts: attempts, error: error, startedAt: started, finishedAt: finished)
                try await store.recordFailure(step: record, runState: .retrying, notBefore: until)
                stepLogger.notice("System circuit open, run waits", metadata: ["until": "\(until)"])
                return
            case .failure(let input, let error, let retryAfter):
                attempts += 1
                let retry = error.category == .transient && attempts < step.retry.attempts
                let delay = step.retry.delay(afterAttempt: attempts, retryAfter: retryAfter, random: Double.random(in: 0...1))
                let record = StepRecord(runId: run.id, index: index, name: step.name, state: retry ? .retrying : .failed, input: input, attempts: attempts, error: error, startedAt: started, finishedAt: finished)
                try await store.recordFailure(step: record, runState: retry ? .retrying : .failed, notBefore: finished.addingTimeInterval(delay.timeInterval))
                if retry {
                    Counter(label: "interchange_step_retries_total", dimensions: [("flow", flow.name), ("step", step.name)]).increment()
                    stepLogger.notice("Step failed, will retry", metadata: ["attempt": "\(attempts)", "error": "\(error.message)", "retry.in_ms": "\(Int(delay.timeInterval * 1000))"])
                } else {
                    Counter(label: "interchange_runs_finished_total", dimensions: [("flow", flow.name), ("state", "failed")]).increment()
                    stepLogger.error("Run failed", metadata: ["attempt": "\(attempts)", "error": "\(error.message)", "error.category": "\(error.category.rawValue)"])
                }
                return
            }
        }
    }

    /// Fails a run that cannot start its next step at all (its flow or event is missing).
    private func failWithoutStep(_ run: Run, _ message: String) async throws {
        let now = Date()
        let error = StepError(category: .permanent, message: message)
        let record = StepRecord(runId: run.id, index: run.nextStep, name: "?", state: .failed, error: error, finishedAt: now)
        try await store.recordFailure(step: record, runState: .failed, notBefore: now)
    }

    enum Outcome {
        case success(input: JSON?, output: JSON, effect: Effect?, xrefs: [CrossReference])
        case failure(input: JSON?, error: StepError, retryAfter: Duration?)
        /// The system's circuit is open: wait, without spending an attempt.
        case paused(input: JSON?, error: StepError, until: Date)
    }

    /// The request a step would send in `context`: its idempotency key, its body (the mapping's output
    /// or `bodyOverride`), the contract violations of that body, and its path. Sends nothing.
    public func plan(_ step: StepDefinition, context: JSON, bodyOverride: JSON? = nil) throws(StepError) -> StepPlan {
        guard case .string(let key)? = try evaluate(step.idempotencyKey, context, what: "idempotencyKey") else {
            throw StepError(category: .mapping, message: "idempotencyKey did not evaluate to a string")
        }
        var body = bodyOverride
        if body == nil, let mapping = step.body {
            body = try evaluate(mapping.expression, context, what: "mapping \(mapping.path)")
        }
        var violations: [String] = []
        if let contract = step.contract, let body {
            violations = contract.messages(for: body)
        }
        guard case .string(let path)? = try evaluate(step.path, context, what: "path") else {
            throw StepError(category: .mapping, message: "path did not evaluate to a string")
        }
        return StepPlan(idempotencyKey: key, method: step.method, path: path, body: body, violations: violations)
    }

    private func evaluate(_ expression: JSONataExpression, _ context: JSON, what: String) throws(StepError) -> JSON? {
        do {
            return try expression.evaluate(context, functions: functions)
        } catch {
            throw StepError(category: .mapping, message: "\(what): \(error)")
        }
    }

    private func perform(
        _ step: StepDefinition, index: Int, run: Run, event: CanonicalEvent, previous: [StepRecord], reexecute: Bool, logger: Logger
    ) async -> Outcome {
        let context = StepContext.make(event: event, previous: previous)
        var body: JSON?
        do {
            // An operator may have replaced this step's input (edit-and-retry): it stands in for the mapping.
            let plan = try self.plan(step, context: context, bodyOverride: try await store.inputOverride(runId: run.id, stepIndex: index))
            body = plan.body
            // A step a replay must send again gets a key of its own, so neither the ledger nor the target dedupes it.
            let key = reexecute ? plan.idempotencyKey + ":replay:" + run.id : plan.idempotencyKey
            if let effect = try await store.effect(idempotencyKey: key) {
                logger.info("Effect already recorded, not calling again", metadata: ["idempotency.key": "\(key)"])
                return .success(input: body, output: effect.output, effect: nil, xrefs: [])
            }
            if !plan.violations.isEmpty {
                throw StepError(category: .validation, message: plan.violations.joined(separator: "; "))
            }
            let path = plan.path
            let request = ConnectorRequest(system: step.system, method: step.method, path: path, body: body, idempotencyKey: key)
            let response: ConnectorResponse
            do {
                response = try await connector.execute(request)
            } catch {
                if let until = error.circuitOpenUntil {
                    return .paused(input: body, error: StepError(category: .transient, message: error.message), until: until)
                }
                return .failure(
                    input: body,
                    error: StepError(category: error.transient ? .transient : .permanent, message: error.message, status: error.status, detail: error.detail),
                    retryAfter: error.retryAfter)
            }
            let output = response.stepOutput
            var xrefs: [CrossReference] = []
            if let type = step.xrefType, let expression = step.xrefCanonicalId, let documentId = response.documentId,
                case .string(let canonicalId)? = try evaluate(expression, context, what: "xref.canonicalId")
            {
                xrefs.append(CrossReference(system: step.system, type: type, externalId: documentId, canonicalId: canonicalId))
            }
            let effect = Effect(idempotencyKey: key, runId: run.id, step: step.name, system: step.system, documentId: response.documentId, output: output, recordedAt: Date())
            return .success(input: body, output: output, effect: effect, xrefs: xrefs)
        } catch let error as StepError {
            return .failure(input: body, error: error, retryAfter: nil)
        } catch {
            return .failure(input: body, error: StepError(category: .transient, message: "store error: \(error)"), retryAfter: nil)
        }
    }
}
