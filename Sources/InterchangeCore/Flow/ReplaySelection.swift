import Foundation

/// Which runs a replay covers: a run filter (flow, key, state, time range) plus the canonical event's
/// type and originating system.
public struct ReplaySelection: Sendable {
    public var runs: RunFilter
    /// Canonical event type (`order.placed`).
    public var eventType: String?
    /// The system the event came from (`storefront`).
    public var system: String?

    public init(runs: RunFilter, eventType: String? = nil, system: String? = nil) {
        self.runs = runs
        self.eventType = eventType
        self.system = system
    }

    /// The selected runs, oldest first.
    public func select(in store: any Store) async throws -> [Run] {
        let candidates = try await store.runs(runs)
        guard eventType != nil || system != nil else { return candidates }
        var selected: [Run] = []
        for run in candidates {
            guard let event = try await store.canonicalEvent(id: run.eventId) else { continue }
            if let eventType, event.type != eventType { continue }
            if let system, event.source != system { continue }
            selected.append(run)
        }
        return selected
    }
}
