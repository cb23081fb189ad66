import Foundation

/// A bearer token as the store keeps it: never the token itself, only its SHA-256.
public struct AccessToken: Sendable, Equatable {
    public var id: String
    /// Who the token is for ("ci-deployer", "jane"): the actor its actions are recorded under.
    public var name: String
    public var roles: Set<Role>
    public var scopes: Scopes
    /// Lower-case hex SHA-256 of the token's text.
    public var hash: String
    public var createdAt: Date
    /// Who created it (`bootstrap` for the bootstrap token, a principal's name, or `cli`).
    public var createdBy: String
    public var expiresAt: Date?
    public var lastUsedAt: Date?
    public var revokedAt: Date?

    public init(
        id: String, name: String, roles: Set<Role>, scopes: Scopes = Scopes(), hash: String, createdAt: Date, createdBy: String, expiresAt: Date? = nil,
        lastUsedAt: Date? = nil, revokedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.roles = roles
        self.scopes = scopes
        self.hash = hash
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }

    /// Whether the token authenticates at `now`: not revoked and not expired.
    public func isActive(at now: Date) -> Bool {
        revokedAt == nil && (expiresAt.map { now < $0 } ?? true)
    }

    /// The principal the token stands for.
    public var principal: Principal { Principal(id: id, name: name, roles: roles, scopes: scopes) }
}

/// Where tokens are kept. Every store implements it (the store conformance suite checks each).
public protocol AccessTokenStore: Sendable {
    func insertToken(_ token: AccessToken) async throws
    /// The token whose hash is `hash`, active or not.
    func token(hash: String) async throws -> AccessToken?
    /// Every token, oldest first.
    func tokens() async throws -> [AccessToken]
    /// Marks a token revoked; `false` when there is no such token or it was already revoked.
    func revokeToken(id: String, at: Date) async throws -> Bool
    /// Records when a token was last used.
    func touchToken(id: String, at: Date) async throws
}
