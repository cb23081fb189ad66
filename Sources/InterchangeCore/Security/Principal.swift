/// Who is making a request: a person or a service account, as its token (or identity provider)
/// states it. The name is what the audit trail and a run's history record as the actor.
public struct Principal: Sendable, Equatable {
    /// The token's id (or the identity provider's subject).
    public var id: String
    /// The name recorded as the actor of its actions.
    public var name: String
    public var roles: Set<Role>
    public var scopes: Scopes

    public init(id: String, name: String, roles: Set<Role>, scopes: Scopes = Scopes()) {
        self.id = id
        self.name = name
        self.roles = roles
        self.scopes = scopes
    }

    /// Whether one of the principal's roles grants `permission`.
    public func may(_ permission: Permission) -> Bool {
        roles.contains { $0.permissions.contains(permission) }
    }
}

/// What a token is narrowed to: some flows and some systems. `nil` means no narrowing.
public struct Scopes: Sendable, Equatable, Codable {
    public var flows: Set<String>?
    public var systems: Set<String>?

    public init(flows: Set<String>? = nil, systems: Set<String>? = nil) {
        self.flows = flows
        self.systems = systems
    }

    /// Whether runs of `flow` are within these scopes.
    public func admits(flow: String) -> Bool { flows?.contains(flow) ?? true }

    /// Whether `system` is within these scopes.
    public func admits(system: String) -> Bool { systems?.contains(system) ?? true }

    /// Whether the scopes narrow anything.
    public var isUnrestricted: Bool { flows == nil && systems == nil }
}
