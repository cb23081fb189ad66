import AsyncHTTPClient
import InterchangeConnectors
import InterchangeCore
import Logging

extension Hub {
    /// Wires a hub for a project: webhook verifiers by system kind, the HTTP connector, flow engine
    /// and worker, with ingest waking the worker.
    public static func make(
        project: Project, store: any Store, httpClient: HTTPClient, concurrency: Int = 8, maxBodyBytes: Int = 1 << 20, logger: Logger
    ) -> Hub {
        var verifiers: [String: any WebhookVerifier] = [:]
        for (name, system) in project.systems where system.kind == "shopify" {
            verifiers[name] = ShopifyWebhookVerifier(secrets: [system.webhookSecret ?? ""])
        }
        let signal = WorkSignal()
        var protections: [String: SystemProtection] = [:]
        for (name, system) in project.systems { protections[name] = SystemProtection(policy: system.protection) }
        let connector = ProtectedConnector(base: HTTPConnector(client: httpClient, project: project), protections: protections)
        let crossReferences = CrossReferenceCache()
        let engine = FlowEngine(store: store, project: project, connector: connector, crossReferences: crossReferences)
        let worker = RunWorker(store: store, engine: engine, concurrency: concurrency, signal: signal, logger: logger)
        let ingest = IngestService(
            store: store, project: project,
            normalizer: Normalizer(project: project, crossReferences: crossReferences),
            verifiers: verifiers,
            onRunsEnqueued: { Task { await signal.notify() } })
        let wake: @Sendable () -> Void = { Task { await signal.notify() } }
        let exceptions = ExceptionQueue(store: store, project: project, engine: engine, onRunsReady: wake)
        return Hub(
            store: store, project: project, ingest: ingest, worker: worker, exceptions: exceptions, replay: DryRunReplay(engine: engine),
            liveReplay: LiveReplay(store: store, project: project, onRunsReady: wake), maxBodyBytes: maxBodyBytes)
    }
}
