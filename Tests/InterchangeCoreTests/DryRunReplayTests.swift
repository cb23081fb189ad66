import Foundation
import InterchangeCore
import JSONValue
import Logging
import TestSupport
import Testing

@Suite struct DryRunReplayTests {
    /// A copy of the example project with one mapping line changed.
    func changedProject() throws -> Project {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("changed-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestSuites.exampleProject, to: folder)
        let mapping = folder.appendingPathComponent("mappings/order-to-netsuite-sales-order.jsonata")
        var text = try String(contentsOf: mapping, encoding: .utf8)
        text = text.replacingOccurrences(of: #""description": description"#, with: #""description": $uppercase(description)"#)
        try text.write(to: mapping, atomically: true, encoding: .utf8)
        return try ProjectLoader.load(from: folder, environment: ["SANDBOX_URL": "http://127.0.0.1:1"])
    }

    @Test func dryRunThroughAChangedMappingShowsExactlyTheChangedFieldsAndSendsNothing() async throws {
        let h = try OrderToCashFlowTests.Harness()
        var order = try JSON.parse(try ExampleProject.referenceOrder())
        for i in 0..<100 {
            if case .object(var o) = order {
                o["id"] = .number(JSONNumber(uncheckedText: String(820_982_911_946_154_600 + i)))
                order = .object(o)
            }
            _ = try await h.deliver(order.serializedBytes(), eventId: "evt-\(i)")
        }
        try await h.drain()
        #expect(try await h.store.runs(RunFilter(state: .succeeded, limit: 1000)).count == 100)
        let sent = await h.connector.requests.count
        let engine = FlowEngine(store: h.store, project: try changedProject(), connector: h.connector)
        let diffs = try await DryRunReplay(engine: engine).replay(ReplaySelection(runs: RunFilter(limit: 1000)))
        #expect(diffs.count == 100)
        for diff in diffs {
            #expect(diff.changed)
            #expect(diff.steps.map(\.step) == ["upsert-customer", "create-sales-order", "reserve-stock"])
            #expect(diff.steps[0].differences.isEmpty)
            #expect(diff.steps[2].differences.isEmpty)
            #expect(diff.steps[1].differences.map(\.description) == [#"~ /item/items/0/description: expected "iPod Nano", got "IPOD NANO""#])
            #expect(diff.steps[1].plan?.path.hasPrefix("/services/rest/record/v1/salesOrder/eid:SHOP-8209829119461546") == true)
        }
        #expect(await h.connector.requests.count == sent, "a dry run sends nothing")
        // The unchanged project replays without differences.
        let same = try await DryRunReplay(engine: h.engine).replay(ReplaySelection(runs: RunFilter(limit: 1000)))
        #expect(same.allSatisfy { !$0.changed })
    }
}
