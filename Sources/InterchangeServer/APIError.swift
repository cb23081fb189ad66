import Hummingbird
import JSONValue

/// A request the admin API refuses, with the reason: thrown by handlers and answered in one place as
/// RFC 9457 `application/problem+json` (`type`, `title`, `status`, `detail`, and `error` as before).
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let detail: String

    init(_ status: HTTPResponse.Status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        JSONResponse.problem(status, detail)
    }
}

/// Counts an API caller may ask for: whole numbers within a range, never read loosely.
enum RequestLimits {
    /// Listings (`/v1/runs`, `/v1/exceptions`) and replay selections return at most this many runs.
    static let maxListing = 1_000
    /// A bulk retry covers at most this many failed runs.
    static let maxBulkRetry = 10_000

    /// `limit` from a query string: absent → `fallback`; otherwise a whole number from 1 to `maximum`.
    static func limit(query text: Substring?, fallback: Int, maximum: Int, name: String = "limit") throws(APIError) -> Int {
        guard let text else { return fallback }
        guard let value = Int(text) else { throw APIError(.badRequest, "\(name) must be a whole number from 1 to \(maximum), not \"\(text)\"") }
        return try checked(value, maximum: maximum, name: name)
    }

    /// `limit` from a JSON body: absent → `fallback`; otherwise a whole number from 1 to `maximum`.
    static func limit(json value: JSON?, fallback: Int, maximum: Int, name: String = "limit") throws(APIError) -> Int {
        guard let value, value != .null else { return fallback }
        guard let number = value.numberValue, let whole = number.intValue, number.double == Double(whole) else {
            throw APIError(.badRequest, "\(name) must be a whole number from 1 to \(maximum), not \(value.serialized())")
        }
        return try checked(whole, maximum: maximum, name: name)
    }

    private static func checked(_ value: Int, maximum: Int, name: String) throws(APIError) -> Int {
        guard (1...maximum).contains(value) else { throw APIError(.badRequest, "\(name) must be a whole number from 1 to \(maximum), not \(value)") }
        return value
    }

    /// A non-negative number of seconds from a query string.
    static func seconds(query text: Substring, name: String) throws(APIError) -> Double {
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw APIError(.badRequest, "\(name) must be a non-negative number of seconds, not \"\(text)\"")
        }
        return value
    }
}
