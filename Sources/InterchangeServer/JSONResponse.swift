import Hummingbird
import JSONValue
import NIOCore

/// Responses with bodies serialized by the project's JSON type.
enum JSONResponse {
    static func make(_ value: JSON, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: value.serializedBytes(pretty: false))))
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        make(["error": .string(message), "status": .integer(Int(status.code))], status: status)
    }
}
