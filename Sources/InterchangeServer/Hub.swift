import InterchangeCore
import Logging

/// Everything the HTTP layer needs from the domain, assembled once.
public struct Hub: Sendable {
    public let store: any Store
    public let project: Project
    public let ingest: IngestService
    public let worker: RunWorker
    public let exceptions: ExceptionQueue
    public let replay: DryRunReplay
    public let liveReplay: LiveReplay
    /// Maximum webhook body size in bytes (larger → 413).
    public let maxBodyBytes: Int

    public init(
        store: any Store, project: Project, ingest: IngestService, worker: RunWorker, exceptions: ExceptionQueue, replay: DryRunReplay,
        liveReplay: LiveReplay, maxBodyBytes: Int = 1 << 20
    ) {
        self.store = store
        self.project = project
        self.ingest = ingest
        self.worker = worker
        self.exceptions = exceptions
        self.replay = replay
        self.liveReplay = liveReplay
        self.maxBodyBytes = maxBodyBytes
    }
}
