import Hummingbird
import InterchangeCore
import JSONValue
import NIOCore

/// `POST /v1/replay/dry-run` with `{"runIds": [...]}` or a filter `{"flow", "key", "state", "limit"}`:
/// what each run's steps would send through the current project, diffed against what they sent.
struct ReplayController<Context: RequestContext> {
    let hub: Hub

    func register(on router: Router<Context>) {
        let replay = hub.replay
        router.post("/v1/replay/dry-run") { request, _ in
            let buffer = try await request.body.collect(upTo: 1 << 20)
            let body = (try? JSON.parse(Array(buffer.readableBytesView))) ?? [:]
            var diffs: [DryRunReplay.RunDiff] = []
            if let ids = body["runIds"]?.arrayValue {
                for case .string(let id) in ids {
                    if let diff = try await replay.replay(runId: id) { diffs.append(diff) }
                }
            } else {
                var filter = RunFilter(limit: body["limit"]?.numberValue?.intValue ?? 100)
                filter.flow = body["flow"]?.stringValue
                filter.key = body["key"]?.stringValue
                if let state = body["state"]?.stringValue {
                    guard let parsed = RunState(rawValue: state) else { return JSONResponse.problem(.badRequest, "unknown state \(state)") }
                    filter.state = parsed
                }
                diffs = try await replay.replay(filter)
            }
            return JSONResponse.make([
                "dryRun": true, "runs": .array(diffs.map(Self.json)), "changed": .integer(diffs.filter(\.changed).count),
            ])
        }
    }

    static func json(_ diff: DryRunReplay.RunDiff) -> JSON {
        [
            "runId": .string(diff.runId), "key": .string(diff.key), "changed": .bool(diff.changed),
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
