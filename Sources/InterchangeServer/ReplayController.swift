import Foundation
import Hummingbird
import InterchangeCore
import JSONValue
import NIOCore

/// Replays, by run ids (`{"runIds": [...]}`), by canonical event ids (`{"eventIds": [...]}`: every run
/// of those events) or by selection (`flow`, `key`, `state`, `type`, `system`,
/// `from`, `to`, `limit`), through the current flow version or a named one (`version`):
///
/// - `POST /v1/replay/dry-run`: what each run's steps would send, diffed against what they sent; nothing is sent.
/// - `POST /v1/replay`: queues a new run per finished run (`actor` and `reason` required); recorded
///   effects are not sent again unless their steps are named in `reexecute`.
struct ReplayController<Context: RequestContext> {
    let hub: Hub

    func register(on router: Router<Context>) {
        let replay = hub.replay
        let live = hub.liveReplay
        let store = hub.store
        router.post("/v1/replay/dry-run") { request, _ in
            let body = try await Self.runIdsForEvents(try await Self.body(request), store)
            let version = body["version"]?.numberValue?.intValue
            var diffs: [DryRunReplay.RunDiff] = []
            if let ids = body["runIds"]?.arrayValue {
                for case .string(let id) in ids {
                    if let diff = try await replay.replay(runId: id, version: version) { diffs.append(diff) }
                }
            } else {
                switch Self.selection(body) {
                case .success(let selection): diffs = try await replay.replay(selection, version: version)
                case .failure(let problem): return JSONResponse.problem(.badRequest, problem.message)
                }
            }
            return JSONResponse.make([
                "dryRun": true, "runs": .array(diffs.map(Self.json)), "changed": .integer(diffs.filter(\.changed).count),
            ])
        }
        router.post("/v1/replay") { request, _ in
            let body = try await Self.runIdsForEvents(try await Self.body(request), store)
            let version = body["version"]?.numberValue?.intValue
            let reexecute = body["reexecute"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let actor = body["actor"]?.stringValue ?? ""
            let reason = body["reason"]?.stringValue ?? ""
            do {
                let runs: [Run]
                if let ids = body["runIds"]?.arrayValue {
                    runs = try await live.replay(
                        runIds: ids.compactMap(\.stringValue), version: version, reexecute: reexecute, actor: actor, reason: reason)
                } else {
                    switch Self.selection(body) {
                    case .success(let selection):
                        runs = try await live.replay(selection, version: version, reexecute: reexecute, actor: actor, reason: reason)
                    case .failure(let problem): return JSONResponse.problem(.badRequest, problem.message)
                    }
                }
                return JSONResponse.make(["dryRun": false, "queued": .integer(runs.count), "runs": .array(runs.map(DomainJSON.run))], status: .accepted)
            } catch let error as LiveReplay.RequestError {
                if case .runNotFound = error { return JSONResponse.problem(.notFound, error.description) }
                if case .runNotFinished = error { return JSONResponse.problem(.conflict, error.description) }
                return JSONResponse.problem(.badRequest, error.description)
            }
        }
    }

    struct Problem: Error {
        let message: String
    }

    /// A body naming `eventIds` gets the `runIds` of those events' runs.
    static func runIdsForEvents(_ body: JSON, _ store: any Store) async throws -> JSON {
        guard let events = body["eventIds"]?.arrayValue, case .object(var object) = body else { return body }
        var ids: [JSON] = body["runIds"]?.arrayValue ?? []
        for case .string(let event) in events {
            ids += try await store.runs(RunFilter(eventId: event, limit: 1000)).map { .string($0.id) }
        }
        object["runIds"] = .array(ids)
        return .object(object)
    }

    static func body(_ request: Request) async throws -> JSON {
        let buffer = try await request.body.collect(upTo: 1 << 20)
        return (try? JSON.parse(Array(buffer.readableBytesView))) ?? [:]
    }

    /// The selection a request body describes; times are RFC 3339.
    static func selection(_ body: JSON) -> Result<ReplaySelection, Problem> {
        var filter = RunFilter(limit: body["limit"]?.numberValue?.intValue ?? 100)
        filter.flow = body["flow"]?.stringValue
        filter.key = body["key"]?.stringValue
        if let state = body["state"]?.stringValue {
            guard let parsed = RunState(rawValue: state) else {
                return .failure(Problem(message: "unknown state \(state); expected one of \(RunState.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            filter.state = parsed
        }
        for (field, assign) in [("from", { (d: Date) in filter.createdFrom = d }), ("to", { (d: Date) in filter.createdBefore = d })] {
            guard let text = body[field]?.stringValue else { continue }
            guard let date = ISO8601DateFormatter.withFractions.date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
                return .failure(Problem(message: "\(field) must be an RFC 3339 time such as 2026-11-28T09:00:00Z, not \(text)"))
            }
            assign(date)
        }
        return .success(ReplaySelection(runs: filter, eventType: body["type"]?.stringValue, system: body["system"]?.stringValue))
    }

    static func json(_ diff: DryRunReplay.RunDiff) -> JSON {
        [
            "runId": .string(diff.runId), "key": .string(diff.key), "flowVersion": .integer(diff.flowVersion), "changed": .bool(diff.changed),
            "steps": .array(diff.steps.map { step in
                [
                    "step": .string(step.step), "system": .string(step.system),
                    "method": step.plan.map { .string($0.method) } ?? .null, "path": step.plan.map { .string($0.path) } ?? .null,
                    "body": step.plan?.body ?? .null, "differences": .array(step.differences.map { .string($0.description) }),
                    "violations": .array((step.plan?.violations ?? []).map { .string($0) }), "error": step.error.map { .string($0) } ?? .null,
                ]
            }),
        ]
    }
}
