import Crypto
import Foundation
import JSONValue

/// Issues, checks and revokes bearer tokens. A token is 256 random bits shown once when it is made;
/// the store keeps only its SHA-256, so a copy of the store gives no usable token.
public struct TokenService: Sendable {
    public let store: any AccessTokenStore
    public let audit: AuditLog
    private let now: @Sendable () -> Date

    /// Tokens longer than this are refused without hashing (no valid token is near it).
    public static let maxTokenLength = 512
    /// A token's last use is written at most this often.
    static let touchInterval: TimeInterval = 60

    public init(store: any AccessTokenStore, audit: AuditLog, now: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.audit = audit
        self.now = now
    }

    /// What a caller asks for when it creates a token.
    public struct Request: Sendable {
        public var name: String
        public var roles: Set<Role>
        public var scopes: Scopes
        public var expiresInDays: Int?

        public init(name: String, roles: Set<Role>, scopes: Scopes = Scopes(), expiresInDays: Int? = nil) {
            self.name = name
            self.roles = roles
            self.scopes = scopes
            self.expiresInDays = expiresInDays
        }
    }

    /// A request that cannot become a token, with the reason.
    public struct InvalidRequest: Error, CustomStringConvertible {
        public let description: String
    }

    /// Makes a token: the stored record and the token's text, which is not kept anywhere.
    public func create(_ request: Request, by creator: String) async throws -> (token: AccessToken, text: String) {
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.utf8.count <= 100 else { throw InvalidRequest(description: "name must be 1 to 100 characters") }
        guard !request.roles.isEmpty else { throw InvalidRequest(description: "roles must name at least one of \(Self.roleNames)") }
        if let days = request.expiresInDays, !(1...3650).contains(days) {
            throw InvalidRequest(description: "expiresInDays must be a whole number from 1 to 3650, not \(days)")
        }
        let text = Self.generate()
        let created = now()
        let token = AccessToken(
            id: Identifier.make(now: created), name: name, roles: request.roles, scopes: request.scopes, hash: Self.hash(text), createdAt: created,
            createdBy: creator, expiresAt: request.expiresInDays.map { created.addingTimeInterval(Double($0) * 86_400) })
        try await store.insertToken(token)
        try await audit.record(actor: creator, action: "token.created", target: token.id, details: Self.details(token))
        return (token, text)
    }

    /// The principal an `Authorization` header's value stands for; `nil` (and an audit entry) when
    /// the header is not `Bearer <token>` or the token is unknown, revoked or expired.
    public func authenticate(authorization: String?, from source: String) async throws -> Principal? {
        guard let authorization else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer", parts[1].utf8.count <= Self.maxTokenLength else {
            try await failed("not a bearer token", source: source)
            return nil
        }
        let at = now()
        guard let token = try await store.token(hash: Self.hash(String(parts[1]))) else {
            try await failed("unknown token", source: source)
            return nil
        }
        guard token.isActive(at: at) else {
            try await failed(token.revokedAt != nil ? "revoked token" : "expired token", source: source, token: token.id)
            return nil
        }
        if token.lastUsedAt.map({ at.timeIntervalSince($0) >= Self.touchInterval }) ?? true {
            try await store.touchToken(id: token.id, at: at)
        }
        return token.principal
    }

    private func failed(_ reason: String, source: String, token: String? = nil) async throws {
        try await audit.record(actor: "anonymous", action: "auth.failed", target: token, details: ["reason": .string(reason), "source": .string(source)])
    }

    /// Every token, without hashes' use to anyone: the list shows names, roles and dates.
    public func list() async throws -> [AccessToken] { try await store.tokens() }

    /// Revokes a token; `false` when there is no such active token.
    public func revoke(id: String, by actor: String) async throws -> Bool {
        guard try await store.revokeToken(id: id, at: now()) else { return false }
        try await audit.record(actor: actor, action: "token.revoked", target: id, details: [:])
        return true
    }

    /// Makes `text` an admin token when the store has no active admin token yet (the first start of
    /// a hub, with `INTERCHANGE_BOOTSTRAP_TOKEN` set). Returns whether it did.
    public func bootstrap(text: String) async throws -> Bool {
        let at = now()
        let tokens = try await store.tokens()
        guard !tokens.contains(where: { $0.roles.contains(.admin) && $0.isActive(at: at) }) else { return false }
        let hash = Self.hash(text)
        guard !tokens.contains(where: { $0.hash == hash }) else { return false }
        let token = AccessToken(id: Identifier.make(now: at), name: "bootstrap", roles: [.admin], hash: hash, createdAt: at, createdBy: "bootstrap")
        try await store.insertToken(token)
        try await audit.record(actor: "bootstrap", action: "token.created", target: token.id, details: Self.details(token))
        return true
    }

    /// A new token's text: `ict_` and 256 random bits in base64url.
    static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        return "ict_" + base64.replacingOccurrences(of: "=", with: "")
    }

    /// Lower-case hex SHA-256 of a token's text.
    public static func hash(_ text: String) -> String {
        SHA256.hash(data: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static var roleNames: String { Role.allCases.map(\.rawValue).joined(separator: ", ") }

    /// What the audit trail records of a token (never its hash).
    static func details(_ token: AccessToken) -> JSON {
        var details: JSON = [
            "name": .string(token.name), "roles": .array(token.roles.map(\.rawValue).sorted().map { .string($0) }),
        ]
        if case .object(var object) = details {
            if let flows = token.scopes.flows { object["flows"] = .array(flows.sorted().map { .string($0) }) }
            if let systems = token.scopes.systems { object["systems"] = .array(systems.sorted().map { .string($0) }) }
            if let expires = token.expiresAt { object["expiresAt"] = .string(AuditEntry.timestamp(expires)) }
            details = .object(object)
        }
        return details
    }
}
