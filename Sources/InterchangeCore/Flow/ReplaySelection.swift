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

    /// The most runs one replay covers, by selection or by ids.
    public static let maxRuns = 1_000

    /// Why a list of runs cannot be replayed as one request.
    public struct TooMany: Error, Sendable, CustomStringConvertible {
        public let count: Int
        public var description: String { "a replay covers at most \(ReplaySelection.maxRuns) runs; \(count) were named" }
    }

    /// `ids` without repeats, in their first order: a run named twice is replayed once. More than
    /// ``maxRuns`` distinct runs are refused.
    public static func distinct(_ ids: [String]) throws(TooMany) -> [String] {
        var seen: Set<String> = []
        let unique = ids.filter { seen.insert($0).inserted }
        guard unique.count <= maxRuns else { throw TooMany(count: unique.count) }
        return unique
    }

    /// The selected runs, oldest first: at most `runs.limit` (and never more than ``maxRuns``). The event's
    /// type and system are checked page by page, so runs further on are found when earlier ones do not match.
    public func select(in store: any Store) async throws -> [Run] {
        let wanted = min(runs.limit, Self.maxRuns)
        var page = runs
        page.limit = wanted
        guard eventType != nil || system != nil else { return try await store.runs(page) }
        page.limit = max(wanted, 100)
        var selected: [Run] = []
        while selected.count < wanted {
            let candidates = try await store.runs(page)
            for run in candidates where selected.count < wanted {
                guard let event = try await store.canonicalEvent(id: run.eventId) else { continue }
                if let eventType, event.type != eventType { continue }
                if let system, event.source != system { continue }
                selected.append(run)
            }
            guard candidates.count == page.limit, let last = candidates.last else { break }
            page.afterSequence = last.sequence
        }
        return selected
    }
}
