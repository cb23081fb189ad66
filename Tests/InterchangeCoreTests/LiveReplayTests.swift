import Foundation
import InterchangeCore
import JSONValue
import TestSupport
import Testing

@Suite struct LiveReplayTests {
    /// A copy of the example project with a second version of order-to-cash that no longer reserves stock.
    static func projectWithTwoVersions() throws -> Project {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("versions-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestSuites.exampleProject, to: folder)
        let v1 = try String(contentsOf: folder.appendingPathComponent("flows/order-to-cash.yaml"), encoding: .utf8)
        let withoutReservation = String(v1[..<v1.range(of: "  - name: reserve-stock")!.lowerBound])
        let v2 = withoutReservation.replacingOccurrences(of: "version: 1", with: "version: 2")
        try v2.write(to: folder.appendingPathComponent("flows/order-to-cash@2.yaml"), atomically: true, encoding: .utf8)
        return try ProjectLoader.load(from: folder, environment: ["SANDBOX_URL": "http://127.0.0.1:1"])
    }

    @Test func replayRespectsTheEffectLedgerUnlessTheOperatorNamesAStepToReexecute() async throws {
        let h = try OrderToCashFlowTests.Harness()
        _ = try await h.deliver(try ExampleProject.referenceOrder())
        try await h.drain()
        let original = try #require(try await h.store.runs(RunFilter(state: .succeeded)).first)
        #expect(await h.connector.requests.count == 3)
        let replay = LiveReplay(store: h.store, project: h.project)

        let again = try await replay.replay(runIds: [original.id], actor: "ana", reason: "verify the ERP copy")
        #expect(again.count == 1)
        #expect(again[0].state == .ready)
        #expect(again[0].eventId == original.eventId && again[0].key == original.key)
        try await h.drain()
        #expect(try await h.store.run(id: again[0].id)?.state == .succeeded)
        #expect(await h.connector.requests.count == 3, "every effect is recorded: nothing is sent twice")
        let record = try #require(try await h.store.replayRecord(runId: again[0].id))
        #expect(record.sourceRunId == original.id && record.actor == "ana" && record.reexecute.isEmpty)

        let forced = try await replay.replay(runIds: [original.id], reexecute: ["reserve-stock"], actor: "ana", reason: "the WMS lost it")
        try await h.drain()
        let requests = await h.connector.requests
        #expect(requests.count == 4, "only the named step is sent again")
        #expect(requests.last?.path == "/wms/reservations")
        #expect(requests.last?.idempotencyKey.hasSuffix(":replay:\(forced[0].id)") == true, "a fresh idempotency key, so the target does it again")
    }

    @Test func versionsSitSideBySideAndAReplayCanNameOne() async throws {
        let project = try Self.projectWithTwoVersions()
        #expect(project.flow(named: "order-to-cash")?.version == 2)
        #expect(project.flows(triggeredBy: "order.placed").map(\.version) == [2], "new events start the current version only")
        let h = try OrderToCashFlowTests.Harness(project: project)
        _ = try await h.deliver(try ExampleProject.referenceOrder())
        try await h.drain()
        let run = try #require(try await h.store.runs(RunFilter(state: .succeeded)).first)
        #expect(run.flowVersion == 2)
        #expect(await h.connector.requests(to: "wms").isEmpty)

        let dryV1 = try #require(try await DryRunReplay(engine: h.engine).replay(runId: run.id, version: 1))
        #expect(dryV1.flowVersion == 1)
        #expect(dryV1.steps.map(\.step) == ["upsert-customer", "create-sales-order", "reserve-stock"])
        #expect(dryV1.steps[2].original == nil)
        #expect(dryV1.changed, "version 1 would send a reservation the original run never sent")
        #expect(dryV1.steps[0].differences.isEmpty && dryV1.steps[1].differences.isEmpty)

        let replayed = try await LiveReplay(store: h.store, project: project).replay(runIds: [run.id], version: 1, actor: "ana", reason: "reserve stock after all")
        #expect(replayed[0].flowVersion == 1)
        try await h.drain()
        #expect(try await h.store.run(id: replayed[0].id)?.state == .succeeded)
        #expect(await h.connector.requests.count == 3, "the ERP writes are recorded; only the reservation is new")
        #expect(await h.connector.requests(to: "wms").count == 1)
    }

    @Test func refusesWhatItCannotReplay() async throws {
        let h = try OrderToCashFlowTests.Harness()
        _ = try await h.deliver(try ExampleProject.referenceOrder())
        let pending = try #require(try await h.store.runs(RunFilter()).first)
        let replay = LiveReplay(store: h.store, project: h.project)
        await #expect(throws: LiveReplay.RequestError.runNotFinished(pending.id, .ready)) {
            try await replay.replay(runIds: [pending.id], actor: "ana", reason: "")
        }
        try await h.drain()
        await #expect(throws: LiveReplay.RequestError.missingActor) { try await replay.replay(runIds: [pending.id], actor: " ", reason: "") }
        await #expect(throws: LiveReplay.RequestError.unknownFlowVersion("order-to-cash", 7)) {
            try await replay.replay(runIds: [pending.id], version: 7, actor: "ana", reason: "")
        }
        await #expect(throws: LiveReplay.RequestError.unknownSteps("order-to-cash", ["ship-it"])) {
            try await replay.replay(runIds: [pending.id], reexecute: ["ship-it"], actor: "ana", reason: "")
        }
        await #expect(throws: LiveReplay.RequestError.runNotFound("nope")) { try await replay.replay(runIds: ["nope"], actor: "ana", reason: "") }
        #expect(try await h.store.runs(RunFilter()).count == 1, "a refused request queues nothing")
    }
}
