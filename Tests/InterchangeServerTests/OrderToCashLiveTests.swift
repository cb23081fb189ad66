import AsyncHTTPClient
import Foundation
import InterchangeCore
import InterchangeSQLite
import InterchangeServer
import JSONValue
import Sandbox
import TestSupport
import Testing

/// Hub and sandbox over real loopback HTTP: webhook in, records in the simulated ERP and WMS.
@Suite(.serialized) struct OrderToCashLiveTests {
    func referenceOrder() throws -> JSON {
        try JSON.parse(Array(try Data(contentsOf: TestSuites.exampleProject.appendingPathComponent("mappings/shopify-order-to-order.examples/reference-order.input.json"))))
    }

    func tempStore() throws -> SQLiteStore {
        try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("live-\(UUID().uuidString).sqlite").path)
    }

    /// Delivers a one-line order with a SKU the ERP does not know and returns its failed run.
    func failedRun(_ ports: LiveServers.Ports, _ hub: Hub, id: UInt64, number: Int, seed: UInt64, eventId: String) async throws -> Run {
        let bad = ShopifyOrderGenerator().order(id: id, number: number, lineCount: 1, unknownSku: true, seed: seed)
        _ = try await WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret").deliver(bad, to: ports.hubURL + "/v1/hooks/storefront", eventId: eventId)
        #expect(try await LiveServers.eventually { try await hub.store.runs(RunFilter(state: .failed)).count == 1 })
        return try #require(try await hub.store.runs(RunFilter(state: .failed)).first)
    }

    @Test func referenceOrderEndsInTheERPAndWMSExactlyOnce() async throws {
        try await LiveServers.withHubAndSandbox(store: try tempStore()) { ports, hub in
            let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
            let order = try referenceOrder()
            for _ in 0..<3 {
                let delivery = try await sender.deliver(order, to: ports.hubURL + "/v1/hooks/storefront", eventId: "evt-ref")
                #expect((200..<300).contains(delivery.status))
            }
            let bad = try await sender.deliver(order, to: ports.hubURL + "/v1/hooks/storefront", eventId: "evt-bad", signatureOverride: "bm9wZQ==")
            #expect(bad.status == 401)
            let done = try await LiveServers.eventually {
                (try await LiveServers.get(ports.sandboxURL + "/_sandbox/wms/reservation")).1?.arrayValue?.count == 1
            }
            #expect(done)
            let salesOrders = try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue ?? []
            #expect(salesOrders.count == 1)
            let so = try #require(salesOrders.first)
            #expect(so["externalId"] == "SHOP-820982911946154508")
            #expect(so["total"] == "113.88")
            #expect(so["shippingCost"] == "10.00")
            let line = so["item"]?["items"]?.arrayValue?.first
            #expect(line?["rate"] == "49.00")
            #expect(line?["amount"] == "98.00")
            #expect(line?["quantity"] == 2)
            #expect(line?["item"]?["externalId"] == "IPOD-342-N")
            let customers = try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/customer").1?.arrayValue ?? []
            #expect(customers.count == 1)
            #expect(so["entity"]?["id"] == customers.first?["id"])
            #expect(try await hub.store.inboundCount() == 1)
            // A dry-run replay through the same project plans the same requests and sends nothing.
            let (status, replay) = try await LiveServers.post(ports.hubURL + "/v1/replay/dry-run", ["state": "succeeded"])
            #expect(status == 200)
            #expect(replay?["changed"] == 0)
            #expect(replay?["runs"]?.arrayValue?.first?["steps"]?.arrayValue?.count == 3)
            #expect(try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue?.count == 1)
        }
    }

    @Test func erpAnswering503TwiceThenSucceedingCompletesTheRun() async throws {
        try await LiveServers.withHubAndSandbox { ports, hub in
            _ = try await LiveServers.post(ports.sandboxURL + "/_sandbox/faults", ["system": "erp", "failNext": 2, "errorStatus": 503])
            let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
            _ = try await sender.deliver(try referenceOrder(), to: ports.hubURL + "/v1/hooks/storefront", eventId: "evt-503")
            let succeeded = try await LiveServers.eventually {
                try await hub.store.runs(RunFilter(state: .succeeded)).count == 1
            }
            #expect(succeeded)
            let run = try #require(try await hub.store.runs(RunFilter()).first)
            let (_, detail) = try await LiveServers.get(ports.hubURL + "/v1/runs/\(run.id)")
            #expect(detail?["steps"]?.arrayValue?.first?["attempts"] == 3)
            #expect(try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue?.count == 1)
        }
    }

    @Test func unknownSkuFailsThatRunWithTheERPsMessageWhileOthersContinue() async throws {
        try await LiveServers.withHubAndSandbox { ports, hub in
            let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
            let generator = ShopifyOrderGenerator()
            let bad = generator.order(id: 820_982_911_946_150_001, number: 2001, lineCount: 2, unknownSku: true, seed: 11)
            _ = try await sender.deliver(bad, to: ports.hubURL + "/v1/hooks/storefront", eventId: "evt-bad-sku")
            for i in 0..<3 {
                let good = generator.order(id: 820_982_911_946_150_100 + UInt64(i), number: 2100 + i, lineCount: 2, seed: UInt64(100 + i))
                _ = try await sender.deliver(good, to: ports.hubURL + "/v1/hooks/storefront", eventId: "evt-good-\(i)")
            }
            let settled = try await LiveServers.eventually {
                let counts = try await hub.store.runCounts()
                return counts[.succeeded] == 3 && counts[.failed] == 1
            }
            #expect(settled)
            let failed = try #require(try await hub.store.runs(RunFilter(state: .failed)).first)
            #expect(failed.key == "order:SHOP-820982911946150001")
            let (status, detail) = try await LiveServers.get(ports.hubURL + "/v1/runs/\(failed.id)")
            #expect(status == 200)
            #expect(detail?["state"] == "failed")
            #expect(detail?["error"]?["status"] == 400)
            #expect(detail?["error"]?["message"]?.stringValue?.contains("Invalid Field Value UNKNOWN-") == true)
            #expect(detail?["error"]?["detail"]?["o:errorDetails"]?.arrayValue?.first?["o:errorPath"] == "item.items[0].item")
            #expect(detail?["steps"]?.arrayValue?.last?["name"] == "create-sales-order")
            #expect(try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue?.count == 3)
        }
    }

    @Test func operatorRetriesAFailedRunAfterFixingTheCatalogue() async throws {
        try await LiveServers.withHubAndSandbox { ports, hub in
            let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
            let bad = ShopifyOrderGenerator().order(id: 820_982_911_946_150_777, number: 3001, lineCount: 1, unknownSku: true, seed: 21)
            _ = try await sender.deliver(bad, to: ports.hubURL + "/v1/hooks/storefront", eventId: "evt-retry")
            let failed = try await LiveServers.eventually { try await hub.store.runs(RunFilter(state: .failed)).count == 1 }
            #expect(failed)
            let (_, listing) = try await LiveServers.get(ports.hubURL + "/v1/exceptions")
            let item = try #require(listing?["exceptions"]?.arrayValue?.first)
            #expect(item["category"] == "business rule")
            #expect(item["system"] == "erp")
            #expect(item["step"]?["name"] == "create-sales-order")
            // Filters: by system, category and age.
            let byFilter = { (query: String) async throws -> Int in
                try await LiveServers.get(ports.hubURL + "/v1/exceptions?" + query).1?["exceptions"]?.arrayValue?.count ?? -1
            }
            #expect(try await byFilter("system=erp&category=business%20rule") == 1)
            #expect(try await byFilter("system=wms") == 0)
            #expect(try await byFilter("category=auth") == 0)
            #expect(try await byFilter("minAgeSeconds=3600") == 0, "failed moments ago, not an hour ago")
            #expect(try await byFilter("minAgeSeconds=0") == 1)
            #expect(try await LiveServers.get(ports.hubURL + "/v1/exceptions?minAgeSeconds=soon").0 == 400)
            #expect(item["step"]?["input"]?["item"]?["items"]?.arrayValue?.first?["item"]?["externalId"]?.stringValue?.hasPrefix("UNKNOWN-") == true)
            let runId = try #require(item["run"]?["id"]?.stringValue)
            // Without an operator name the action is refused.
            #expect(try await LiveServers.post(ports.hubURL + "/v1/exceptions/\(runId)/retry", [:]).0 == 400)
            // The operator creates the missing item in the ERP, then retries.
            let sku = try #require(bad["line_items"]?.arrayValue?.first?["sku"]?.stringValue)
            _ = try await LiveServers.post(ports.sandboxURL + "/_sandbox/erp/item", ["id": "9001", "externalId": .string(sku), "sku": .string(sku)])
            let (status, run) = try await LiveServers.post(ports.hubURL + "/v1/exceptions/\(runId)/retry", ["actor": "ana", "reason": "created the item in the ERP"])
            #expect(status == 200)
            #expect(run?["state"] == "ready")
            let succeeded = try await LiveServers.eventually { try await hub.store.run(id: runId)?.state == .succeeded }
            #expect(succeeded)
            #expect(try await LiveServers.post(ports.hubURL + "/v1/exceptions/\(runId)/cancel", ["actor": "ana"]).0 == 409)
            #expect(try await hub.store.actions(runId: runId).map(\.actor) == ["ana"])
            #expect(try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue?.count == 1)
        }
    }

    @Test func operatorEditsTheFailingInputAndRetries() async throws {
        try await LiveServers.withHubAndSandbox { ports, hub in
            let run = try await failedRun(ports, hub, id: 820_982_911_946_150_888, number: 3002, seed: 33, eventId: "evt-edit")
            let failedStep = try #require(try await hub.store.steps(runId: run.id).last)
            guard case .object(var input)? = failedStep.input, case .object(var items)? = input["item"],
                case .array(var lines)? = items["items"], case .object(var line) = lines[0]
            else {
                Issue.record("unexpected step input \(String(describing: failedStep.input))")
                return
            }
            // An input that breaks the step's contract is refused and changes nothing.
            var broken = input
            broken["tranDate"] = "not a date"
            let refused = try await LiveServers.post(ports.hubURL + "/v1/exceptions/\(run.id)/edit-and-retry", ["actor": "ana", "input": .object(broken)])
            #expect(refused.0 == 422)
            #expect(refused.1?["error"]?.stringValue?.contains("/tranDate") == true)
            #expect(try await hub.store.run(id: run.id)?.state == .failed)
            // The operator maps the unknown SKU to a catalogue item and retries with the edited input.
            line["item"] = ["externalId": "IPOD-342-N"]
            lines[0] = .object(line)
            items["items"] = .array(lines)
            input["item"] = .object(items)
            let (status, _) = try await LiveServers.post(
                ports.hubURL + "/v1/exceptions/\(run.id)/edit-and-retry", ["actor": "ana", "reason": "SKU renamed", "input": .object(input)])
            #expect(status == 200)
            #expect(try await LiveServers.eventually { try await hub.store.run(id: run.id)?.state == .succeeded })
            let order = try #require(try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue?.first)
            #expect(order["item"]?["items"]?.arrayValue?.first?["item"]?["externalId"] == "IPOD-342-N")
            #expect(try await hub.store.actions(runId: run.id).first?.kind == .editAndRetry)
        }
    }

    @Test func operatorSkipsAFailedStepWithAManualResultAndTheRunContinues() async throws {
        try await LiveServers.withHubAndSandbox { ports, hub in
            let run = try await failedRun(ports, hub, id: 820_982_911_946_150_999, number: 3003, seed: 44, eventId: "evt-skip")
            #expect(try await LiveServers.post(ports.hubURL + "/v1/exceptions/\(run.id)/skip", ["actor": "ana"]).0 == 400, "skip needs the output")
            // The operator must say whether the stock reservation still applies to an order the ERP never accepted.
            let unstated = try await LiveServers.post(
                ports.hubURL + "/v1/exceptions/\(run.id)/skip", ["actor": "ana", "reason": "entered by hand", "output": ["status": 204, "id": "SO-MANUAL-1"]])
            #expect(unstated.0 == 400)
            #expect(unstated.1?["detail"]?.stringValue?.contains("reserve-stock") == true, "\(unstated.1?.serialized() ?? "")")
            let notAnObject = try await LiveServers.post(
                ports.hubURL + "/v1/exceptions/\(run.id)/skip", ["actor": "ana", "output": "SO-MANUAL-1", "then": "continue"])
            #expect(notAnObject.0 == 422)
            #expect(try await LiveServers.post(ports.hubURL + "/v1/exceptions/\(run.id)/skip", ["actor": "ana", "output": [:], "then": "later"]).0 == 400)
            #expect(try await hub.store.run(id: run.id)?.state == .failed, "refused skips change nothing")
            let (status, body) = try await LiveServers.post(
                ports.hubURL + "/v1/exceptions/\(run.id)/skip",
                ["actor": "ana", "reason": "entered by hand", "output": ["status": 204, "id": "SO-MANUAL-1"], "then": "continue"])
            #expect(status == 200)
            #expect(body?["nextStep"] == 2)
            #expect(try await LiveServers.eventually { try await hub.store.run(id: run.id)?.state == .succeeded })
            let steps = try await hub.store.steps(runId: run.id)
            #expect(steps[1].output?["id"] == "SO-MANUAL-1")
            #expect(steps[1].state == .succeeded)
            #expect(try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue?.count == 0)
            #expect(try await LiveServers.get(ports.sandboxURL + "/_sandbox/wms/reservation").1?.arrayValue?.count == 1)
            #expect(try await hub.store.actions(runId: run.id).map(\.kind) == [.skip])
        }
    }

    @Test func operatorSkipsAFailedStepAndFinishesTheRunWithoutTheLaterSteps() async throws {
        try await LiveServers.withHubAndSandbox { ports, hub in
            let run = try await failedRun(ports, hub, id: 820_982_911_946_150_998, number: 3004, seed: 45, eventId: "evt-skip-finish")
            let (status, body) = try await LiveServers.post(
                ports.hubURL + "/v1/exceptions/\(run.id)/skip",
                ["actor": "ana", "reason": "the order was cancelled by phone", "output": ["status": 204, "id": "none"], "then": "finish"])
            #expect(status == 200)
            #expect(body?["state"] == "succeeded")
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await hub.store.steps(runId: run.id).count == 2, "reserve-stock never ran")
            #expect(try await LiveServers.get(ports.sandboxURL + "/_sandbox/wms/reservation").1?.arrayValue?.count == 0)
        }
    }
}
