import Hummingbird
import InterchangeCore
import JSONValue

/// Read API over events, runs and quarantine.
struct AdminController<Context: RequestContext> {
    let hub: Hub

    func register(on router: Router<Context>) {
        let store = hub.store
        router.get("/v1/events/:id") { _, context in
            let id = try context.parameters.require("id")
            if let inbound = try await store.inboundEvent(id: id) {
                return JSONResponse.make(DomainJSON.inbound(inbound, canonical: try await store.canonicalEvents(inboundId: id)))
            }
            if let canonical = try await store.canonicalEvent(id: id) {
                return JSONResponse.make(DomainJSON.canonical(canonical))
            }
            return JSONResponse.problem(.notFound, "no event \(id)")
        }
        router.get("/v1/runs") { request, _ in
            let query = request.uri.queryParameters
            var filter = RunFilter(limit: try RequestLimits.limit(query: query["limit"], fallback: 100, maximum: RequestLimits.maxListing))
            if let state = query["state"] {
                guard let parsed = RunState(rawValue: String(state)) else {
                    return JSONResponse.problem(.badRequest, "unknown state \(state); expected one of \(RunState.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                filter.state = parsed
            }
            filter.flow = query["flow"].map(String.init)
            filter.key = query["key"].map(String.init)
            let runs = try await store.runs(filter)
            return JSONResponse.make(["runs": .array(runs.map(DomainJSON.run))])
        }
        router.get("/v1/runs/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let run = try await store.run(id: id) else { return JSONResponse.problem(.notFound, "no run \(id)") }
            guard case .object(var json) = DomainJSON.run(run) else { return JSONResponse.problem(.internalServerError, "bad run") }
            json["steps"] = .array(try await store.steps(runId: id).map(DomainJSON.step))
            return JSONResponse.make(.object(json))
        }
        let ingest = hub.ingest
        router.post("/v1/quarantine/:id/fix") { request, context in
            let id = try context.parameters.require("id")
            let buffer = try await request.body.collect(upTo: hub.maxBodyBytes)
            switch try await ingest.fix(quarantineId: id, body: Array(buffer.readableBytesView), logger: context.logger) {
            case .released(let eventId, let runs):
                return JSONResponse.make(["released": true, "eventId": .string(eventId), "runs": .integer(runs)])
            case .notFound:
                return JSONResponse.problem(.notFound, "no quarantined payload \(id)")
            case .stillInvalid(let stage, let errors):
                return JSONResponse.make(
                    ["released": false, "stage": .string(stage), "errors": .array(errors.map { .string($0) })], status: .unprocessableContent)
            }
        }
        router.get("/v1/quarantine") { _, _ in
            JSONResponse.make(["quarantine": .array(try await QuarantineListing.items(store, limit: 200))])
        }
    }
}
