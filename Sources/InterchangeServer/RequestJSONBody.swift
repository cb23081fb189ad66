import Hummingbird
import JSONValue

extension Request {
    /// The body of an admin API command as a JSON object. An empty body reads as `{}`, so a missing
    /// field is reported by name ("an action needs the operator's name"); a body that is not JSON, or
    /// not an object, is refused with the parser's reason and byte offset.
    func jsonBody(upTo limit: Int) async throws -> JSON {
        let buffer = try await body.collect(upTo: limit)
        let bytes = Array(buffer.readableBytesView)
        guard bytes.contains(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }) else { return [:] }
        let parsed: JSON
        do {
            parsed = try JSON.parse(bytes)
        } catch {
            throw APIError(.badRequest, "the request body is not valid JSON: \(error)")
        }
        guard case .object = parsed else { throw APIError(.badRequest, "the request body must be a JSON object") }
        return parsed
    }
}
