import AsyncHTTPClient
import InterchangeConnectors
import InterchangeCore
import JSONValue
import Testing

/// Failure classification of the HTTP connector against the live sandbox.
@Suite struct HTTPConnectorTests {
    func request(_ path: String, method: String = "PUT", body: JSON? = ["firstName": "A"]) -> ConnectorRequest {
        ConnectorRequest(system: "erp", method: method, path: path, body: body, idempotencyKey: "k-1")
    }

    @Test func classifiesAnswersTimeoutsAndRefusedConnections() async throws {
        try await LiveServers.withHubAndSandbox { ports, _ in
            let fast = HTTPConnector(client: HTTPClient.shared, endpoints: ["erp": .init(baseURL: ports.sandboxURL, timeout: .seconds(5))])
            let ok = try await fast.execute(request("/services/rest/record/v1/customer/eid:C-1"))
            #expect(ok.status == 204)
            #expect(ok.documentId != nil)

            _ = try await LiveServers.post(ports.sandboxURL + "/_sandbox/faults", ["system": "erp", "failNext": 1, "errorStatus": 429])
            await #expect(throws: ConnectorError.self) { try await fast.execute(request("/services/rest/record/v1/customer/eid:C-1")) }
            _ = try await LiveServers.post(ports.sandboxURL + "/_sandbox/faults", ["system": "erp", "failNext": 1, "errorStatus": 429])
            do throws(ConnectorError) {
                _ = try await fast.execute(request("/services/rest/record/v1/customer/eid:C-1"))
            } catch {
                #expect(error.transient)
                #expect(error.status == 429)
                #expect(error.retryAfter == .seconds(1))
            }

            do throws(ConnectorError) {
                _ = try await fast.execute(request("/services/rest/record/v1/customer/eid:bad|id"))
                Issue.record("expected a 400")
            } catch {
                #expect(!error.transient)
                #expect(error.status == 400)
                #expect(error.detail?.contains("o:errorDetails") == true)
            }

            _ = try await LiveServers.post(ports.sandboxURL + "/_sandbox/faults", ["system": "erp", "latencyMs": 1000])
            let impatient = HTTPConnector(client: HTTPClient.shared, endpoints: ["erp": .init(baseURL: ports.sandboxURL, timeout: .milliseconds(200))])
            do throws(ConnectorError) {
                _ = try await impatient.execute(request("/services/rest/record/v1/customer/eid:C-2"))
                Issue.record("expected a timeout")
            } catch {
                #expect(error.transient)
                #expect(error.message.contains("timed out"))
            }
        }
        let refused = HTTPConnector(client: HTTPClient.shared, endpoints: ["erp": .init(baseURL: "http://127.0.0.1:1", timeout: .seconds(2))])
        do throws(ConnectorError) {
            _ = try await refused.execute(request("/x"))
            Issue.record("expected a connection error")
        } catch {
            #expect(error.transient)
        }
    }
}
