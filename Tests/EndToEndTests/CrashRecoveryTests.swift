import AsyncHTTPClient
import Foundation
import JSONValue
import Sandbox
import TestSupport
import Testing

/// The real binaries over loopback: `interchange sandbox` and `interchange serve`, killed and restarted.
@Suite(.serialized) struct CrashRecoveryTests {
    @Test(.timeLimit(.minutes(3)))
    func hubKilledMidRunResumesAndTheERPHoldsExactlyOneSalesOrder() async throws {
        let sandbox = try InterchangeProcess(["sandbox", "--port", "0"])
        defer { sandbox.terminate() }
        let sandboxURL = "http://127.0.0.1:\(try await sandbox.port(announcedBy: "Sandbox listening"))"
        // Slow ERP: the sales-order step is still in flight when the hub dies.
        #expect(try await HTTP.post(sandboxURL + "/_sandbox/faults", ["system": "erp", "latencyMs": 1500]) == 200)
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString).sqlite").path
        let arguments = ["serve", "--project", "examples/order-to-cash", "--store", "sqlite:" + database, "--port", "0"]
        let environment = ["SANDBOX_URL": sandboxURL]
        let hub = try InterchangeProcess(arguments, environment: environment)
        let hubURL = "http://127.0.0.1:\(try await hub.port(announcedBy: "Hub listening"))"

        let order = try JSON.parse(Array(try Data(contentsOf: TestSuites.exampleProject.appendingPathComponent("mappings/shopify-order-to-order.examples/reference-order.input.json"))))
        let delivery = try await WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret").deliver(order, to: hubURL + "/v1/hooks/storefront", eventId: "evt-crash")
        #expect(delivery.status == 202)

        var runId = ""
        let firstStepDone = try await HTTP.eventually {
            guard let id = try await HTTP.get(hubURL + "/v1/runs")?["runs"]?.arrayValue?.first?["id"]?.stringValue else { return false }
            runId = id
            let steps = try await HTTP.get(hubURL + "/v1/runs/\(id)")?["steps"]?.arrayValue ?? []
            return steps.first?["state"] == "succeeded"
        }
        #expect(firstStepDone, "log:\n\(hub.output)")
        hub.kill()
        #expect(try await HTTP.post(sandboxURL + "/_sandbox/faults", ["system": "erp", "latencyMs": 0]) == 200)

        let restarted = try InterchangeProcess(arguments, environment: environment)
        defer { restarted.terminate() }
        let restartedURL = "http://127.0.0.1:\(try await restarted.port(announcedBy: "Hub listening"))"
        let succeeded = try await HTTP.eventually {
            try await HTTP.get(restartedURL + "/v1/runs/\(runId)")?["state"] == "succeeded"
        }
        #expect(succeeded, "log:\n\(restarted.output)")
        let run = try await HTTP.get(restartedURL + "/v1/runs/\(runId)")
        let steps = run?["steps"]?.arrayValue ?? []
        #expect(steps.map { $0["name"]?.stringValue ?? "" } == ["upsert-customer", "create-sales-order", "reserve-stock"])
        #expect(steps.first?["attempts"] == 1, "the finished first step is not repeated")
        let salesOrders = try await HTTP.get(sandboxURL + "/_sandbox/erp/salesOrder")?.arrayValue ?? []
        #expect(salesOrders.count == 1)
        #expect(salesOrders.first?["externalId"] == "SHOP-820982911946154508")
        #expect(try await HTTP.get(sandboxURL + "/_sandbox/erp/customer")?.arrayValue?.count == 1)
        #expect(try await HTTP.get(sandboxURL + "/_sandbox/wms/reservation")?.arrayValue?.count == 1)
    }
}
