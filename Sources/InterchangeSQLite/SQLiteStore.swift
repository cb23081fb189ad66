import Foundation
import GRDB
import InterchangeCore
import JSONValue

/// The embedded default store: one SQLite file in WAL mode, through GRDB.
public struct SQLiteStore: Store {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and migrates it.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try self.init(writer: pool)
    }

    /// A store on an existing writer (tests use an in-memory `DatabaseQueue`).
    public init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try SQLiteMigrations.migrator.migrate(writer)
    }

    public func ingest(_ record: IngestRecord) async throws -> IngestOutcome {
        try await writer.write { db in
            let i = record.inbound
            if let existing = try String.fetchOne(db, sql: "SELECT id FROM inbound_event WHERE system = ? AND dedup_key = ?", arguments: [i.system, i.dedupKey]) {
                return .duplicate(existing)
            }
            try db.execute(
                sql: "INSERT INTO inbound_event (id, system, topic, dedup_key, received_at, body, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [i.id, i.system, i.topic, i.dedupKey, i.receivedAt.timeIntervalSince1970, Data(i.body), i.status.rawValue])
            try Self.insert(canonical: record.canonical, runs: record.runs, db)
            if let q = record.quarantine {
                try db.execute(
                    sql: "INSERT INTO quarantine (id, inbound_id, system, topic, stage, errors, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    arguments: [q.id, q.inboundId, q.system, q.topic, q.stage, JSON.array(q.errors.map { .string($0) }).serialized(), q.createdAt.timeIntervalSince1970])
            }
            return .stored(i.id)
        }
    }

    /// Inserts canonical events and the runs they cause (a run of a parked key starts held).
    static func insert(canonical: [CanonicalEvent], runs: [Run], _ db: Database) throws {
        for e in canonical {
            try db.execute(
                sql: "INSERT INTO canonical_event (id, inbound_id, source, type, subject, contract, time, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [e.id, e.inboundId, e.source, e.type, e.subject, e.contract, e.time.timeIntervalSince1970, e.data.serialized()])
        }
        for r in runs {
            // A run whose key is parked behind a failed run starts held.
            let parked = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM run WHERE key = ? AND state = 'failed')", arguments: [r.key]) ?? false
            let state = parked && r.state == .ready ? RunState.held : r.state
            try db.execute(
                sql: """
                    INSERT INTO run (id, flow, flow_version, event_id, key, state, next_step, attempts, not_before, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [r.id, r.flow, r.flowVersion, r.eventId, r.key, state.rawValue, r.nextStep, r.attempts, r.notBefore.timeIntervalSince1970, r.createdAt.timeIntervalSince1970, r.updatedAt.timeIntervalSince1970])
        }
    }

    public func inboundEvent(id: String) async throws -> InboundEvent? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM inbound_event WHERE id = ?", arguments: [id]).map(Self.inbound)
        }
    }

    public func canonicalEvent(id: String) async throws -> CanonicalEvent? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM canonical_event WHERE id = ?", arguments: [id]).map(Self.canonical)
        }
    }

    public func canonicalEvents(inboundId: String) async throws -> [CanonicalEvent] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM canonical_event WHERE inbound_id = ? ORDER BY rowid", arguments: [inboundId]).map(Self.canonical)
        }
    }

    public func inboundCount() async throws -> Int {
        try await writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM inbound_event") ?? 0 }
    }

    public func claimRuns(limit: Int, now: Date, leaseUntil: Date) async throws -> [Run] {
        try await writer.write { db in
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT r.* FROM run r INDEXED BY run_runnable
                    WHERE r.state IN ('ready', 'retrying') AND r.not_before <= ?
                      AND NOT EXISTS (
                        SELECT 1 FROM run p WHERE p.key = r.key AND p.seq < r.seq AND p.state NOT IN ('succeeded', 'cancelled'))
                    ORDER BY r.seq
                    LIMIT ?
                    """,
                arguments: [now.timeIntervalSince1970, limit])
            var claimed: [Run] = []
            for row in rows {
                var run = try Self.run(row)
                try db.execute(
                    sql: "UPDATE run SET state = 'running', lease_until = ?, updated_at = ? WHERE id = ?",
                    arguments: [leaseUntil.timeIntervalSince1970, now.timeIntervalSince1970, run.id])
                run.state = .running
                run.updatedAt = now
                claimed.append(run)
            }
            return claimed
        }
    }

    public func releaseExpiredLeases(now: Date) async throws -> Int {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE run SET state = 'ready', lease_until = NULL WHERE state = 'running' AND (lease_until IS NULL OR lease_until <= ?)",
                arguments: [now == .distantFuture ? Double.greatestFiniteMagnitude : now.timeIntervalSince1970])
            return db.changesCount
        }
    }

    public func run(id: String) async throws -> Run? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ?", arguments: [id]).map(Self.run)
        }
    }

    public func runs(_ filter: RunFilter) async throws -> [Run] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM run
                    WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR flow = ?2) AND (?3 IS NULL OR key = ?3)
                      AND (?5 IS NULL OR created_at >= ?5) AND (?6 IS NULL OR created_at < ?6) AND (?7 IS NULL OR event_id = ?7)
                      AND (?8 IS NULL OR updated_at <= ?8) AND (?9 IS NULL OR seq > ?9)
                    ORDER BY seq LIMIT ?4
                    """,
                arguments: [
                    filter.state?.rawValue, filter.flow, filter.key, max(0, filter.limit), filter.createdFrom?.timeIntervalSince1970,
                    filter.createdBefore?.timeIntervalSince1970, filter.eventId, filter.updatedAtOrBefore?.timeIntervalSince1970,
                    filter.afterSequence,
                ]
            ).map(Self.run)
        }
    }

    public func runCounts() async throws -> [RunState: Int] {
        try await writer.read { db in
            var counts: [RunState: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM run GROUP BY state") {
                if let state = RunState(rawValue: row["state"]) { counts[state] = row["n"] }
            }
            return counts
        }
    }

    public func steps(runId: String) async throws -> [StepRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM step WHERE run_id = ? ORDER BY step_index", arguments: [runId]).map(Self.step)
        }
    }

    public func completeStep(_ completion: StepCompletion) async throws {
        try await writer.write { db in
            try Self.upsert(completion.step, db)
            if let e = completion.effect {
                try db.execute(
                    sql: """
                        INSERT INTO effect (idempotency_key, run_id, step, system, document_id, output, recorded_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING
                        """,
                    arguments: [e.idempotencyKey, e.runId, e.step, e.system, e.documentId, e.output.serialized(), e.recordedAt.timeIntervalSince1970])
            }
            for x in completion.crossReferences {
                try db.execute(
                    sql: "INSERT INTO xref (system, type, external_id, canonical_id) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET canonical_id = excluded.canonical_id",
                    arguments: [x.system, x.type, x.externalId, x.canonicalId])
            }
            try db.execute(
                sql: "UPDATE run SET next_step = ?, attempts = 0, state = ?, last_error = NULL, updated_at = ? WHERE id = ?",
                arguments: [completion.step.index + 1, completion.runState.rawValue, (completion.step.finishedAt ?? Date()).timeIntervalSince1970, completion.step.runId])
        }
    }

    public func recordFailure(step: StepRecord, runState: RunState, notBefore: Date) async throws {
        try await writer.write { db in
            try Self.upsert(step, db)
            try db.execute(
                sql: "UPDATE run SET state = ?, attempts = ?, last_error = ?, not_before = ?, lease_until = NULL, updated_at = ? WHERE id = ?",
                arguments: [runState.rawValue, step.attempts, Self.encode(step.error), notBefore.timeIntervalSince1970, (step.finishedAt ?? Date()).timeIntervalSince1970, step.runId])
            if runState == .failed {
                try db.execute(
                    sql: """
                        UPDATE run SET state = 'held'
                        WHERE state = 'ready' AND key = (SELECT key FROM run WHERE id = ?) AND seq > (SELECT seq FROM run WHERE id = ?)
                        """,
                    arguments: [step.runId, step.runId])
            }
        }
    }

    public func apply(_ action: OperatorAction) async throws -> Run? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ? AND state = 'failed'", arguments: [action.runId]) else {
                return nil
            }
            var run = try Self.run(row)
            let at = action.at.timeIntervalSince1970
            switch action.kind {
            case .retry, .editAndRetry:
                try db.execute(
                    sql: "UPDATE run SET state = 'ready', attempts = 0, not_before = ?, updated_at = ? WHERE id = ?", arguments: [at, at, run.id])
                run.state = .ready
                run.attempts = 0
                run.notBefore = action.at
            case .cancel:
                try db.execute(sql: "UPDATE run SET state = 'cancelled', updated_at = ? WHERE id = ?", arguments: [at, run.id])
                run.state = .cancelled
            case .skip:
                return nil
            }
            run.updatedAt = action.at
            try db.execute(
                sql: "INSERT INTO operator_action (id, run_id, kind, actor, reason, at, step_index, input) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [action.id, action.runId, action.kind.rawValue, action.actor, action.reason, at, action.stepIndex, action.input?.serialized()])
            // The key is no longer parked: held runs wait for their turn as ready runs again.
            try db.execute(
                sql: "UPDATE run SET state = 'ready' WHERE state = 'held' AND key = ? AND seq > ?", arguments: [run.key, run.sequence])
            return run
        }
    }

    public func skip(_ action: OperatorAction, step: StepRecord, runState: RunState) async throws -> Run? {
        try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE id = ? AND state = 'failed'", arguments: [action.runId]) else {
                return nil
            }
            var run = try Self.run(row)
            let at = action.at.timeIntervalSince1970
            try Self.upsert(step, db)
            try db.execute(
                sql: "UPDATE run SET state = ?, next_step = ?, attempts = 0, last_error = NULL, not_before = ?, updated_at = ? WHERE id = ?",
                arguments: [runState.rawValue, step.index + 1, at, at, run.id])
            try db.execute(
                sql: "INSERT INTO operator_action (id, run_id, kind, actor, reason, at, step_index, input) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [action.id, action.runId, action.kind.rawValue, action.actor, action.reason, at, action.stepIndex, action.input?.serialized()])
            try db.execute(
                sql: "UPDATE run SET state = 'ready' WHERE state = 'held' AND key = ? AND seq > ?", arguments: [run.key, run.sequence])
            run.state = runState
            run.nextStep = step.index + 1
            run.attempts = 0
            run.lastError = nil
            run.notBefore = action.at
            run.updatedAt = action.at
            return run
        }
    }

    public func actions(runId: String) async throws -> [OperatorAction] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM operator_action WHERE run_id = ? ORDER BY at, rowid", arguments: [runId]).map { row in
                let input: String? = row["input"]
                return OperatorAction(
                    id: row["id"], runId: row["run_id"], kind: OperatorAction.Kind(rawValue: row["kind"]) ?? .retry, actor: row["actor"],
                    reason: row["reason"], at: Date(timeIntervalSince1970: row["at"]), stepIndex: row["step_index"],
                    input: try input.map { try JSON.parse($0) })
            }
        }
    }

    public func inputOverride(runId: String, stepIndex: Int) async throws -> JSON? {
        try await writer.read { db in
            let text = try String.fetchOne(
                db,
                sql: "SELECT input FROM operator_action WHERE run_id = ? AND kind = 'edit-and-retry' AND step_index = ? ORDER BY at DESC, rowid DESC LIMIT 1",
                arguments: [runId, stepIndex])
            return try text.map { try JSON.parse($0) }
        }
    }

    public func effect(idempotencyKey: String) async throws -> Effect? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM effect WHERE idempotency_key = ?", arguments: [idempotencyKey]).map { row in
                Effect(
                    idempotencyKey: row["idempotency_key"], runId: row["run_id"], step: row["step"], system: row["system"],
                    documentId: row["document_id"], output: try JSON.parse(row["output"] as String),
                    recordedAt: Date(timeIntervalSince1970: row["recorded_at"]))
            }
        }
    }

    public func canonicalId(system: String, type: String, externalId: String) async throws -> String? {
        try await writer.read { db in
            try String.fetchOne(db, sql: "SELECT canonical_id FROM xref WHERE system = ? AND type = ? AND external_id = ?", arguments: [system, type, externalId])
        }
    }

    public func crossReferences(canonicalId: String) async throws -> [CrossReference] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM xref WHERE canonical_id = ? ORDER BY system, type", arguments: [canonicalId]).map { row in
                CrossReference(system: row["system"], type: row["type"], externalId: row["external_id"], canonicalId: row["canonical_id"])
            }
        }
    }

    public func allCrossReferences() async throws -> [CrossReference] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM xref").map { row in
                CrossReference(system: row["system"], type: row["type"], externalId: row["external_id"], canonicalId: row["canonical_id"])
            }
        }
    }

    public func quarantine(limit: Int) async throws -> [QuarantineEntry] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM quarantine WHERE released_at IS NULL ORDER BY created_at DESC, rowid DESC LIMIT ?", arguments: [limit])
                .map(Self.quarantineEntry)
        }
    }

    public func quarantineEntry(id: String) async throws -> QuarantineEntry? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM quarantine WHERE id = ? AND released_at IS NULL", arguments: [id]).map(Self.quarantineEntry)
        }
    }

    private static func quarantineEntry(_ row: Row) -> QuarantineEntry {
        let errors = (try? JSON.parse(row["errors"] as String))?.arrayValue?.compactMap(\.stringValue) ?? []
        return QuarantineEntry(
            id: row["id"], inboundId: row["inbound_id"], system: row["system"], topic: row["topic"], stage: row["stage"],
            errors: errors, createdAt: Date(timeIntervalSince1970: row["created_at"]))
    }

    public func addReplays(_ runs: [Run], records: [ReplayRecord]) async throws -> [Run] {
        try await writer.write { db in
            try Self.insert(canonical: [], runs: runs, db)
            for r in records {
                try db.execute(
                    sql: "INSERT INTO replay (run_id, source_run_id, reexecute, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [r.runId, r.sourceRunId, JSON.array(r.reexecute.map { .string($0) }).serialized(), r.actor, r.reason, r.at.timeIntervalSince1970])
            }
            guard !runs.isEmpty else { return [] }
            let marks = Array(repeating: "?", count: runs.count).joined(separator: ", ")
            return try Row.fetchAll(db, sql: "SELECT * FROM run WHERE id IN (\(marks)) ORDER BY seq", arguments: StatementArguments(runs.map(\.id))).map(Self.run)
        }
    }

    public func replayRecord(runId: String) async throws -> ReplayRecord? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM replay WHERE run_id = ?", arguments: [runId]).map { row in
                let reexecute = (try? JSON.parse(row["reexecute"] as String))?.arrayValue?.compactMap(\.stringValue) ?? []
                return ReplayRecord(
                    runId: row["run_id"], sourceRunId: row["source_run_id"], reexecute: reexecute, actor: row["actor"], reason: row["reason"],
                    at: Date(timeIntervalSince1970: row["at"]))
            }
        }
    }

    public func release(quarantineId: String, correctedBody: String, canonical: [CanonicalEvent], runs: [Run], at: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE quarantine SET released_at = ?, corrected_body = ? WHERE id = ? AND released_at IS NULL",
                arguments: [at.timeIntervalSince1970, correctedBody, quarantineId])
            guard db.changesCount == 1 else { return false }
            try Self.insert(canonical: canonical, runs: runs, db)
            return true
        }
    }
}
