import Foundation
import InterchangeCore
import TestSupport

/// The repository's example project, loaded as the hub would.
enum ExampleProject {
    static func load() throws -> Project {
        try ProjectLoader.load(from: TestSuites.exampleProject, environment: ["SANDBOX_URL": "http://127.0.0.1:1"])
    }

    static func referenceOrder() throws -> [UInt8] {
        let url = TestSuites.exampleProject.appendingPathComponent("mappings/shopify-order-to-order.examples/reference-order.input.json")
        return Array(try Data(contentsOf: url))
    }
}

/// Accepts every delivery: the domain tests exercise what happens after verification.
struct AcceptingVerifier: WebhookVerifier {
    func verify(body: [UInt8], headers: [String: String]) -> Bool { headers["x-test-signature"] != "bad" }
    func dedupKey(headers: [String: String]) -> String? { headers["x-shopify-event-id"] }
    func topic(headers: [String: String]) -> String? { headers["x-shopify-topic"] }
}
