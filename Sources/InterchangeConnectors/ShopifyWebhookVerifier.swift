import Crypto
import Foundation
import InterchangeCore

/// Shopify's webhook scheme: `X-Shopify-Hmac-Sha256` is base64(HMAC-SHA256(secret, raw body)).
/// Deduplicates on `X-Shopify-Event-Id`, falling back to `X-Shopify-Webhook-Id`.
public struct ShopifyWebhookVerifier: WebhookVerifier {
    private let secrets: [[UInt8]]

    /// - Parameter secrets: the current secret first, then any still accepted during a rotation.
    public init(secrets: [String]) {
        self.secrets = secrets.map { Array($0.utf8) }
    }

    public func verify(body: [UInt8], headers: [String: String]) -> Bool {
        guard let header = headers["x-shopify-hmac-sha256"], let provided = Data(base64Encoded: header) else { return false }
        for secret in secrets where HMAC<SHA256>.isValidAuthenticationCode(provided, authenticating: body, using: SymmetricKey(data: secret)) {
            return true
        }
        return false
    }

    public func dedupKey(headers: [String: String]) -> String? {
        headers["x-shopify-event-id"] ?? headers["x-shopify-webhook-id"]
    }

    public func topic(headers: [String: String]) -> String? {
        headers["x-shopify-topic"]
    }

    /// The signature header value for `body` (used by the sandbox and tests).
    public static func signature(body: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return Data(mac).base64EncodedString()
    }
}
