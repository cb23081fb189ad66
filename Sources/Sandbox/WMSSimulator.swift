import HTTPTypes
import Hummingbird
import JSONValue

/// A warehouse system: `POST /wms/reservations` reserves stock, once per `Idempotency-Key`.
struct WMSSimulator: Sendable {
    let state: SandboxState

    func register(on router: Router<BasicRequestContext>) {
        let state = self.state
        router.post("/wms/reservations") { request, context in
            guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else {
                throw SandboxError(status: 400, message: "Idempotency-Key header is required")
            }
            let body = try await SandboxRouter.body(request, context)
            guard case .object(let fields) = body, body["orderRef"]?.stringValue != nil, body["lines"]?.arrayValue != nil else {
                throw SandboxError(status: 422, message: "a reservation needs orderRef and lines")
            }
            let (latency, action) = await state.decideFault("wms")
            if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
            if case .refuse(let status) = action { throw SandboxError(status: status, message: "Injected failure") }
            let (reservation, created) = await state.reserve(key: key, fields: fields)
            try await action.afterCommit()
            return SandboxRouter.json(reservation, status: created ? .created : .ok)
        }
    }
}
