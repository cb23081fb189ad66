import AsyncHTTPClient
import Foundation
import JSONValue
import TestSupport
import Testing

/// `interchange faults` against a running sandbox: faults are set per system at runtime and take effect.
@Suite(.serialized) struct FaultsCLITests {
    @Test(.timeLimit(.minutes(2)))
    func setsShowsAndAppliesFaultsPerSystem() async throws {
        let sandbox = try InterchangeProcess(["sandbox", "--port", "0"])
        defer { sandbox.terminate() }
        let sandboxURL = "http://127.0.0.1:\(try await sandbox.port(announcedBy: "Sandbox listening"))"

        let set = try CommandLineTests.run([
            "faults", "erp", "--sandbox", sandboxURL, "--fail-next", "1", "--error-status", "429", "--timeout-rate", "0.05", "--hang-ms", "800",
        ])
        #expect(set.status == 0, "\(set.output)")
        let erp = try await HTTP.get(sandboxURL + "/_sandbox/faults/erp")
        #expect(erp?["failNext"] == 1)
        #expect(erp?["errorStatus"] == 429)
        #expect(erp?["timeoutRate"]?.numberValue?.double == 0.05)
        #expect(erp?["hangMs"] == 800)
        #expect(try await HTTP.get(sandboxURL + "/_sandbox/faults/wms")?["failNext"] == 0, "faults are per system")

        let shown = try CommandLineTests.run(["faults", "erp", "--sandbox", sandboxURL])
        #expect(shown.status == 0)
        #expect(shown.output.contains("\"errorStatus\": 429"))

        // The next ERP write is refused with 429 and Retry-After; the one after goes through.
        var request = HTTPClientRequest(url: sandboxURL + "/services/rest/record/v1/customer/eid:SHOP-1")
        request.method = .PUT
        request.body = .bytes(.init(string: #"{"companyName": "Ada"}"#))
        let refused = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(refused.status.code == 429)
        #expect(refused.headers.first(name: "Retry-After") != nil)
        _ = try await HTTP.post(sandboxURL + "/_sandbox/faults", ["system": "erp"])
        let accepted = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(accepted.status.code == 204)

        // Storefront delivery faults: every webhook twice, in shuffled order (delivered to a path nothing answers, so every delivery fails).
        let storefront = try CommandLineTests.run(["faults", "storefront", "--sandbox", sandboxURL, "--duplicate-rate", "1", "--reorder", "--tax-mismatch-rate", "0.5"])
        #expect(storefront.status == 0, "\(storefront.output)")
        let shown2 = try await HTTP.get(sandboxURL + "/_sandbox/faults/storefront")
        #expect(shown2?["reorder"] == true)
        #expect(shown2?["taxMismatchRate"]?.numberValue?.double == 0.5)
        var send = HTTPClientRequest(url: sandboxURL + "/_sandbox/storefront/send")
        send.method = .POST
        send.body = .bytes(.init(string: #"{"target": "\#(sandboxURL)/no-hub-here", "count": 3}"#))
        let sent = try await HTTPClient.shared.execute(send, timeout: .seconds(30))
        let summary = try JSON.parse(Array(try await sent.body.collect(upTo: 1 << 20).readableBytesView))
        #expect(summary["sent"] == 6, "each order delivered twice")
        #expect(summary["failed"] == 6)

        // The storefront's order mix: every order discounted and VAT-inclusive.
        let mix = try CommandLineTests.run([
            "faults", "storefront", "--sandbox", sandboxURL, "--discount-rate", "1", "--taxes-included-rate", "1", "--multi-currency-rate", "1",
        ])
        #expect(mix.status == 0, "\(mix.output)")
        #expect(try await HTTP.get(sandboxURL + "/_sandbox/faults/storefront")?["discountRate"]?.numberValue?.double == 1)
        send.body = .bytes(.init(string: #"{"target": "\#(sandboxURL)/no-hub-here", "count": 2}"#))
        _ = try await HTTPClient.shared.execute(send, timeout: .seconds(30))
        let orders = try await HTTP.get(sandboxURL + "/_sandbox/storefront/order")?.arrayValue ?? []
        let mixed = orders.suffix(2)
        #expect(mixed.count == 2)
        #expect(mixed.allSatisfy { $0["taxes_included"] == true && $0["total_discounts"] != "0.00" && $0["presentment_currency"] != $0["currency"] })

        let invalid = try CommandLineTests.run(["faults", "erp", "--sandbox", sandboxURL, "--error-rate", "1.5"])
        #expect(invalid.status != 0)
        #expect(invalid.output.contains("errorRate is a probability between 0 and 1"))
    }
}
