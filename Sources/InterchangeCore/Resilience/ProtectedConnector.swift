import Foundation

/// A connector that applies each system's ``SystemProtection`` around another connector. While a
/// system's circuit is open, calls fail at once with `circuitOpenUntil` set, so runs wait instead of
/// spending their attempts.
public struct ProtectedConnector: Connector {
    public let base: any Connector
    private let protections: [String: SystemProtection]

    public init(base: any Connector, protections: [String: SystemProtection]) {
        self.base = base
        self.protections = protections
    }

    /// The protection of one system (for tests and metrics).
    public func protection(of system: String) -> SystemProtection? { protections[system] }

    public func execute(_ request: ConnectorRequest) async throws(ConnectorError) -> ConnectorResponse {
        guard let protection = protections[request.system] else { return try await base.execute(request) }
        if let until = await protection.admit() {
            var error = ConnectorError(transient: true, message: "circuit open for \(request.system): calls paused after repeated failures")
            error.circuitOpenUntil = until
            throw error
        }
        await protection.acquire()
        do {
            let response = try await base.execute(request)
            await protection.release(transientFailure: false)
            return response
        } catch {
            await protection.release(transientFailure: error.transient)
            throw error
        }
    }
}
