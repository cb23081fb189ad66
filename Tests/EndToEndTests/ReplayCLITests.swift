import AsyncHTTPClient
import Foundation
import JSONValue
import Sandbox
import TestSupport
import Testing

/// `interchange replay` against real hub and sandbox processes: dry run, live replay that respects the
/// effect ledger, and an explicit re-execution.
@Suite(.serialized) struct ReplayCLITests {
    @Test(.timeLimit(.minutes(3)))
    func dryRunThenLiveReplayThenReexecution() async throws {
        let servers = try await SandboxAndHub()
        defer { servers.stop() }
        let (sandboxURL, hubURL, hub) = (servers.sandboxURL, servers.hubURL, servers.hub)

        let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
        for i in 0..<3 {
            let order = ShopifyOrderGenerator().order(id: 820_982_911_946_170_000 + UInt64(i), number: 2001 + i, seed: UInt64(40 + i))
            #expect(try await sender.deliver(order, to: hubURL + "/v1/hooks/storefront", eventId: "evt-replay-\(i)").status == 202)
        }
        let done = try await HTTP.eventually { (try await HTTP.get(hubURL + "/v1/runs?state=succeeded"))?["runs"]?.arrayValue?.count == 3 }
        #expect(done, "log:\n\(hub.output)")
        let runId = try #require(try await HTTP.get(hubURL + "/v1/runs?state=succeeded")?["runs"]?.arrayValue?.first?["id"]?.stringValue)
        let writesBefore = try await HTTP.get(sandboxURL + "/_sandbox/erp/write")?.arrayValue?.count ?? 0

        let dry = try CommandLineTests.run(["replay", "--hub", hubURL, "--state", "succeeded", "--type", "order.placed", "--dry-run"])
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.output.contains("dry run: 3 run(s), 0 would send something different; nothing was sent"))

        let refused = try CommandLineTests.run(["replay", "--hub", hubURL, "--run", runId])
        #expect(refused.status != 0)
        #expect(refused.output.contains("a live replay needs --actor"))

        let live = try CommandLineTests.run(["replay", "--hub", hubURL, "--run", runId, "--actor", "ana", "--reason", "audit"])
        #expect(live.status == 0, "\(live.output)")
        #expect(live.output.contains("queued 1 replay run(s)"))
        #expect(try await HTTP.eventually { (try await HTTP.get(hubURL + "/v1/runs?state=succeeded"))?["runs"]?.arrayValue?.count == 4 })
        #expect(try await HTTP.get(sandboxURL + "/_sandbox/erp/write")?.arrayValue?.count == writesBefore, "recorded effects are not sent again")
        #expect(try await HTTP.get(sandboxURL + "/_sandbox/wms/reservation")?.arrayValue?.count == 3)

        let forced = try CommandLineTests.run(["replay", "--hub", hubURL, "--run", runId, "--reexecute", "reserve-stock", "--actor", "ana"])
        #expect(forced.status == 0, "\(forced.output)")
        #expect(try await HTTP.eventually { (try await HTTP.get(hubURL + "/v1/runs?state=succeeded"))?["runs"]?.arrayValue?.count == 5 })
        #expect(try await HTTP.get(sandboxURL + "/_sandbox/wms/reservation")?.arrayValue?.count == 4, "the named step was sent again")
        #expect(try await HTTP.get(sandboxURL + "/_sandbox/erp/write")?.arrayValue?.count == writesBefore)

        let eventId = try #require(try await HTTP.get(hubURL + "/v1/runs/\(runId)")?["eventId"]?.stringValue)
        let byEvent = try CommandLineTests.run(["replay", "--hub", hubURL, "--event", eventId, "--dry-run"])
        #expect(byEvent.status == 0, "\(byEvent.output)")
        #expect(byEvent.output.contains("dry run: 3 run(s)"), "the event's original run and its two replays")

        let unknownVersion = try CommandLineTests.run(["replay", "--hub", hubURL, "--run", runId, "--version", "9", "--actor", "ana"])
        #expect(unknownVersion.status != 0)
        #expect(unknownVersion.output.contains("flow order-to-cash has no version 9"))
    }
}
