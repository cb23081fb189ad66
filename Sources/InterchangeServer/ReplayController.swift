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
            let body = try await request.jsonBody(upTo: 1 << 20)
            let version = body["version"]?.numberValue?.intValue
            var diffs: [DryRunReplay.RunDiff] = []
            switch try await Self.target(body, store) {
            case .runs(let ids):
                for id in ids {
                    if let diff = try await replay.replay(runId: id, version: version) { diffs.append(diff) }
                }
            case .selection(let selection): diffs = try await replay.replay(selection, version: version)
            }
            return JSONResponse.make([
                "dryRun": true, "runs": .array(diffs.map(Self.json)), "changed": .integer(diffs.filter(\.changed).count),
            ])
        }
        router.post("/v1/replay") { request, _ in
            let body = try await request.jsonBody(upTo: 1 << 20)
            let version = body["version"]?.numberValue?.intValue
            let reexecute = body["reexecute"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let actor = body["actor"]?.stringValue ?? ""
            let reason = body["reason"]?.stringValue ?? ""
            do {
                let runs: [Run]
                switch try await Self.target(body, store) {
                case .runs(let ids): runs = try await live.replay(runIds: ids, version: version, reexecute: reexecute, actor: actor, reason: reason)
                case .selection(let selection): runs = try await live.replay(selection, version: version, reexecute: reexecute, actor: actor, reason: reason)
                }
                return JSONResponse.make(["dryRun": false, "queued": .integer(runs.count), "runs": .array(runs.map(DomainJSON.run))], status: .accepted)
            } catch let error as ReplaySelection.TooMany {
                return JSONResponse.problem(.badRequest, error.description)
            } catch let error as LiveReplay.RequestError {
                if case .runNotFound = error { return JSONResponse.problem(.notFound, error.description) }
                if case .runNotFinished = error { return JSONResponse.problem(.conflict, error.description) }
                return JSONResponse.problem(.badRequest, error.description)
            }
        }
    }

    /// What a replay request covers: named runs, or the runs a selection finds.
    enum Target {
        case runs([String])
        case selection(ReplaySelection)
    }

    /// `runIds` and `eventIds` (every run of those events) name runs; otherwise the body is a selection.
    static func target(_ body: JSON, _ store: any Store) async throws -> Target {
        guard body["runIds"] != nil || body["eventIds"] != nil else { return .selection(try selection(body)) }
        var ids = try strings(body, "runIds")
        for event in try strings(body, "eventIds") {
            ids += try await store.runs(RunFilter(eventId: event, limit: ReplaySelection.maxRuns)).map(\.id)
        }
        do {
            return .runs(try ReplaySelection.distinct(ids))
        } catch {
            throw APIError(.badRequest, error.description)
        }
    }

    /// A list of ids: absent, or an array of strings (anything else is refused, not skipped).
    private static func strings(_ body: JSON, _ field: String) throws(APIError) -> [String] {
        guard let value = body[field] else { return [] }
        guard let items = value.arrayValue, items.allSatisfy({ $0.stringValue != nil }) else {
            throw APIError(.badRequest, "\(field) must be an array of strings")
        }
        return items.compactMap(\.stringValue)
    }

    /// The selection a request body describes; times are RFC 3339.
    static func selection(_ body: JSON) throws(APIError) -> ReplaySelection {
        var filter = RunFilter(limit: try RequestLimits.limit(json: body["limit"], fallback: 100, maximum: ReplaySelection.maxRuns))
        filter.flow = body["flow"]?.stringValue
        filter.key = body["key"]?.stringValue
        if let state = body["state"]?.stringValue {
            guard let parsed = RunState(rawValue: state) else {
                throw APIError(.badRequest, "unknown state \(state); expected one of \(RunState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            filter.state = parsed
        }
        filter.createdFrom = try time(body, "from")
        filter.createdBefore = try time(body, "to")
        return ReplaySelection(runs: filter, eventType: body["type"]?.stringValue, system: body["system"]?.stringValue)
    }

    private static func time(_ body: JSON, _ field: String) throws(APIError) -> Date? {
        guard let text = body[field]?.stringValue else { return nil }
        guard let date = ISO8601DateFormatter.withFractions.date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
            throw APIError(.badRequest, "\(field) must be an RFC 3339 time such as 2026-11-28T09:00:00Z, not \(text)")
        }
        return date
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
