import Hummingbird
import InterchangeCore
import JSONValue

/// `POST /v1/hooks/{system}`: verify, store durably, answer.
struct IngestController<Context: RequestContext> {
    let hub: Hub

    func register(on router: Router<Context>) {
        router.post("/v1/hooks/:system") { request, context in
            try await receive(request, context)
        }
    }

    private func receive(_ request: Request, _ context: Context) async throws -> Response {
        let system = try context.parameters.require("system")
        if let length = request.headers[.contentLength].flatMap(Int.init), length > hub.maxBodyBytes {
            return JSONResponse.problem(.contentTooLarge, "body of \(length) bytes exceeds the limit of \(hub.maxBodyBytes) bytes")
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: hub.maxBodyBytes)
        } catch {
            return JSONResponse.problem(.contentTooLarge, "body exceeds the limit of \(hub.maxBodyBytes) bytes")
        }
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let result = try await hub.ingest.receive(system: system, body: Array(buffer.readableBytesView), headers: headers, logger: context.logger)
        switch result {
        case .unknownSystem:
            return JSONResponse.problem(.notFound, "no webhook system named \(system)")
        case .unauthorized:
            return JSONResponse.problem(.unauthorized, "signature verification failed")
        case .accepted(let eventId, let duplicate, let quarantined):
            return JSONResponse.make(
                ["eventId": .string(eventId), "duplicate": .bool(duplicate), "quarantined": .bool(quarantined)],
                status: duplicate ? .ok : .accepted)
        }
    }
}
