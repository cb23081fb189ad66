import Foundation
import InterchangeCore
import Logging
import Testing

/// A clock the test moves by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_750_000_000)
    var now: Date {
        lock.lock()
        defer { lock.unlock() }
        return current
    }
    func advance(_ seconds: TimeInterval) {
        lock.lock()
        current += seconds
        lock.unlock()
    }
}

@Suite struct SystemProtectionTests {
    @Test func circuitOpensAfterConsecutiveTransientFailuresProbesHalfOpenAndCloses() async {
        let clock = ManualClock()
        let protection = SystemProtection(policy: ProtectionPolicy(failureThreshold: 3, openDuration: .seconds(30)), now: { clock.now })
        for _ in 0..<2 {
            #expect(await protection.admit() == nil)
            await protection.acquire()
            await protection.release(transientFailure: true)
        }
        #expect(await protection.circuit == .closed)
        await protection.acquire()
        await protection.release(transientFailure: true)
        #expect(await protection.admit() == clock.now.addingTimeInterval(30), "open: callers are told when to come back")
        clock.advance(31)
        #expect(await protection.admit() == nil, "one probe after the open period")
        #expect(await protection.circuit == .halfOpen)
        #expect(await protection.admit() != nil, "only one probe at a time")
        await protection.acquire()
        await protection.release(transientFailure: true)
        #expect(await protection.admit() != nil, "a failed probe opens the circuit again")
        clock.advance(31)
        _ = await protection.admit()
        await protection.acquire()
        await protection.release(transientFailure: false)
        #expect(await protection.circuit == .closed)
    }

    @Test func openCircuitPausesRunsWithoutSpendingAttempts() async throws {
        let store = InMemoryStore()
        let project = try ExampleProject.load()
        let scripted = ScriptedConnector()
        let unavailable = ConnectorError(transient: true, message: "erp answered 503", status: 503)
        await scripted.script("erp", Array(repeating: .fail(unavailable), count: 2))
        let connector = ProtectedConnector(
            base: scripted, protections: ["erp": SystemProtection(policy: ProtectionPolicy(failureThreshold: 2, openDuration: .seconds(60)))])
        let engine = FlowEngine(store: store, project: project, connector: connector)
        let ingest = IngestService(store: store, project: project, normalizer: Normalizer(project: project), verifiers: ["storefront": AcceptingVerifier()])
        _ = try await ingest.receive(
            system: "storefront", body: try ExampleProject.referenceOrder(), headers: ["x-shopify-topic": "orders/create", "x-shopify-event-id": "e"],
            logger: Logger(label: "test"))
        for _ in 0..<4 {
            // Claim as if the retry delays had passed (the circuit's own clock is real time).
            let later = Date().addingTimeInterval(600)
            guard let run = try await store.claimRuns(limit: 1, now: later, leaseUntil: later).first else { break }
            try await engine.execute(run, logger: Logger(label: "test"))
        }
        let run = try #require(try await store.runs(RunFilter()).first)
        #expect(run.state == .retrying)
        #expect(run.attempts == 2, "the paused attempt is not counted")
        #expect(run.lastError?.message.contains("circuit open") == true)
        #expect(run.notBefore > Date().addingTimeInterval(50))
        #expect(await scripted.requests(to: "erp").count == 2, "two failed calls open the circuit; none are made while it is open")
    }

    @Test func concurrencyCapLimitsCallsInFlight() async {
        let protection = SystemProtection(policy: ProtectionPolicy(maxConcurrency: 2))
        let entered = EntryLog()
        await protection.acquire()
        await protection.acquire()
        let third = Task {
            await protection.acquire()
            await entered.record()
        }
        try? await Task.sleep(for: .milliseconds(100))
        #expect(await entered.count == 0, "a third call waits while two are in flight")
        await protection.release(transientFailure: false)
        await third.value
        #expect(await entered.count == 1, "it proceeds once one of them is released")
        await protection.release(transientFailure: false)
        await protection.release(transientFailure: false)
    }
}

/// Counts the calls that got past the concurrency cap.
actor EntryLog {
    private(set) var count = 0
    func record() { count += 1 }
}
