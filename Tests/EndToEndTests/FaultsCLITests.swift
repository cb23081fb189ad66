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

        let invalid = try CommandLineTests.run(["faults", "erp", "--sandbox", sandboxURL, "--error-rate", "1.5"])
        #expect(invalid.status != 0)
        #expect(invalid.output.contains("errorRate is a probability between 0 and 1"))
    }
}
