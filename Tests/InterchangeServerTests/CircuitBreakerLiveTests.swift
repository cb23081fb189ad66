import AsyncHTTPClient
import Foundation
import InterchangeCore
import NIOCore
import JSONValue
import Sandbox
import Testing

/// The ERP down for 30 seconds: runs wait behind its open circuit instead of exhausting their
/// attempts, the WMS keeps answering, and everything completes once the ERP recovers.
@Suite(.serialized) struct CircuitBreakerLiveTests {
    @Test(.timeLimit(.minutes(3)))
    func erpOutageParksRunsWithoutExhaustingAttempts() async throws {
        try await LiveServers.withHubAndSandbox { ports, hub in
            _ = try await LiveServers.post(ports.sandboxURL + "/_sandbox/faults", ["system": "erp", "errorRate": 1.0, "errorStatus": 503])
            let outageStarted = ContinuousClock.now
            let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
            let generator = ShopifyOrderGenerator()
            for i in 0..<5 {
                let order = generator.order(id: 820_982_911_946_170_000 + UInt64(i), number: 5000 + i, lineCount: 2, seed: UInt64(70 + i))
                _ = try await sender.deliver(order, to: ports.hubURL + "/v1/hooks/storefront", eventId: "evt-cb-\(i)")
            }
            // While the ERP is down the WMS keeps answering (its protection is its own).
            var reservation = HTTPClientRequest(url: ports.sandboxURL + "/wms/reservations")
            reservation.method = .POST
            reservation.headers.add(name: "Idempotency-Key", value: "cb-probe")
            let probe: JSON = ["orderRef": "probe", "lines": []]
            reservation.body = .bytes(ByteBuffer(bytes: probe.serializedBytes()))
            let wms = try await HTTPClient.shared.execute(reservation, timeout: .seconds(5))
            #expect(wms.status.code == 201)
            // Let the outage last 30 seconds; meanwhile no run may fail.
            while ContinuousClock.now - outageStarted < .seconds(30) {
                try await Task.sleep(for: .seconds(1))
                #expect(try await hub.store.runs(RunFilter(state: .failed)).isEmpty)
            }
            let waiting = try await hub.store.runs(RunFilter())
            #expect(waiting.allSatisfy { $0.state != .succeeded })
            #expect(waiting.allSatisfy { $0.attempts < 8 }, "attempts are not spent while the circuit is open")
            _ = try await LiveServers.post(ports.sandboxURL + "/_sandbox/faults", ["system": "erp", "errorRate": 0])
            let recovered = try await LiveServers.eventually(timeout: .seconds(90)) {
                try await hub.store.runs(RunFilter(state: .succeeded)).count == 5
            }
            #expect(recovered)
            #expect(try await hub.store.runs(RunFilter(state: .failed)).isEmpty)
            #expect(try await LiveServers.get(ports.sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue?.count == 5)
        }
    }
}
