import Hummingbird
import JSONValue

extension Request {
    /// The body as JSON for the admin API's commands; an empty or unparsable body reads as `{}`, so a
    /// missing field is reported by name (e.g. "an action needs the operator's name") rather than as a parse error.
    func jsonBody(upTo limit: Int) async throws -> JSON {
        let buffer = try await body.collect(upTo: limit)
        return (try? JSON.parse(Array(buffer.readableBytesView))) ?? [:]
    }
}
