import Foundation
import GRDB
import InterchangeCore
import InterchangeSQLite
import JSONValue
import Testing

/// One behavioural suite that every `Store` backend must pass.
@Suite struct StoreConformanceTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqliteMemory, sqliteFile
        var testDescription: String { rawValue }

        func make() throws -> any Store {
            switch self {
            case .memory: return InMemoryStore()
            case .sqliteMemory: return try SQLiteStore(writer: DatabaseQueue())
            case .sqliteFile:
                let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID().uuidString).sqlite").path
                return try SQLiteStore(path: path)
            }
        }
    }

    let now = Date(timeIntervalSince1970: 1_750_000_000)

    func record(system: String = "storefront", dedup: String, key: String, runs: Int = 1, quarantined: Bool = false) -> IngestRecord {
        let inboundId = UUID().uuidString
        let inbound = InboundEvent(id: inboundId, system: system, topic: "orders/create", dedupKey: dedup, receivedAt: now, body: "{}", status: quarantined ? .quarantined : .normalized)
        if quarantined {
            return IngestRecord(inbound: inbound, quarantine: QuarantineEntry(id: UUID().uuidString, inboundId: inboundId, system: system, topic: "orders/create", stage: "parse", errors: ["bad"], createdAt: now))
        }
        let event = CanonicalEvent(id: UUID().uuidString, inboundId: inboundId, source: system, type: "order.placed", subject: key, contract: "Order@1.0.0", time: now, data: ["id": .string(key), "big": .number(JSONNumber(uncheckedText: "820982911946154508"))])
        let runList = (0..<runs).map { i in
            Run(id: UUID().uuidString, flow: "flow-\(i)", flowVersion: 1, eventId: event.id, key: key, notBefore: now, createdAt: now, updatedAt: now)
        }
        return IngestRecord(inbound: inbound, canonical: [event], runs: runList)
    }

    @Test(arguments: Backend.allCases)
    func ingestStoresEverythingAndDeduplicates(_ backend: Backend) async throws {
        let store = try backend.make()
        let first = record(dedup: "evt-1", key: "order:1")
        let outcome = try await store.ingest(first)
        #expect(outcome == .stored(first.inbound.id))
        let again = try await store.ingest(record(dedup: "evt-1", key: "order:1"))
        #expect(again == .duplicate(first.inbound.id))
        #expect(try await store.ingest(record(system: "other", dedup: "evt-1", key: "order:1")) != .duplicate(first.inbound.id))
        #expect(try await store.inboundCount() == 2)
        let canonical = try await store.canonicalEvents(inboundId: first.inbound.id)
        #expect(canonical.count == 1)
        #expect(canonical.first?.data["big"]?.serialized() == "820982911946154508")
        #expect(try await store.runs(RunFilter()).count == 2)
    }

    @Test(arguments: Backend.allCases)
    func inboundBodiesAreKeptByteForByte(_ backend: Backend) async throws {
        let store = try backend.make()
        let bytes: [UInt8] = [0x7B, 0xE9, 0xFF, 0x00, 0xC3, 0x28, 0x7D]  // not UTF-8, with a NUL
        let inbound = InboundEvent(id: "raw", system: "storefront", topic: "t", dedupKey: "raw", receivedAt: now, body: bytes, status: .quarantined)
        let entry = QuarantineEntry(id: "q", inboundId: "raw", system: "storefront", topic: "t", stage: "parse", errors: ["bad"], createdAt: now)
        _ = try await store.ingest(IngestRecord(inbound: inbound, quarantine: entry))
        let stored = try #require(try await store.inboundEvent(id: "raw"))
        #expect(stored.body == bytes)
        #expect(stored.bodyText == nil)
    }

    @Test(arguments: Backend.allCases)
    func claimsOneRunPerKeyInOrder(_ backend: Backend) async throws {
        let store = try backend.make()
        _ = try await store.ingest(record(dedup: "a", key: "order:1"))
        _ = try await store.ingest(record(dedup: "b", key: "order:1"))
        _ = try await store.ingest(record(dedup: "c", key: "order:2"))
        let claimed = try await store.claimRuns(limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
        #expect(claimed.count == 2)
        #expect(Set(claimed.map(\.key)) == ["order:1", "order:2"])
        #expect(try await store.claimRuns(limit: 10, now: now, leaseUntil: now.addingTimeInterval(60)).isEmpty)
        // Finishing the head of order:1 releases the next run of that key.
        let head = try #require(claimed.first { $0.key == "order:1" })
        let step = StepRecord(runId: head.id, index: 0, name: "s", state: .succeeded, output: ["ok": true], attempts: 1, startedAt: now, finishedAt: now)
        try await store.completeStep(StepCompletion(step: step, effect: nil, crossReferences: [], runState: .succeeded))
        let next = try await store.claimRuns(limit: 10, now: now, leaseUntil: now.addingTimeInterval(60))
        #expect(next.map(\.key) == ["order:1"])
        #expect(next.first?.sequence ?? 0 > head.sequence)
    }

    @Test(arguments: Backend.allCases)
    func failedRunParksItsKeyAndRetriesWaitForTheirTime(_ backend: Backend) async throws {
        let store = try backend.make()
        _ = try await store.ingest(record(dedup: "a", key: "order:1"))
        _ = try await store.ingest(record(dedup: "b", key: "order:1"))
        let run = try #require(try await store.claimRuns(limit: 1, now: now, leaseUntil: now).first)
        let error = StepError(category: .transient, message: "503", status: 503, detail: "{}")
        let failing = StepRecord(runId: run.id, index: 0, name: "s", state: .retrying, attempts: 1, error: error, startedAt: now, finishedAt: now)
        try await store.recordFailure(step: failing, runState: .retrying, notBefore: now.addingTimeInterval(30))
        #expect(try await store.claimRuns(limit: 5, now: now, leaseUntil: now).isEmpty)
        let retried = try await store.claimRuns(limit: 5, now: now.addingTimeInterval(31), leaseUntil: now)
        #expect(retried.map(\.id) == [run.id])
        #expect(retried.first?.attempts == 1)
        var permanent = failing
        permanent.state = .failed
        permanent.error = StepError(category: .permanent, message: "400 unknown item", status: 400, detail: #"{"o:errorDetails":[]}"#)
        try await store.recordFailure(step: permanent, runState: .failed, notBefore: now)
        #expect(try await store.claimRuns(limit: 5, now: now.addingTimeInterval(100), leaseUntil: now).isEmpty)
        let stored = try #require(try await store.run(id: run.id))
        #expect(stored.state == .failed)
        #expect(stored.lastError == permanent.error)
        #expect(try await store.steps(runId: run.id).first?.error == permanent.error)
        #expect(try await store.runCounts()[.failed] == 1)
        #expect(try await store.runs(RunFilter(state: .held)).count == 1, "the later run of the parked key is held")
    }

    @Test(arguments: Backend.allCases)
    func interruptedRunsAreReleased(_ backend: Backend) async throws {
        let store = try backend.make()
        _ = try await store.ingest(record(dedup: "a", key: "order:1"))
        let run = try #require(try await store.claimRuns(limit: 1, now: now, leaseUntil: now.addingTimeInterval(300)).first)
        #expect(try await store.releaseExpiredLeases(now: now) == 0)
        #expect(try await store.releaseExpiredLeases(now: .distantFuture) == 1)
        #expect(try await store.run(id: run.id)?.state == .ready)
    }

    @Test(arguments: Backend.allCases)
    func effectsAndCrossReferencesAreRecordedWithTheStep(_ backend: Backend) async throws {
        let store = try backend.make()
        _ = try await store.ingest(record(dedup: "a", key: "order:1", runs: 1))
        let run = try #require(try await store.claimRuns(limit: 1, now: now, leaseUntil: now).first)
        let output: JSON = ["status": 204, "id": "647"]
        let step = StepRecord(runId: run.id, index: 0, name: "upsert-customer", state: .succeeded, input: ["x": 1], output: output, attempts: 1, startedAt: now, finishedAt: now)
        let effect = Effect(idempotencyKey: "o2c:customer:C1:upsert", runId: run.id, step: "upsert-customer", system: "erp", documentId: "647", output: output, recordedAt: now)
        let xref = CrossReference(system: "erp", type: "customer", externalId: "647", canonicalId: "SHOP-C1")
        try await store.completeStep(StepCompletion(step: step, effect: effect, crossReferences: [xref], runState: .running))
        #expect(try await store.effect(idempotencyKey: "o2c:customer:C1:upsert") == effect)
        #expect(try await store.effect(idempotencyKey: "other") == nil)
        #expect(try await store.canonicalId(system: "erp", type: "customer", externalId: "647") == "SHOP-C1")
        #expect(try await store.crossReferences(canonicalId: "SHOP-C1") == [xref])
        let stored = try #require(try await store.run(id: run.id))
        #expect(stored.nextStep == 1)
        #expect(try await store.steps(runId: run.id) == [step])
    }

    @Test(arguments: Backend.allCases)
    func quarantineKeepsThePayload(_ backend: Backend) async throws {
        let store = try backend.make()
        let q = record(dedup: "bad", key: "", quarantined: true)
        _ = try await store.ingest(q)
        let entries = try await store.quarantine(limit: 10)
        #expect(entries.count == 1)
        #expect(entries.first?.errors == ["bad"])
        #expect(try await store.inboundEvent(id: q.inbound.id)?.status == .quarantined)
        #expect(try await store.runs(RunFilter()).isEmpty)
    }

    @Test(arguments: Backend.allCases)
    func operatorActionsApplyOnlyToFailedRunsAndAreRecorded(_ backend: Backend) async throws {
        let store = try backend.make()
        _ = try await store.ingest(record(dedup: "a", key: "order:1"))
        let run = try #require(try await store.claimRuns(limit: 1, now: now, leaseUntil: now).first)
        let retry = OperatorAction(id: "a1", runId: run.id, kind: .retry, actor: "ana", reason: "item created", at: now)
        #expect(try await store.apply(retry) == nil, "a running run cannot be retried")
        let failing = StepRecord(runId: run.id, index: 0, name: "s", state: .failed, attempts: 3, error: StepError(category: .permanent, message: "400"), startedAt: now, finishedAt: now)
        try await store.recordFailure(step: failing, runState: .failed, notBefore: now)
        let retried = try #require(try await store.apply(retry))
        #expect(retried.state == .ready)
        #expect(retried.attempts == 0)
        #expect(try await store.claimRuns(limit: 1, now: now, leaseUntil: now).map(\.id) == [run.id])
        try await store.recordFailure(step: failing, runState: .failed, notBefore: now)
        let cancel = OperatorAction(id: "a2", runId: run.id, kind: .cancel, actor: "ana", reason: "duplicate order", at: now.addingTimeInterval(1))
        #expect(try await store.apply(cancel)?.state == .cancelled)
        #expect(try await store.actions(runId: run.id).map(\.kind) == [.retry, .cancel])
        #expect(try await store.actions(runId: run.id).last?.reason == "duplicate order")
    }

    @Test(arguments: Backend.allCases)
    func laterRunsOfAParkedKeyAreHeldUntilTheFailureIsResolved(_ backend: Backend) async throws {
        let store = try backend.make()
        _ = try await store.ingest(record(dedup: "a", key: "order:1"))
        _ = try await store.ingest(record(dedup: "b", key: "order:1"))
        _ = try await store.ingest(record(dedup: "x", key: "order:2"))
        let first = try #require(try await store.claimRuns(limit: 1, now: now, leaseUntil: now).first { $0.key == "order:1" })
        let failing = StepRecord(runId: first.id, index: 0, name: "s", state: .failed, attempts: 1, error: StepError(category: .permanent, message: "400"), startedAt: now, finishedAt: now)
        try await store.recordFailure(step: failing, runState: .failed, notBefore: now)
        #expect(try await store.runs(RunFilter(state: .held, key: "order:1")).count == 1)
        _ = try await store.ingest(record(dedup: "c", key: "order:1"))
        #expect(try await store.runs(RunFilter(state: .held, key: "order:1")).count == 2, "a new run of a parked key starts held")
        #expect(try await store.claimRuns(limit: 10, now: now, leaseUntil: now).map(\.key).allSatisfy { $0 == "order:2" })
        _ = try await store.apply(OperatorAction(id: "r", runId: first.id, kind: .cancel, actor: "ana", reason: "duplicate", at: now))
        #expect(try await store.runs(RunFilter(state: .held)).isEmpty)
        #expect(try await store.runs(RunFilter(state: .ready, key: "order:1")).count == 2)
        #expect(try await store.claimRuns(limit: 10, now: now, leaseUntil: now).map(\.key) == ["order:1"], "in order: one at a time per key")
    }

    @Test(arguments: Backend.allCases)
    func skipRecordsTheManualResultAndAdvancesTheRun(_ backend: Backend) async throws {
        let store = try backend.make()
        _ = try await store.ingest(record(dedup: "a", key: "order:1"))
        let run = try #require(try await store.claimRuns(limit: 1, now: now, leaseUntil: now).first)
        let failing = StepRecord(runId: run.id, index: 0, name: "s", state: .failed, input: ["x": 1], attempts: 2, error: StepError(category: .permanent, message: "400"), startedAt: now, finishedAt: now)
        try await store.recordFailure(step: failing, runState: .failed, notBefore: now)
        var done = failing
        done.state = .succeeded
        done.output = ["id": "manual"]
        done.error = nil
        let action = OperatorAction(id: "k", runId: run.id, kind: .skip, actor: "ana", reason: "by hand", at: now, stepIndex: 0, input: ["id": "manual"])
        let updated = try #require(try await store.skip(action, step: done, runState: .ready))
        #expect(updated.nextStep == 1)
        #expect(updated.state == .ready)
        #expect(try await store.steps(runId: run.id).first?.output == ["id": "manual"])
        #expect(try await store.skip(action, step: done, runState: .ready) == nil, "only a failed run can be skipped")
        #expect(try await store.actions(runId: run.id).first?.input == ["id": "manual"])
    }

    @Test(arguments: Backend.allCases)
    func replaysAreQueuedWithTheirRecordAndRunsFilterByTime(_ backend: Backend) async throws {
        let store = try backend.make()
        let ingested = record(dedup: "a", key: "order:1")
        _ = try await store.ingest(ingested)
        let source = ingested.runs[0]
        let later = now.addingTimeInterval(60)
        let replay = Run(id: UUID().uuidString, flow: source.flow, flowVersion: 2, eventId: source.eventId, key: source.key, notBefore: later, createdAt: later, updatedAt: later)
        let record = ReplayRecord(runId: replay.id, sourceRunId: source.id, reexecute: ["reserve-stock"], actor: "ana", reason: "lost", at: later)
        _ = try await store.addReplays([replay], records: [record])
        #expect(try await store.replayRecord(runId: replay.id) == record)
        #expect(try await store.replayRecord(runId: source.id) == nil)
        let stored = try #require(try await store.run(id: replay.id))
        #expect(stored.flowVersion == 2 && stored.state == .ready && stored.sequence > source.sequence)
        #expect(try await store.runs(RunFilter(createdFrom: now.addingTimeInterval(30))).map(\.id) == [replay.id])
        #expect(try await store.runs(RunFilter(createdBefore: now.addingTimeInterval(30))).map(\.id) == [source.id])
        #expect(try await store.runs(RunFilter(eventId: source.eventId)).map(\.id) == [source.id, replay.id])
        #expect(try await store.runs(RunFilter(eventId: "other")).isEmpty)
    }
}

/// What SQLite holds but this version cannot read is an error, never a guess.
@Suite struct SQLiteRowDecodingTests {
    @Test func anUnknownRunStateFailsLoudlyAndIsNeverExecuted() async throws {
        let queue = try DatabaseQueue()
        let store = try SQLiteStore(writer: queue)
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        let inbound = InboundEvent(id: "in-1", system: "storefront", topic: "orders/create", dedupKey: "d-1", receivedAt: now, body: "{}", status: .normalized)
        let run = Run(id: "run-1", flow: "f", flowVersion: 1, eventId: "ev-1", key: "order:1", notBefore: now, createdAt: now, updatedAt: now)
        let event = CanonicalEvent(id: "ev-1", inboundId: "in-1", source: "storefront", type: "order.placed", subject: "order:1", contract: nil, time: now, data: [:])
        _ = try await store.ingest(IngestRecord(inbound: inbound, canonical: [event], runs: [run]))
        try await queue.write { db in try db.execute(sql: "UPDATE run SET state = 'paused-by-v9' WHERE id = 'run-1'") }
        let error = await #expect(throws: UndecodableRow.self) { try await store.run(id: "run-1") }
        #expect(error?.description == "run run-1: the stored state \"paused-by-v9\" is not one this version knows")
        await #expect(throws: UndecodableRow.self) { try await store.runs(RunFilter()) }
        #expect(try await store.claimRuns(limit: 10, now: now.addingTimeInterval(60), leaseUntil: now.addingTimeInterval(120)).isEmpty)
    }
}
