import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InterchangeCore
import InterchangeServer
import JSONValue
import NIOCore
import TestSupport
import Testing

/// Bad parameters and bodies get a 400 with the reason, as problem+json: never an unlimited query,
/// never a silent default, never "missing actor" for a body that did not parse.
@Suite struct RequestValidationTests {
    func makeHub(store: InMemoryStore = InMemoryStore()) throws -> Hub {
        let project = try ProjectLoader.load(from: TestSuites.exampleProject, environment: ["SANDBOX_URL": "http://127.0.0.1:1"])
        return Hub.make(project: project, store: store, httpClient: HTTPClient.shared, logger: LiveServers.logger)
    }

    func problem(_ response: TestResponse) throws -> JSON {
        #expect(response.headers[.contentType] == "application/problem+json")
        return try JSON.parse(Array(response.body.readableBytesView))
    }

    @Test(arguments: [
        "/v1/runs?limit=-1", "/v1/runs?limit=abc", "/v1/runs?limit=0", "/v1/runs?limit=1000001",
        "/v1/exceptions?limit=-5", "/v1/exceptions?limit=x", "/v1/exceptions?minAgeSeconds=-1", "/v1/exceptions?minAgeSeconds=soon",
    ])
    func badListingParametersAre400(_ uri: String) async throws {
        let app = buildApplication(hub: try makeHub(), port: 0, runWorker: false, logger: LiveServers.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest, "\(uri)")
                let body = try problem(response)
                #expect(body["status"] == 400)
                #expect(body["detail"]?.stringValue?.contains(uri.contains("minAge") ? "minAgeSeconds" : "limit") == true, "\(body)")
            }
        }
    }

    @Test(arguments: [
        ("/v1/replay", #"{"actor": "ana", "reason": "r", "state": "succeeded", "limit": -1}"#, "limit must be a whole number"),
        ("/v1/replay/dry-run", #"{"state": "succeeded", "limit": "abc"}"#, "limit must be a whole number"),
        ("/v1/replay", #"{"actor": "ana", "reason": "r", "runIds": "run-1"}"#, "runIds must be an array of strings"),
        ("/v1/exceptions/retry", #"{"actor": "ana", "reason": "r", "limit": 0}"#, "limit must be a whole number"),
        ("/v1/exceptions/retry", #"{"actor": "ana", "reason": "r", "limit": 2.5}"#, "limit must be a whole number"),
        ("/v1/exceptions/run-1/retry", #"{"actor": "ana", "reason": "#, "not valid JSON: invalid JSON at byte"),
        ("/v1/exceptions/retry", #"[1, 2]"#, "must be a JSON object"),
        ("/v1/replay", #"{"actor": "ana""#, "not valid JSON"),
    ])
    func badBodiesAre400WithTheReason(_ uri: String, _ body: String, _ reason: String) async throws {
        let app = buildApplication(hub: try makeHub(), port: 0, runWorker: false, logger: LiveServers.logger)
        try await app.test(.router) { client in
            try await client.execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { response in
                #expect(response.status == .badRequest, "\(uri) \(body)")
                let detail = try problem(response)["detail"]?.stringValue ?? ""
                #expect(detail.contains(reason), "\(uri) \(body): \(detail)")
            }
        }
    }

    @Test func replayedRunIdsAreDeduplicatedAndCapped() async throws {
        let store = InMemoryStore()
        let now = Date()
        let inbound = InboundEvent(id: "in-1", system: "storefront", topic: "orders/create", dedupKey: "d", receivedAt: now, body: "{}", status: .normalized)
        let event = CanonicalEvent(id: "ev-1", inboundId: "in-1", source: "storefront", type: "order.placed", subject: "order:1", contract: nil, time: now, data: [:])
        let run = Run(id: "run-1", flow: "order-to-cash", flowVersion: 1, eventId: "ev-1", key: "order:1", state: .succeeded, nextStep: 3, notBefore: now, createdAt: now, updatedAt: now)
        _ = try await store.ingest(IngestRecord(inbound: inbound, canonical: [event], runs: [run]))
        let app = buildApplication(hub: try makeHub(store: store), port: 0, runWorker: false, logger: LiveServers.logger)
        try await app.test(.router) { client in
            let fifty: JSON = ["actor": "ana", "reason": "lost reservation", "runIds": .array(Array(repeating: "run-1", count: 50)), "reexecute": ["reserve-stock"]]
            try await client.execute(uri: "/v1/replay", method: .post, body: ByteBuffer(bytes: fifty.serializedBytes())) { response in
                #expect(response.status == .accepted)
                let json = try JSON.parse(Array(response.body.readableBytesView))
                #expect(json["queued"] == 1, "the same run named 50 times is replayed once")
            }
            let tooMany: JSON = ["actor": "ana", "reason": "r", "runIds": .array((0...ReplaySelection.maxRuns).map { .string("run-\($0)") })]
            try await client.execute(uri: "/v1/replay", method: .post, body: ByteBuffer(bytes: tooMany.serializedBytes())) { response in
                #expect(response.status == .badRequest)
                let detail = try problem(response)["detail"]?.stringValue ?? ""
                #expect(detail.contains("at most \(ReplaySelection.maxRuns) runs"), "\(detail)")
            }
        }
        #expect(try await store.runs(RunFilter(limit: 100)).count == 2)
    }
}
