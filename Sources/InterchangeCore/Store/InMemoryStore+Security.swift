import Foundation

/// Tokens and the audit trail in memory: the same rules as the SQLite store's tables.
extension InMemoryStore {
    public func insertToken(_ token: AccessToken) throws {
        guard !accessTokens.contains(where: { $0.id == token.id || $0.hash == token.hash }) else { throw DuplicateToken() }
        accessTokens.append(token)
    }

    public func token(hash: String) -> AccessToken? { accessTokens.first { $0.hash == hash } }

    public func tokens() -> [AccessToken] { accessTokens }

    public func revokeToken(id: String, at: Date) -> Bool {
        guard let index = accessTokens.firstIndex(where: { $0.id == id && $0.revokedAt == nil }) else { return false }
        accessTokens[index].revokedAt = at
        return true
    }

    public func touchToken(id: String, at: Date) {
        guard let index = accessTokens.firstIndex(where: { $0.id == id }) else { return }
        accessTokens[index].lastUsedAt = at
    }

    public func appendAudit(_ draft: AuditDraft) -> AuditEntry {
        let entry = AuditChain.seal(draft, after: auditTrail.last.map { ($0.sequence, $0.hash) })
        auditTrail.append(entry)
        return entry
    }

    public func auditEntries(_ filter: AuditFilter) -> [AuditEntry] {
        let fromMillis = filter.from.map(AuditEntry.millis)
        let toMillis = filter.to.map(AuditEntry.millis)
        return Array(
            auditTrail.lazy.filter { entry in
                filter.afterSequence.map { entry.sequence > $0 } ?? true && filter.actor.map { entry.actor == $0 } ?? true
                    && filter.action.map { entry.action == $0 } ?? true && fromMillis.map { entry.atMillis >= $0 } ?? true
                    && toMillis.map { entry.atMillis < $0 } ?? true
            }.prefix(filter.limit))
    }
}

/// A token whose id or hash is already stored.
public struct DuplicateToken: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "a token with this id or this value already exists" }
}
