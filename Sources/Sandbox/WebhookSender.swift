import AsyncHTTPClient
import Crypto
import Foundation
import JSONValue
import NIOCore

/// Delivers signed Shopify webhooks to a hub, as the storefront would.
public struct WebhookSender: Sendable {
    public let client: HTTPClient
    public let secret: String

    public init(client: HTTPClient, secret: String) {
        self.client = client
        self.secret = secret
    }

    /// Result of one delivery attempt.
    public struct Delivery: Sendable {
        public var status: Int
        public var body: String
    }

    /// Posts `payload` with Shopify's headers; `eventId` repeats across duplicate deliveries.
    public func deliver(_ payload: JSON, to url: String, topic: String = "orders/create", eventId: String, signatureOverride: String? = nil) async throws -> Delivery {
        let body = payload.serializedBytes()
        return try await deliver(raw: body, to: url, topic: topic, eventId: eventId, signatureOverride: signatureOverride)
    }

    /// Posts raw bytes (possibly not JSON) signed with the secret.
    public func deliver(raw body: [UInt8], to url: String, topic: String = "orders/create", eventId: String, signatureOverride: String? = nil) async throws -> Delivery {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Shopify-Topic", value: topic)
        request.headers.add(name: "X-Shopify-Hmac-Sha256", value: signatureOverride ?? Data(mac).base64EncodedString())
        request.headers.add(name: "X-Shopify-Shop-Domain", value: "sandbox-store.myshopify.com")
        request.headers.add(name: "X-Shopify-API-Version", value: "2025-01")
        request.headers.add(name: "X-Shopify-Event-Id", value: eventId)
        request.headers.add(name: "X-Shopify-Webhook-Id", value: UUID().uuidString)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        return Delivery(status: Int(response.status.code), body: text)
    }
}
