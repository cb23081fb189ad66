import AsyncHTTPClient
import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdTesting
import InterchangeConnectors
import InterchangeCore
import InterchangeServer
import JSONValue
import Logging
import NIOCore
import TestSupport
import Testing

/// `POST /v1/hooks/{system}` and the read API, through HummingbirdTesting's router client.
@Suite struct IngestRouteTests {
    let secret = "sandbox-secret"

    func makeHub(maxBodyBytes: Int = 1 << 20) throws -> Hub {
        let project = try ProjectLoader.load(from: TestSuites.exampleProject, environment: ["SANDBOX_URL": "http://127.0.0.1:1"])
        return Hub.make(project: project, store: InMemoryStore(), httpClient: HTTPClient.shared, maxBodyBytes: maxBodyBytes, logger: LiveServers.logger)
    }

    func referenceOrder() throws -> [UInt8] {
        Array(try Data(contentsOf: TestSuites.exampleProject.appendingPathComponent("mappings/shopify-order-to-order.examples/reference-order.input.json")))
    }

    func headers(for body: [UInt8], eventId: String = "evt-1", signature: String? = nil) -> HTTPFields {
        [
            HTTPField.Name("X-Shopify-Hmac-Sha256")!: signature ?? ShopifyWebhookVerifier.signature(body: body, secret: secret),
            HTTPField.Name("X-Shopify-Topic")!: "orders/create",
            HTTPField.Name("X-Shopify-Event-Id")!: eventId,
            .contentType: "application/json",
        ]
    }

    @Test func signedWebhookIsStoredOnceAndBadSignaturesAreRejected() async throws {
        let hub = try makeHub()
        let app = buildApplication(hub: hub, port: 0, runWorker: false, logger: LiveServers.logger)
        let body = try referenceOrder()
        try await app.test(.router) { client in
            var eventId = ""
            for attempt in 0..<3 {
                try await client.execute(uri: "/v1/hooks/storefront", method: .post, headers: headers(for: body), body: ByteBuffer(bytes: body)) { response in
                    #expect(response.status == (attempt == 0 ? .accepted : .ok))
                    let json = try JSON.parse(Array(response.body.readableBytesView))
                    if attempt == 0 { eventId = json["eventId"]?.stringValue ?? "" }
                    #expect(json["eventId"]?.stringValue == eventId)
                    #expect(json["duplicate"] == .bool(attempt > 0))
                }
            }
            try await client.execute(uri: "/v1/hooks/storefront", method: .post, headers: headers(for: body, eventId: "evt-2", signature: "AAAA"), body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/events/\(eventId)", method: .get) { response in
                #expect(response.status == .ok)
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["canonicalEvents"]?.arrayValue?.first?["subject"] == "order:SHOP-820982911946154508")
                #expect(json["canonicalEvents"]?.arrayValue?.first?["data"]?["externalRefs"]?.arrayValue?.first?["id"] == "820982911946154508")
            }
            try await client.execute(uri: "/v1/runs?flow=order-to-cash", method: .get) { response in
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["runs"]?.arrayValue?.count == 1)
                #expect(json["runs"]?.arrayValue?.first?["key"] == "order:SHOP-820982911946154508")
            }
            try await client.execute(uri: "/v1/runs?state=bogus", method: .get) { response in
                #expect(response.status == .badRequest)
            }
        }
        #expect(try await hub.store.inboundCount() == 1)
    }

    @Test func signedNonJSONIsQuarantinedAndVisible() async throws {
        let hub = try makeHub()
        let app = buildApplication(hub: hub, port: 0, runWorker: false, logger: LiveServers.logger)
        let body = Array("this is not json".utf8)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/hooks/storefront", method: .post, headers: headers(for: body), body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .accepted)
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["quarantined"] == true)
            }
            try await client.execute(uri: "/v1/quarantine", method: .get) { response in
                let entry = try JSON.parse(Array(response.body.readableBytesView))["quarantine"]?.arrayValue?.first
                #expect(entry?["stage"] == "parse")
                #expect(entry?["body"] == "this is not json")
                #expect(entry?["errors"]?.arrayValue?.first?.stringValue?.hasPrefix("invalid JSON at byte 0") == true)
            }
            // The exception queue lists it beside failed runs; run-only filters leave it out.
            for (query, expected) in [("", 1), ("?category=quarantine&system=storefront", 1), ("?system=erp", 0), ("?flow=order-to-cash", 0)] {
                try await client.execute(uri: "/v1/exceptions" + query, method: .get) { response in
                    let json = try JSON.parse(Array(response.body.readableBytesView))
                    #expect(json["quarantine"]?.arrayValue?.count == expected, "\(query)")
                    #expect(json["exceptions"]?.arrayValue?.isEmpty == true)
                }
            }
        }
    }

    @Test func aSignedBodyThatIsNotUTF8IsKeptByteForByte() async throws {
        let hub = try makeHub()
        let app = buildApplication(hub: hub, port: 0, runWorker: false, logger: LiveServers.logger)
        // A JSON-looking body with a Latin-1 "é" (0xE9) and a stray 0xFF: not UTF-8.
        let body: [UInt8] = Array(#"{"name": "caf"#.utf8) + [0xE9] + Array(#"", "x": ""#.utf8) + [0xFF] + Array(#""}"#.utf8)
        try await app.test(.router) { client in
            var eventId = ""
            try await client.execute(uri: "/v1/hooks/storefront", method: .post, headers: headers(for: body), body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .accepted)
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["quarantined"] == true)
                eventId = json["eventId"]?.stringValue ?? ""
            }
            try await client.execute(uri: "/v1/events/\(eventId)", method: .get) { response in
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["body"] == .null)
                let kept = json["bodyBase64"]?.stringValue.flatMap { Data(base64Encoded: $0) }.map { Array($0) }
                #expect(kept == body, "the stored payload is exactly what was received")
            }
            try await client.execute(uri: "/v1/quarantine", method: .get) { response in
                let entry = try JSON.parse(Array(response.body.readableBytesView))["quarantine"]?.arrayValue?.first
                #expect(entry?["stage"] == "parse")
                #expect(entry?["bodyBytes"] == .integer(body.count))
            }
        }
        #expect(try await hub.store.inboundEvent(id: try #require(try await hub.store.quarantine(limit: 1).first?.inboundId))?.body == body)
    }

    @Test func oversizedBodyIs413AndUnknownSystemIs404() async throws {
        let hub = try makeHub(maxBodyBytes: 1024)
        let app = buildApplication(hub: hub, port: 0, runWorker: false, logger: LiveServers.logger)
        let body = [UInt8](repeating: UInt8(ascii: " "), count: 4096)
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/hooks/storefront", method: .post, headers: headers(for: body), body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .contentTooLarge)
            }
            try await client.execute(uri: "/v1/hooks/nowhere", method: .post, headers: headers(for: [1]), body: ByteBuffer(bytes: [1])) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(try await hub.store.inboundCount() == 0)
    }

    @Test func healthAndMetrics() async throws {
        let app = buildApplication(hub: try makeHub(), port: 0, runWorker: false, logger: LiveServers.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in #expect(response.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains("interchange_runs{state=\"ready\"} 0"))
            }
        }
    }

    @Test func quarantinedPayloadIsFixedReNormalizedAndContinues() async throws {
        let hub = try makeHub()
        let app = buildApplication(hub: hub, port: 0, runWorker: false, logger: LiveServers.logger)
        var order = try JSON.parse(try referenceOrder())
        guard case .object(var object) = order else { return }
        object["currency"] = "usd"
        order = .object(object)
        let body = order.serializedBytes()
        object["currency"] = "USD"
        let fixed = JSON.object(object).serializedBytes()
        try await app.test(.router) { client in
            try await client.execute(uri: "/v1/hooks/storefront", method: .post, headers: headers(for: body), body: ByteBuffer(bytes: body)) { response in
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["quarantined"] == true)
            }
            let entry = try #require(try await hub.store.quarantine(limit: 10).first)
            #expect(entry.stage == "contract")
            // Still wrong: refused with the problems, and it stays quarantined.
            try await client.execute(uri: "/v1/quarantine/\(entry.id)/fix", method: .post, body: ByteBuffer(bytes: body)) { response in
                #expect(response.status == .unprocessableContent)
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["errors"]?.arrayValue?.first?.stringValue?.contains("/currency") == true)
            }
            try await client.execute(uri: "/v1/quarantine/\(entry.id)/fix", method: .post, body: ByteBuffer(bytes: fixed)) { response in
                #expect(response.status == .ok)
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["runs"] == 1)
            }
            try await client.execute(uri: "/v1/quarantine/\(entry.id)/fix", method: .post, body: ByteBuffer(bytes: fixed)) { response in
                #expect(response.status == .notFound)
            }
        }
        #expect(try await hub.store.quarantine(limit: 10).isEmpty)
        #expect(try await hub.store.runs(RunFilter()).map(\.key) == ["order:SHOP-820982911946154508"])
        #expect(try await hub.store.inboundEvent(id: try #require(try await hub.store.runs(RunFilter()).first).eventId) == nil, "runs point at the canonical event")
    }
}
