/// Checks that a delivery comes from the system it claims to (signature over the raw body).
public protocol WebhookVerifier: Sendable {
    /// Whether the headers carry a valid signature of `body`. Header names are lower-case.
    func verify(body: [UInt8], headers: [String: String]) -> Bool
    /// The sender's event id for deduplication, from the headers.
    func dedupKey(headers: [String: String]) -> String?
    /// The sender's topic, from the headers.
    func topic(headers: [String: String]) -> String?
}
