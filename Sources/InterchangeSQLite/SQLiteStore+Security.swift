import Foundation
import GRDB
import InterchangeCore
import JSONValue

/// Tokens (hashes only) and the hash-chained audit trail.
extension SQLiteStore {
    public func insertToken(_ token: AccessToken) async throws {
        try await writer.write { db in
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM access_token WHERE id = ? OR hash = ?)", arguments: [token.id, token.hash]) ?? false
            guard !exists else { throw DuplicateToken() }
            try db.execute(
                sql: """
                    INSERT INTO access_token (id, name, roles, scopes, hash, created_at, created_by, expires_at, last_used_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, token.name, Self.rolesText(token.roles), Self.scopesText(token.scopes), token.hash, token.createdAt.timeIntervalSince1970,
                    token.createdBy, token.expiresAt?.timeIntervalSince1970, token.lastUsedAt?.timeIntervalSince1970, token.revokedAt?.timeIntervalSince1970,
                ])
        }
    }

    public func token(hash: String) async throws -> AccessToken? {
        try await writer.read { db in try Row.fetchOne(db, sql: "SELECT * FROM access_token WHERE hash = ?", arguments: [hash]).map(Self.token) }
    }

    public func tokens() async throws -> [AccessToken] {
        try await writer.read { db in try Row.fetchAll(db, sql: "SELECT * FROM access_token ORDER BY created_at, id").map(Self.token) }
    }

    public func revokeToken(id: String, at: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE access_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [at.timeIntervalSince1970, id])
            return db.changesCount > 0
        }
    }

    public func touchToken(id: String, at: Date) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE access_token SET last_used_at = ? WHERE id = ?", arguments: [at.timeIntervalSince1970, id])
        }
    }

    public func appendAudit(_ draft: AuditDraft) async throws -> AuditEntry {
        try await writer.write { db in
            let last = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM audit ORDER BY sequence DESC LIMIT 1")
            let entry = AuditChain.seal(draft, after: last.map { (sequence: $0["sequence"], hash: $0["hash"]) })
            try db.execute(
                sql: "INSERT INTO audit (sequence, at_ms, actor, action, target, details, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                arguments: [entry.sequence, entry.atMillis, entry.actor, entry.action, entry.target, entry.details.serialized(), entry.previousHash, entry.hash])
            return entry
        }
    }

    public func auditEntries(_ filter: AuditFilter) async throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let after = filter.afterSequence { conditions.append("sequence > ?"); arguments += [after] }
        if let actor = filter.actor { conditions.append("actor = ?"); arguments += [actor] }
        if let action = filter.action { conditions.append("action = ?"); arguments += [action] }
        if let from = filter.from { conditions.append("at_ms >= ?"); arguments += [AuditEntry.millis(from)] }
        if let to = filter.to { conditions.append("at_ms < ?"); arguments += [AuditEntry.millis(to)] }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        arguments += [filter.limit]
        let sql = "SELECT * FROM audit \(whereClause) ORDER BY sequence LIMIT ?"
        let bound = arguments
        return try await writer.read { db in try Row.fetchAll(db, sql: sql, arguments: bound).map(Self.auditEntry) }
    }

    static func rolesText(_ roles: Set<Role>) -> String { roles.map(\.rawValue).sorted().joined(separator: ",") }

    static func scopesText(_ scopes: Scopes) -> String {
        var object = JSONObject()
        if let flows = scopes.flows { object["flows"] = .array(flows.sorted().map { .string($0) }) }
        if let systems = scopes.systems { object["systems"] = .array(systems.sorted().map { .string($0) }) }
        return JSON.object(object).serialized()
    }

    static func token(_ row: Row) throws -> AccessToken {
        let id: String = row["id"]
        let rolesText: String = row["roles"]
        var roles: Set<Role> = []
        for name in rolesText.split(separator: ",") {
            guard let role = Role(rawValue: String(name)) else { throw UndecodableRow(table: "access_token", id: id, column: "roles", value: rolesText) }
            roles.insert(role)
        }
        let scopesText: String = row["scopes"]
        guard let scopes = try? JSON.parse(Array(scopesText.utf8)) else { throw UndecodableRow(table: "access_token", id: id, column: "scopes", value: scopesText) }
        let names: (String) -> Set<String>? = { field in scopes[field]?.arrayValue.map { Set($0.compactMap(\.stringValue)) } }
        let date: (String) -> Date? = { column in (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        return AccessToken(
            id: id, name: row["name"], roles: roles, scopes: Scopes(flows: names("flows"), systems: names("systems")), hash: row["hash"],
            createdAt: Date(timeIntervalSince1970: row["created_at"]), createdBy: row["created_by"], expiresAt: date("expires_at"),
            lastUsedAt: date("last_used_at"), revokedAt: date("revoked_at"))
    }

    static func auditEntry(_ row: Row) throws -> AuditEntry {
        let sequence: Int64 = row["sequence"]
        let detailsText: String = row["details"]
        // Details that no longer parse are kept as text: the hash check then reports the entry as changed.
        let details = (try? JSON.parse(Array(detailsText.utf8))) ?? .string(detailsText)
        return AuditEntry(
            sequence: sequence, atMillis: row["at_ms"], actor: row["actor"], action: row["action"], target: row["target"], details: details,
            previousHash: row["previous_hash"], hash: row["hash"])
    }
}
