import Crypto
import Foundation
import JSONValue

/// One entry of the audit trail. Entries form a hash chain: each entry's `hash` is the SHA-256 of
/// the previous entry's hash and the canonical JSON of its own fields, so an edited, removed or
/// inserted row breaks the chain from that row on (``AuditChain/verify(_:)``).
public struct AuditEntry: Sendable, Equatable {
    /// 1 for the first entry, then one more for each.
    public var sequence: Int64
    /// When it happened, to the millisecond (the chain hashes whole milliseconds).
    public var atMillis: Int64
    /// The principal's name, `anonymous` for failed authentications, `cli` or `bootstrap`.
    public var actor: String
    /// What happened: `auth.failed`, `token.created`, `token.revoked`, `run.retry`, `project.loaded`, …
    public var action: String
    /// What it happened to (a token id, a run id), if anything.
    public var target: String?
    /// More about it, as a JSON object.
    public var details: JSON
    public var previousHash: String
    public var hash: String

    public init(sequence: Int64, atMillis: Int64, actor: String, action: String, target: String?, details: JSON, previousHash: String, hash: String) {
        self.sequence = sequence
        self.atMillis = atMillis
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
        self.previousHash = previousHash
        self.hash = hash
    }

    public var at: Date { Date(timeIntervalSince1970: Double(atMillis) / 1000) }

    /// A time as the trail keeps it: whole milliseconds since 1970.
    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The fields the hash covers, as one JSON object.
    public var body: JSON {
        [
            "sequence": .integer(Int(sequence)), "at": .integer(Int(atMillis)), "actor": .string(actor), "action": .string(action),
            "target": target.map { .string($0) } ?? .null, "details": details,
        ]
    }

    /// RFC 3339 with milliseconds, UTC.
    public static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter.auditTimestamps.string(from: date)
    }
}

extension ISO8601DateFormatter {
    fileprivate nonisolated(unsafe) static let auditTimestamps: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}

/// An entry before the store places it in the chain.
public struct AuditDraft: Sendable {
    public var at: Date
    public var actor: String
    public var action: String
    public var target: String?
    public var details: JSON

    public init(at: Date, actor: String, action: String, target: String? = nil, details: JSON = [:]) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.details = details
    }
}

/// Filters for reading the audit trail; `nil` fields do not filter. Entries come in sequence order.
public struct AuditFilter: Sendable {
    public var afterSequence: Int64?
    public var actor: String?
    public var action: String?
    public var from: Date?
    public var to: Date?
    public var limit: Int

    public init(afterSequence: Int64? = nil, actor: String? = nil, action: String? = nil, from: Date? = nil, to: Date? = nil, limit: Int = 100) {
        self.afterSequence = afterSequence
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.limit = max(0, limit)
    }
}

/// Where the audit trail is kept. Every store implements it.
public protocol AuditStore: Sendable {
    /// Appends `draft` after the last entry, atomically with reading it: the store seals the entry
    /// with ``AuditChain/seal(_:after:)``, so two appends never share a predecessor.
    func appendAudit(_ draft: AuditDraft) async throws -> AuditEntry
    func auditEntries(_ filter: AuditFilter) async throws -> [AuditEntry]
}

/// The chain's rules, written once for every store.
public enum AuditChain {
    /// The previous hash of the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    /// `draft` as the entry that follows `last` (`nil` for the first).
    public static func seal(_ draft: AuditDraft, after last: (sequence: Int64, hash: String)?) -> AuditEntry {
        var entry = AuditEntry(
            sequence: (last?.sequence ?? 0) + 1, atMillis: AuditEntry.millis(draft.at), actor: draft.actor,
            action: draft.action, target: draft.target, details: draft.details, previousHash: last?.hash ?? genesis, hash: "")
        entry.hash = hash(of: entry)
        return entry
    }

    /// SHA-256 over the previous hash, a newline and the entry's canonical JSON, in lower-case hex.
    public static func hash(of entry: AuditEntry) -> String {
        var bytes = Array(entry.previousHash.utf8)
        bytes.append(0x0A)
        bytes.append(contentsOf: entry.body.canonicalBytes())
        return SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Where a chain breaks: the first entry that does not follow from the one before.
    public struct Break: Sendable, Equatable, CustomStringConvertible {
        public let sequence: Int64
        public let reason: String
        public var description: String { "entry \(sequence): \(reason)" }
    }

    /// Checks entries read in sequence order, page by page: `state` carries the last good entry
    /// from one page to the next. Returns the first break, or `nil`.
    public static func verify(_ entries: [AuditEntry], after state: inout (sequence: Int64, hash: String)?) -> Break? {
        for entry in entries {
            let expected = (state?.sequence ?? 0) + 1
            if entry.sequence != expected {
                return Break(sequence: entry.sequence, reason: entry.sequence > expected
                    ? "entries \(expected)…\(entry.sequence - 1) are missing" : "sequence \(entry.sequence) is out of order (expected \(expected))")
            }
            if entry.previousHash != (state?.hash ?? genesis) {
                return Break(sequence: entry.sequence, reason: "its previous hash does not match the hash of entry \(expected - 1)")
            }
            if hash(of: entry) != entry.hash {
                return Break(sequence: entry.sequence, reason: "its contents do not match its hash (the entry was changed)")
            }
            state = (entry.sequence, entry.hash)
        }
        return nil
    }
}

/// Appends to the audit trail with the hub's clock.
public struct AuditLog: Sendable {
    public let store: any AuditStore
    private let now: @Sendable () -> Date

    public init(store: any AuditStore, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.now = now
    }

    @discardableResult
    public func record(actor: String, action: String, target: String? = nil, details: JSON = [:]) async throws -> AuditEntry {
        try await store.appendAudit(AuditDraft(at: now(), actor: actor, action: action, target: target, details: details))
    }

    /// Verifies the whole trail, reading it in pages. Returns the number of entries and the first break.
    public func verify(pageSize: Int = 1_000) async throws -> (entries: Int64, head: String?, broken: AuditChain.Break?) {
        var state: (sequence: Int64, hash: String)?
        var count: Int64 = 0
        var after: Int64?
        while true {
            let page = try await store.auditEntries(AuditFilter(afterSequence: after, limit: pageSize))
            if let broken = AuditChain.verify(page, after: &state) { return (count, state?.hash, broken) }
            count += Int64(page.count)
            guard page.count == pageSize, let last = page.last else { return (count, state?.hash, nil) }
            after = last.sequence
        }
    }
}
