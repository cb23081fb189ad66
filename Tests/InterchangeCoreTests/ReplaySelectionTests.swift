import Foundation
import InterchangeCore
import Testing

/// A replay selection by event type or system finds matching runs past runs that do not match.
@Suite struct ReplaySelectionTests {
    @Test func typeAndSystemFiltersLookPastTheLimit() async throws {
        let store = InMemoryStore()
        let now = Date()
        for i in 0..<153 {
            let type = i < 150 ? "order.updated" : "order.placed"
            let inbound = InboundEvent(id: "in-\(i)", system: "storefront", topic: "t", dedupKey: "d-\(i)", receivedAt: now, body: "{}", status: .normalized)
            let event = CanonicalEvent(id: "ev-\(i)", inboundId: "in-\(i)", source: "storefront", type: type, subject: "order:\(i)", contract: nil, time: now, data: [:])
            let run = Run(id: "run-\(i)", flow: "f", flowVersion: 1, eventId: "ev-\(i)", key: "order:\(i)", state: .succeeded, notBefore: now, createdAt: now, updatedAt: now)
            _ = try await store.ingest(IngestRecord(inbound: inbound, canonical: [event], runs: [run]))
        }
        let placed = try await ReplaySelection(runs: RunFilter(limit: 10), eventType: "order.placed").select(in: store)
        #expect(placed.map(\.id) == ["run-150", "run-151", "run-152"])
        let fromElsewhere = try await ReplaySelection(runs: RunFilter(limit: 10), system: "erp").select(in: store)
        #expect(fromElsewhere.isEmpty)
        let capped = try await ReplaySelection(runs: RunFilter(limit: 5000)).select(in: store)
        #expect(capped.count == 153)
    }

    @Test func idsAreDeduplicatedInOrderAndCapped() throws {
        #expect(try ReplaySelection.distinct(["b", "a", "b", "a", "c"]) == ["b", "a", "c"])
        #expect(throws: ReplaySelection.TooMany.self) { try ReplaySelection.distinct((0...ReplaySelection.maxRuns).map(String.init)) }
    }
}
