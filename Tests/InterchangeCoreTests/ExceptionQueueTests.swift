import Foundation
import InterchangeCore
import Testing

/// Listing the exception queue: filters on what is derived from each failure (system, category, age)
/// must find every matching run, however many runs that do not match come first.
@Suite struct ExceptionQueueTests {
    /// `erpFailures` failed runs parked at the ERP step, then `wmsFailures` parked at the WMS step.
    func queue(erpFailures: Int, wmsFailures: Int, now: Date) async throws -> (ExceptionQueue, InMemoryStore) {
        let store = InMemoryStore()
        for i in 0..<(erpFailures + wmsFailures) {
            let atWMS = i >= erpFailures
            let inbound = InboundEvent(id: "in-\(i)", system: "storefront", topic: "orders/create", dedupKey: "d-\(i)", receivedAt: now, body: "{}", status: .normalized)
            let run = Run(
                id: "run-\(i)", flow: "order-to-cash", flowVersion: 1, eventId: "ev-\(i)", key: "order:\(i)", state: .failed,
                nextStep: atWMS ? 2 : 1, notBefore: now,
                lastError: atWMS ? StepError(category: .transient, message: "wms timed out") : StepError(category: .permanent, message: "unknown item", status: 400),
                createdAt: now, updatedAt: atWMS ? now : now.addingTimeInterval(-3600))
            _ = try await store.ingest(IngestRecord(inbound: inbound, runs: [run]))
        }
        return (ExceptionQueue(store: store, project: try ExampleProject.load()), store)
    }

    @Test func systemAndCategoryFiltersLookPastTheLimit() async throws {
        let now = Date()
        let (queue, _) = try await queue(erpFailures: 150, wmsFailures: 3, now: now)
        let wms = try await queue.list(ExceptionQueue.Filter(system: "wms", limit: 10), now: now)
        #expect(wms.map(\.run.id) == ["run-150", "run-151", "run-152"])
        let transient = try await queue.list(ExceptionQueue.Filter(category: "transient exhausted", limit: 2), now: now)
        #expect(transient.map(\.run.id) == ["run-150", "run-151"])
        let erp = try await queue.list(ExceptionQueue.Filter(system: "erp", limit: 120), now: now)
        #expect(erp.count == 120)
    }

    @Test func ageFilterLooksPastTheLimit() async throws {
        let now = Date()
        let (queue, _) = try await queue(erpFailures: 3, wmsFailures: 150, now: now)
        // The three old ERP failures come first in sequence; the newer WMS ones must not hide them, nor be listed.
        let old = try await queue.list(ExceptionQueue.Filter(minimumAge: 600, limit: 50), now: now)
        #expect(old.map(\.run.id) == ["run-0", "run-1", "run-2"])
    }

    @Test func retryAllRetriesEveryMatchingRunBeyondTheFirstPage() async throws {
        let now = Date()
        let (queue, store) = try await queue(erpFailures: 120, wmsFailures: 5, now: now)
        let retried = try await queue.retryAll(ExceptionQueue.Filter(system: "wms", limit: 10_000), actor: "ops", reason: "wms back", now: now)
        #expect(retried.count == 5)
        #expect(try await store.runs(RunFilter(state: .failed, limit: 1000)).count == 120)
    }

    @Test func aNegativeLimitIsEmptyNotUnlimited() async throws {
        let (_, store) = try await queue(erpFailures: 3, wmsFailures: 0, now: Date())
        #expect(try await store.runs(RunFilter(limit: -1)).isEmpty)
    }
}
