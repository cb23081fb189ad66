import Foundation
import Logging

/// Wakes idle workers when new runs are committed, so they need not wait for their next poll.
public actor WorkSignal {
    private var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    private var pending = false

    public init() {}

    /// Wakes every waiting worker (or the next one to wait).
    public func notify() {
        if waiters.isEmpty {
            pending = true
            return
        }
        let woken = waiters
        waiters = [:]
        for (_, continuation) in woken { continuation.resume() }
    }

    /// Waits until notified or `timeout` passes; returns at once when the task is cancelled.
    ///
    /// The waiter is registered on the actor before the task suspends, so a timer (or cancellation)
    /// that fires early always finds it: no wake-up can be lost and no waiter can outlive its task.
    public func wait(timeout: Duration) async {
        if pending {
            pending = false
            return
        }
        guard !Task.isCancelled else { return }
        let id = UUID()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                try? await Task.sleep(for: timeout)
                await self.expire(id)
            }
            await withCheckedContinuation { continuation in
                waiters[id] = continuation
            }
            group.cancelAll()
        }
    }

    private func expire(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume()
    }
}

/// Claims due runs and executes them: in order per key (the store hands out only the head run of
/// each key), in parallel across keys, with at most `concurrency` runs at a time.
public struct RunWorker: Sendable {
    public let store: any Store
    public let engine: FlowEngine
    public let concurrency: Int
    public let pollInterval: Duration
    public let signal: WorkSignal
    public let logger: Logger

    public init(store: any Store, engine: FlowEngine, concurrency: Int = 8, pollInterval: Duration = .milliseconds(100), signal: WorkSignal, logger: Logger) {
        self.store = store
        self.engine = engine
        self.concurrency = concurrency
        self.pollInterval = pollInterval
        self.signal = signal
        self.logger = logger
    }

    /// Runs until the task is cancelled. Never throws: a failed unit of work is logged and retried.
    public func run() async {
        do {
            // This process owns the store's work: anything left `running` was interrupted by a crash.
            for reference in try await store.allCrossReferences() { engine.crossReferences.record(reference) }
            let released = try await store.releaseExpiredLeases(now: .distantFuture)
            if released > 0 { logger.notice("Resuming interrupted runs", metadata: ["runs": "\(released)"]) }
        } catch {
            logger.error("Could not release interrupted runs", metadata: ["error": "\(error)"])
        }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask { await loop() }
            }
        }
    }

    private func loop() async {
        while !Task.isCancelled {
            let claimed: [Run]
            do {
                let now = Date()
                claimed = try await store.claimRuns(limit: 1, now: now, leaseUntil: now.addingTimeInterval(300))
            } catch is CancellationError {
                return
            } catch {
                logger.error("Claiming runs failed", metadata: ["error": "\(error)"])
                claimed = []
            }
            guard let run = claimed.first else {
                await signal.wait(timeout: pollInterval)
                continue
            }
            do {
                try await engine.execute(run, logger: logger)
            } catch {
                logger.error("Run execution failed", metadata: ["run.id": "\(run.id)", "error": "\(error)"])
            }
        }
    }
}
