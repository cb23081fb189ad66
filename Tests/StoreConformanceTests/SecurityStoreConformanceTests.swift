import Foundation
import GRDB
import InterchangeCore
import InterchangeSQLite
import JSONValue
import Testing

/// Tokens and the audit trail behave the same on every backend; the SQLite trail detects tampering.
@Suite struct SecurityStoreConformanceTests {
    typealias Backend = StoreConformanceTests.Backend
    let now = Date(timeIntervalSince1970: 1_750_000_000)

    func token(_ id: String, hash: String, roles: Set<Role> = [.viewer], scopes: Scopes = Scopes()) -> AccessToken {
        AccessToken(id: id, name: "name-\(id)", roles: roles, scopes: scopes, hash: hash, createdAt: now, createdBy: "test", expiresAt: now.addingTimeInterval(86_400))
    }

    @Test(arguments: Backend.allCases)
    func tokensAreFoundByHashListedAndRevokedOnce(_ backend: Backend) async throws {
        let store = try backend.make()
        let scoped = token("t1", hash: "aa", roles: [.operator, .piiReader], scopes: Scopes(flows: ["order-to-cash"], systems: ["erp"]))
        try await store.insertToken(scoped)
        try await store.insertToken(token("t2", hash: "bb"))
        await #expect(throws: DuplicateToken.self) { try await store.insertToken(token("t3", hash: "aa")) }
        #expect(try await store.token(hash: "aa") == scoped)
        #expect(try await store.token(hash: "cc") == nil)
        #expect(try await store.tokens().map(\.id) == ["t1", "t2"])
        #expect(try await store.revokeToken(id: "t1", at: now))
        #expect(try await !store.revokeToken(id: "t1", at: now), "a token is revoked once")
        #expect(try await !store.revokeToken(id: "nope", at: now))
        #expect(try await store.token(hash: "aa")?.revokedAt == now)
        try await store.touchToken(id: "t2", at: now.addingTimeInterval(5))
        #expect(try await store.token(hash: "bb")?.lastUsedAt == now.addingTimeInterval(5))
    }

    @Test(arguments: Backend.allCases)
    func theAuditTrailIsAChainReadInOrder(_ backend: Backend) async throws {
        let store = try backend.make()
        let log = AuditLog(store: store, now: { now })
        try await log.record(actor: "ana", action: "token.created", target: "t1", details: ["roles": ["admin"]])
        try await log.record(actor: "anonymous", action: "auth.failed", details: ["reason": "unknown token"])
        let third = try await log.record(actor: "ana", action: "run.retry", target: "run-1")
        #expect(third.sequence == 3)
        let all = try await store.auditEntries(AuditFilter())
        #expect(all.map(\.sequence) == [1, 2, 3])
        #expect(all[0].previousHash == AuditChain.genesis)
        #expect(all[1].previousHash == all[0].hash && all[2].previousHash == all[1].hash)
        #expect(all[0].details == ["roles": ["admin"]])
        #expect(try await store.auditEntries(AuditFilter(actor: "ana")).map(\.sequence) == [1, 3])
        #expect(try await store.auditEntries(AuditFilter(action: "auth.failed")).map(\.sequence) == [2])
        #expect(try await store.auditEntries(AuditFilter(afterSequence: 1, limit: 1)).map(\.sequence) == [2])
        let verified = try await log.verify(pageSize: 2)
        #expect(verified.entries == 3 && verified.broken == nil && verified.head == third.hash)
    }

    /// The trail in a SQLite file, tampered with outside the hub: an edited, a deleted and an
    /// inserted row are each found, and named.
    @Test(arguments: ["edit", "delete", "insert"])
    func tamperingWithTheSQLiteFileIsDetected(_ tampering: String) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        let log = AuditLog(store: store, now: { now })
        for i in 1...5 { try await log.record(actor: "ana", action: "run.retry", target: "run-\(i)") }
        #expect(try await log.verify().broken == nil)
        let queue = try DatabaseQueue(path: path)
        try await queue.write { db in
            switch tampering {
            case "edit": try db.execute(sql: "UPDATE audit SET actor = 'mallory' WHERE sequence = 3")
            case "delete": try db.execute(sql: "DELETE FROM audit WHERE sequence = 3")
            default:
                // Make room at 3 (through negative numbers: the key is unique at every step).
                try db.execute(sql: "UPDATE audit SET sequence = -sequence WHERE sequence >= 3")
                try db.execute(sql: "UPDATE audit SET sequence = 1 - sequence WHERE sequence < 0")
                try db.execute(
                    sql: "INSERT INTO audit (sequence, at_ms, actor, action, target, details, previous_hash, hash) SELECT 3, at_ms, 'mallory', 'token.created', NULL, '{}', hash, hash FROM audit WHERE sequence = 2")
            }
        }
        try queue.close()
        let result = try await AuditLog(store: try SQLiteStore(path: path)).verify()
        #expect(result.broken?.sequence == (tampering == "insert" ? 3 : tampering == "delete" ? 4 : 3), "\(String(describing: result.broken))")
    }
}
