import ArgumentParser
import JSONValue

/// `interchange replay …`: replays runs of a running hub, over its API — as a dry run (diffs of what
/// would be sent) or for real (new runs that respect the effect ledger).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay runs through the current or a named flow version: --dry-run shows what would change, otherwise new runs are queued.",
        discussion: "Select runs with --run or --event (repeatable) or by --flow, --key, --state, --type, --system, --from, --to. A live replay sends nothing a recorded effect already covers unless the step is named with --reexecute.")

    @OptionGroup var options: ExceptionsCommand.HubOptions
    @Option(name: .customLong("run"), help: "A run id to replay (repeatable).") var runIds: [String] = []
    @Option(name: .customLong("event"), help: "A canonical event id: replay its runs (repeatable).") var eventIds: [String] = []
    @Option(help: "Only runs of this flow.") var flow: String?
    @Option(help: "Only runs of this key (e.g. order:820982911946154508).") var key: String?
    @Option(help: "Only runs in this state (succeeded, cancelled, …).") var state: String?
    @Option(help: "Only runs of events of this canonical type (order.placed).") var type: String?
    @Option(help: "Only runs of events from this system (storefront).") var system: String?
    @Option(help: "Only runs created at or after this RFC 3339 time.") var from: String?
    @Option(help: "Only runs created before this RFC 3339 time.") var to: String?
    @Option(help: "At most this many runs.") var limit: Int = 100
    @Option(help: "The flow version to replay through (default: the current one).") var version: Int?
    @Flag(help: "Plan only: print each run's differences, send nothing.") var dryRun = false
    @Option(help: "A step to send again even though its effect is recorded (repeatable; live replay only).") var reexecute: [String] = []
    @Option(help: "Who asks for the replay (required for a live replay).") var actor: String?
    @Option(help: "Why.") var reason: String = ""

    func validate() throws {
        if !dryRun && (actor ?? "").isEmpty { throw ValidationError("a live replay needs --actor (or use --dry-run)") }
        if dryRun && !reexecute.isEmpty { throw ValidationError("--reexecute applies to a live replay, not to --dry-run") }
    }

    func run() async throws {
        var body = JSONObject()
        if !runIds.isEmpty { body["runIds"] = .array(runIds.map { .string($0) }) }
        if !eventIds.isEmpty { body["eventIds"] = .array(eventIds.map { .string($0) }) }
        let selection: [(String, String?)] = [("flow", flow), ("key", key), ("state", state), ("type", type), ("system", system), ("from", from), ("to", to)]
        for case let (name, value?) in selection { body[name] = .string(value) }
        body["limit"] = .integer(limit)
        if let version { body["version"] = .integer(version) }
        if dryRun {
            let answer = try await HubAPI.request("POST", options.hub + "/v1/replay/dry-run", body: .object(body))
            let runs = answer["runs"]?.arrayValue ?? []
            for run in runs {
                let changed = run["changed"]?.boolValue == true
                print("\(run["runId"]?.stringValue ?? "")  \(run["key"]?.stringValue ?? "")  v\(run["flowVersion"]?.description ?? "?")  \(changed ? "changed" : "unchanged")")
                for step in run["steps"]?.arrayValue ?? [] {
                    for difference in step["differences"]?.arrayValue ?? [] { print("    \(step["step"]?.stringValue ?? ""): \(difference.stringValue ?? "")") }
                    if let error = step["error"]?.stringValue { print("    \(step["step"]?.stringValue ?? ""): cannot plan: \(error)") }
                }
            }
            print("dry run: \(runs.count) run(s), \(answer["changed"]?.description ?? "0") would send something different; nothing was sent")
        } else {
            body["reexecute"] = .array(reexecute.map { .string($0) })
            body["actor"] = .string(actor ?? "")
            body["reason"] = .string(reason)
            let answer = try await HubAPI.request("POST", options.hub + "/v1/replay", body: .object(body))
            for run in answer["runs"]?.arrayValue ?? [] {
                print("\(run["id"]?.stringValue ?? "")  \(run["key"]?.stringValue ?? "")  \(run["flow"]?.stringValue ?? "")  \(run["state"]?.stringValue ?? "")")
            }
            print("queued \(answer["queued"]?.description ?? "0") replay run(s)")
        }
    }
}
