import Foundation
import GRDB
import InterchangeCore
import JSONValue

/// A stored value this version cannot read (a newer schema, or a damaged row). It is reported, never
/// guessed: reading an unknown run state as `ready` would execute the run.
public struct UndecodableRow: Error, CustomStringConvertible {
    public var table: String
    public var id: String
    public var column: String
    public var value: String

    public var description: String { "\(table) \(id): the stored \(column) \"\(value)\" is not one this version knows" }
}

/// Row ↔ domain conversions.
extension SQLiteStore {
    /// The enum case stored in `column`, or ``UndecodableRow``.
    static func decoded<T: RawRepresentable>(_ row: Row, _ column: String, table: String, id: String) throws -> T where T.RawValue == String {
        let text: String = row[column]
        guard let value = T(rawValue: text) else { throw UndecodableRow(table: table, id: id, column: column, value: text) }
        return value
    }

    static func inbound(_ row: Row) throws -> InboundEvent {
        InboundEvent(
            id: row["id"], system: row["system"], topic: row["topic"], dedupKey: row["dedup_key"],
            // Stored as a BLOB (bytes as received); rows written as TEXT by earlier versions read the same.
            receivedAt: Date(timeIntervalSince1970: row["received_at"]), body: Array(row["body"] as Data),
            status: try decoded(row, "status", table: "inbound", id: row["id"]))
    }

    static func canonical(_ row: Row) throws -> CanonicalEvent {
        CanonicalEvent(
            id: row["id"], inboundId: row["inbound_id"], source: row["source"], type: row["type"], subject: row["subject"],
            contract: row["contract"], time: Date(timeIntervalSince1970: row["time"]), data: try JSON.parse(row["data"] as String))
    }

    static func run(_ row: Row) throws -> Run {
        Run(
            id: row["id"], sequence: row["seq"], flow: row["flow"], flowVersion: row["flow_version"], eventId: row["event_id"],
            key: row["key"], state: try decoded(row, "state", table: "run", id: row["id"]), nextStep: row["next_step"], attempts: row["attempts"],
            notBefore: Date(timeIntervalSince1970: row["not_before"]), lastError: decode(row["last_error"]),
            createdAt: Date(timeIntervalSince1970: row["created_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
    }

    static func step(_ row: Row) throws -> StepRecord {
        let started: Double? = row["started_at"]
        let finished: Double? = row["finished_at"]
        let input: String? = row["input"]
        let output: String? = row["output"]
        return StepRecord(
            runId: row["run_id"], index: row["step_index"], name: row["name"],
            state: try decoded(row, "state", table: "step", id: "\(row["run_id"] as String)#\(row["step_index"] as Int)"),
            input: try input.map { try JSON.parse($0) }, output: try output.map { try JSON.parse($0) }, attempts: row["attempts"],
            error: decode(row["error"]), startedAt: started.map(Date.init(timeIntervalSince1970:)),
            finishedAt: finished.map(Date.init(timeIntervalSince1970:)))
    }

    static func upsert(_ s: StepRecord, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO step (run_id, step_index, name, state, input, output, attempts, error, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (run_id, step_index) DO UPDATE SET
                  name = excluded.name, state = excluded.state, input = excluded.input, output = excluded.output,
                  attempts = excluded.attempts, error = excluded.error, started_at = excluded.started_at, finished_at = excluded.finished_at
                """,
            arguments: [
                s.runId, s.index, s.name, s.state.rawValue, s.input?.serialized(), s.output?.serialized(), s.attempts, encode(s.error),
                s.startedAt?.timeIntervalSince1970, s.finishedAt?.timeIntervalSince1970,
            ])
    }

    static func encode(_ error: StepError?) -> String? {
        guard let error else { return nil }
        var object = JSONObject()
        object["category"] = .string(error.category.rawValue)
        object["message"] = .string(error.message)
        if let status = error.status { object["status"] = .integer(status) }
        if let detail = error.detail { object["detail"] = .string(detail) }
        return JSON.object(object).serialized()
    }

    static func decode(_ text: String?) -> StepError? {
        guard let text, let json = try? JSON.parse(text), let message = json["message"]?.stringValue else { return nil }
        return StepError(
            category: StepError.Category(rawValue: json["category"]?.stringValue ?? "") ?? .permanent, message: message,
            status: json["status"]?.numberValue?.intValue, detail: json["detail"]?.stringValue)
    }
}
