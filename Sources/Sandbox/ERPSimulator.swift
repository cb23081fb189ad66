import Hummingbird
import JSONValue

/// A NetSuite-like REST record service: `PUT /services/rest/record/v1/{type}/eid:{externalId}`
/// upserts and answers `204` with `Location`; errors use `o:errorDetails`.
struct ERPSimulator: Sendable {
    let state: SandboxState

    func register(on router: Router<BasicRequestContext>) {
        let state = self.state
        router.put("/services/rest/record/v1/:type/:reference") { request, context in
            let type = try context.parameters.require("type")
            let reference = try context.parameters.require("reference")
            guard reference.hasPrefix("eid:") else {
                throw Self.error(400, "INVALID_KEY_OR_REF", "Only upsert by external id (eid:) is supported", path: nil)
            }
            let externalId = String(reference.dropFirst(4))
            guard !externalId.isEmpty, externalId.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
                throw Self.error(400, "INVALID_KEY_OR_REF", "Invalid external id \(externalId)", path: "externalId")
            }
            let body = try await SandboxRouter.body(request, context)
            guard case .object(let fields) = body else { throw Self.error(400, "INVALID_CONTENT", "Body must be a JSON object", path: nil) }
            let (latency, action) = await state.decideFault("erp")
            if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
            if case .refuse(let status) = action { throw Self.error(status, "UNEXPECTED_ERROR", "Injected failure", path: nil) }
            if type == "salesOrder" {
                for (i, line) in (body["item"]?["items"]?.arrayValue ?? []).enumerated() {
                    let item = line["item"] ?? .null
                    if await !state.hasItem(item) {
                        throw Self.error(
                            400, "INVALID_CONTENT",
                            "Error while accessing resource: You have entered an Invalid Field Value \((item["externalId"] ?? item["id"] ?? .null).stringValue ?? "") for the following field: item",
                            path: "item.items[\(i)].item")
                    }
                }
            }
            let derive: (JSONObject) -> Result<JSONObject, SandboxError> = type == "salesOrder"
                ? { record in SalesOrderTotal.annotate(record).mapError { Self.error(400, "INVALID_CONTENT", $0.message, path: nil) } }
                : { .success($0) }
            let id = try await state.upsert("erp", type, externalId: externalId, fields: fields, derive: derive)
            try await action.afterCommit(failure: Self.error(503, "UNEXPECTED_ERROR", "Injected failure after commit", path: nil))
            var headers: HTTPFields = [:]
            let host = request.head.authority ?? "127.0.0.1"
            headers[.location] = "http://\(host)/services/rest/record/v1/\(type)/\(id)"
            return Response(status: .noContent, headers: headers)
        }
        router.get("/services/rest/record/v1/:type/:reference") { _, context in
            let type = try context.parameters.require("type")
            let id = try context.parameters.require("reference")
            guard let record = await state.list("erp", type).first(where: { $0["id"]?.stringValue == id }) else {
                throw Self.error(404, "NONEXISTENT_ID", "Record \(type) \(id) does not exist", path: nil)
            }
            return SandboxRouter.json(record)
        }
    }

    /// NetSuite's RFC 7807-style error body.
    static func error(_ status: Int, _ code: String, _ detail: String, path: String?) -> SandboxError {
        var item: JSONObject = JSONObject([("detail", .string(detail)), ("o:errorCode", .string(code))])
        if let path { item["o:errorPath"] = .string(path) }
        let body: JSON = [
            "type": "https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html", "title": status == 400 ? "Bad Request" : "Error",
            "status": .integer(status), "o:errorDetails": [.object(item)],
        ]
        return SandboxError(status: status, message: detail, body: body)
    }
}
