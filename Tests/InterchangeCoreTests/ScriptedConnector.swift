import InterchangeCore
import JSONValue

/// A connector twin: answers from a script per system, records every request it receives.
actor ScriptedConnector: Connector {
    enum Answer {
        case ok(ConnectorResponse)
        case fail(ConnectorError)
    }

    private var scripts: [String: [Answer]] = [:]
    private(set) var requests: [ConnectorRequest] = []
    private var nextId = 600

    /// Queues answers for a system; when the queue is empty the system succeeds.
    func script(_ system: String, _ answers: [Answer]) { scripts[system, default: []].append(contentsOf: answers) }

    func requests(to system: String) -> [ConnectorRequest] { requests.filter { $0.system == system } }

    nonisolated func execute(_ request: ConnectorRequest) async throws(ConnectorError) -> ConnectorResponse {
        let answer = await next(request)
        switch answer {
        case .ok(let response): return response
        case .fail(let error): throw error
        }
    }

    private func next(_ request: ConnectorRequest) -> Answer {
        requests.append(request)
        if var queue = scripts[request.system], !queue.isEmpty {
            let answer = queue.removeFirst()
            scripts[request.system] = queue
            return answer
        }
        nextId += 1
        return .ok(ConnectorResponse(status: 204, headers: ["location": "/record/\(nextId)"], documentId: String(nextId)))
    }
}
