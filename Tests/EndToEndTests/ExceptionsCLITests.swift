import AsyncHTTPClient
import Foundation
import JSONValue
import Sandbox
import TestSupport
import Testing

/// `interchange exceptions …` against a running hub and sandbox (real processes, loopback).
@Suite(.serialized) struct ExceptionsCLITests {
    @Test(.timeLimit(.minutes(3)))
    func listActAndRetryAllFromTheCommandLine() async throws {
        let servers = try await SandboxAndHub()
        defer { servers.stop() }
        let (sandboxURL, hubURL, hub) = (servers.sandboxURL, servers.hubURL, servers.hub)
        let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
        var skus: [String] = []
        for i in 0..<2 {
            let order = ShopifyOrderGenerator().order(id: 820_982_911_946_160_000 + UInt64(i), number: 4000 + i, lineCount: 1, unknownSku: true, seed: UInt64(50 + i))
            skus.append(order["line_items"]?.arrayValue?.first?["sku"]?.stringValue ?? "")
            _ = try await sender.deliver(order, to: hubURL + "/v1/hooks/storefront", eventId: "evt-cli-\(i)")
        }
        let bothFailed = try await HTTP.eventually { (try await HTTP.get(hubURL + "/v1/exceptions"))?["exceptions"]?.arrayValue?.count == 2 }
        #expect(bothFailed, "log:\n\(hub.output)")

        let listing = try CommandLineTests.run(["exceptions", "list", "--hub", hubURL])
        #expect(listing.status == 0)
        let lines = listing.output.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("business rule") && $0.contains("order:SHOP-8209829119461600") })
        let runId = String(lines[0].split(separator: " ")[0])

        let refused = try CommandLineTests.run(["exceptions", "act", "skip", runId, "--hub", hubURL, "--actor", "ana"])
        #expect(refused.status != 0)
        #expect(refused.output.contains("400"))

        for sku in skus { _ = try await HTTP.post(sandboxURL + "/_sandbox/erp/item", ["externalId": .string(sku), "sku": .string(sku)]) }
        let bulk = try CommandLineTests.run(["exceptions", "retry-all", "--hub", hubURL, "--actor", "ana", "--reason", "items created", "--category", "business rule"])
        #expect(bulk.status == 0, "\(bulk.output)")
        #expect(bulk.output.contains("retried 2 run(s)"))
        let settled = try await HTTP.eventually {
            (try await HTTP.get(hubURL + "/v1/runs?state=succeeded"))?["runs"]?.arrayValue?.count == 2
        }
        #expect(settled)
        let afterwards = try CommandLineTests.run(["exceptions", "act", "retry", runId, "--hub", hubURL, "--actor", "ana"])
        #expect(afterwards.status != 0, "a succeeded run is no exception any more")
        #expect(afterwards.output.contains("409"))
    }
}
