import Hummingbird
import InterchangeCore
import JSONValue
import NIOCore

/// The exception queue: `GET /v1/exceptions`, `GET /v1/exceptions/{runId}`,
/// `POST /v1/exceptions/{runId}/retry|cancel` with `{"actor": "…", "reason": "…"}`, and
/// `POST /v1/exceptions/{runId}/edit-and-retry` with the new step `"input"` as well, and
/// `POST /v1/exceptions/{runId}/skip` with the step's manual `"output"`; bulk:
/// `POST /v1/exceptions/retry` with `{"actor", "reason", "flow"?, "key"?, "category"?}`.
struct ExceptionsController<Context: RequestContext> {
    let hub: Hub

    func register(on router: Router<Context>) {
        let queue = hub.exceptions
        let store = hub.store
        router.get("/v1/exceptions") { request, _ in
            // Query values as the JSON fields `filter` reads: text stays text, counts must be whole numbers.
            var fields = JSONObject()
            let query = request.uri.queryParameters
            for (name, value) in query where !["minAgeSeconds", "limit"].contains(String(name)) { fields[String(name)] = .string(String(value)) }
            if let age = query["minAgeSeconds"] { fields["minAgeSeconds"] = .double(try RequestLimits.seconds(query: age, name: "minAgeSeconds")) }
            fields["limit"] = .integer(try RequestLimits.limit(query: query["limit"], fallback: 100, maximum: RequestLimits.maxListing))
            let filter = Self.filter(.object(fields))
            let items = try await queue.list(filter)
            // Quarantined payloads join the queue under category `quarantine`.
            let quarantine = filter.coversQuarantine ? try await QuarantineListing.items(store, limit: filter.limit) { filter.admits($0) } : []
            return JSONResponse.make(["exceptions": .array(items.map(Self.json)), "quarantine": .array(quarantine)])
        }
        router.get("/v1/exceptions/:runId") { _, context in
            let id = try context.parameters.require("runId")
            guard let item = try await queue.item(runId: id) else { return JSONResponse.problem(.notFound, "no failed run \(id)") }
            return JSONResponse.make(Self.json(item))
        }
        router.post("/v1/exceptions/retry") { request, _ in
            let body = try await request.jsonBody(upTo: 64 << 10)
            do {
                var filter = Self.filter(body)
                filter.limit = try RequestLimits.limit(json: body["limit"], fallback: RequestLimits.maxBulkRetry, maximum: RequestLimits.maxBulkRetry)
                let runs = try await queue.retryAll(filter, actor: body["actor"]?.stringValue ?? "", reason: body["reason"]?.stringValue ?? "")
                return JSONResponse.make(["retried": .integer(runs.count), "runs": .array(runs.map { .string($0.id) })])
            } catch let error as ExceptionQueue.ActionError {
                return JSONResponse.problem(.badRequest, error.description)
            }
        }
        for kind in OperatorAction.Kind.allCases {
            router.post("/v1/exceptions/:runId/\(kind.rawValue)") { request, context in
                let id = try context.parameters.require("runId")
                let body = try await request.jsonBody(upTo: 64 << 10)
                var afterSkip: ExceptionQueue.AfterSkip?
                if let then = body["then"] {
                    guard let value = then.stringValue.flatMap(ExceptionQueue.AfterSkip.init(rawValue:)) else {
                        throw APIError(.badRequest, "then must be \"continue\" or \"finish\", not \(then.serialized())")
                    }
                    afterSkip = value
                }
                do {
                    let run = try await queue.act(
                        kind, runId: id, actor: body["actor"]?.stringValue ?? "", reason: body["reason"]?.stringValue ?? "",
                        input: kind == .skip ? body["output"] : body["input"], afterSkip: afterSkip)
                    return JSONResponse.make(DomainJSON.run(run))
                } catch let error as ExceptionQueue.ActionError {
                    switch error {
                    case .notFound: return JSONResponse.problem(.notFound, error.description)
                    case .notFailed: return JSONResponse.problem(.conflict, error.description)
                    case .missingActor, .missingInput: return JSONResponse.problem(.badRequest, error.description)
                    case .invalidInput, .invalidOutput: return JSONResponse.problem(.unprocessableContent, error.description)
                    case .laterStepsUnstated: return JSONResponse.problem(.badRequest, error.description)
                    }
                }
            }
        }
    }

    /// The exception filter of a query or request body: `flow`, `key`, `system`, `category`, `minAgeSeconds`, `limit`.
    static func filter(_ fields: JSON) -> ExceptionQueue.Filter {
        ExceptionQueue.Filter(
            flow: fields["flow"]?.stringValue, key: fields["key"]?.stringValue, system: fields["system"]?.stringValue,
            category: fields["category"]?.stringValue, minimumAge: fields["minAgeSeconds"]?.numberValue?.double,
            limit: fields["limit"]?.numberValue?.intValue ?? 100)
    }

    static func json(_ item: ExceptionQueue.Item) -> JSON {
        [
            "system": item.system.map { .string($0) } ?? .null,
            "run": DomainJSON.run(item.run),
            "step": item.step.map(DomainJSON.step) ?? .null,
            "category": .string(item.category),
            "suggestedAction": .string(item.suggestedAction),
            "allowedActions": .array(OperatorAction.Kind.allCases.map { .string($0.rawValue) }),
            "history": .array(item.actions.map { action in
                [
                    "action": .string(action.kind.rawValue), "actor": .string(action.actor), "reason": .string(action.reason),
                    "at": DomainJSON.time(action.at), "input": action.input ?? .null,
                ]
            }),
        ]
    }
}
