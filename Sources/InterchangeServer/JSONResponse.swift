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

    /// An RFC 9457 problem: `title` is the status's reason, `detail` (and `error`, which clients read) the message.
    static func problem(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body: JSON = [
            "type": "about:blank", "title": .string(status.reasonPhrase), "status": .integer(Int(status.code)),
            "detail": .string(message), "error": .string(message),
        ]
        return Response(
            status: status, headers: [.contentType: "application/problem+json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body.serializedBytes(pretty: false))))
    }
}
