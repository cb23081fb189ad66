import Hummingbird
import InterchangeCore
import NIOCore
import Prometheus

/// `GET /metrics` in Prometheus text format: the registry's metrics plus run counts by state.
struct MetricsController<Context: RequestContext> {
    let hub: Hub
    let registry: PrometheusCollectorRegistry?

    func register(on router: Router<Context>) {
        router.get("/metrics") { _, _ in
            var text = ""
            if let registry {
                var buffer: [UInt8] = []
                registry.emit(into: &buffer)
                text = String(decoding: buffer, as: UTF8.self)
            }
            let counts = try await hub.store.runCounts()
            text += "# TYPE interchange_runs gauge\n"
            for state in RunState.allCases {
                text += "interchange_runs{state=\"\(state.rawValue)\"} \(counts[state] ?? 0)\n"
            }
            text += "# TYPE interchange_inbound_events gauge\ninterchange_inbound_events \(try await hub.store.inboundCount())\n"
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
