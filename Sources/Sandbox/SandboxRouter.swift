import AsyncHTTPClient
import Hummingbird
import JSONValue
import HTTPTypes
import NIOCore

/// Builds the sandbox: simulated storefront, NetSuite-like ERP and WMS on one router.
public struct SandboxRouter: Sendable {
    public let state: SandboxState
    public let client: HTTPClient

    public init(state: SandboxState, client: HTTPClient) {
        self.state = state
        self.client = client
    }

    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let state = self.state
        router.get("/healthz") { _, _ in "ok" }
        router.post("/_sandbox/faults") { request, context in
            let json = try await Self.body(request, context)
            guard let system = json["system"]?.stringValue else { throw SandboxError(status: 400, message: "faults need a \"system\"") }
            let faults = try SandboxFaults(json: json)
            await state.setFaults(system, faults)
            return Self.json(["system": .string(system), "faults": faults.json])
        }
        router.get("/_sandbox/faults/:system") { _, context in
            let system = try context.parameters.require("system")
            return Self.json(await state.faults(system).json)
        }
        router.post("/_sandbox/storefront/send") { request, context in
            let json = try await Self.body(request, context)
            let storefront = StorefrontSimulator(state: state, client: client)
            return Self.json(try await storefront.send(json))
        }
        router.get("/_sandbox/:system/:recordType") { _, context in
            let system = try context.parameters.require("system")
            let type = try context.parameters.require("recordType")
            return Self.json(.array(await state.list(system, type)))
        }
        router.post("/_sandbox/:system/:recordType") { request, context in
            let system = try context.parameters.require("system")
            let type = try context.parameters.require("recordType")
            let json = try await Self.body(request, context)
            let records: [JSON]
            switch json {
            case .array(let many): records = many
            case .object: records = [json]
            default: throw SandboxError(status: 400, message: "expected a JSON object or array of objects")
            }
            await state.add(system, type, records)
            return Self.json(["added": .integer(records.count)], status: .created)
        }
        ERPSimulator(state: state).register(on: router)
        WMSSimulator(state: state).register(on: router)
        return router
    }

    static func body(_ request: Request, _ context: some RequestContext) async throws -> JSON {
        let buffer = try await request.body.collect(upTo: 16 << 20)
        do {
            return try JSON.parse(Array(buffer.readableBytesView))
        } catch {
            throw SandboxError(status: 400, message: "\(error)")
        }
    }

    static func json(_ value: JSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serializedBytes())))
    }
}

extension SandboxError: HTTPResponseError {
    public var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [:]
        if statusCode == 429 { headers[.retryAfter] = "1" }
        return SandboxRouter.json(body ?? ["error": .string(message)], status: status, headers: headers)
    }
}
