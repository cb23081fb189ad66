/// What a principal is allowed to do, named by job rather than by route. A token carries one or
/// more roles; their permissions add up. The matrix is in the README's "Security" section.
public enum Role: String, CaseIterable, Sendable, Codable {
    /// Reads runs, events, exceptions, quarantine and metrics, with PII masked.
    case viewer
    /// What a viewer may, plus retry, cancel, skip, edit-and-retry, replay and quarantine fixes.
    case `operator`
    /// Approves or rejects pending actions.
    case approver
    /// Manages tokens, secrets and settings, and reads the audit log.
    case admin
    /// Reveals masked fields, giving a reason.
    case piiReader = "pii-reader"
    /// For AI agents: reads masked data and only proposes actions.
    case agent

    /// The permissions this role grants.
    public var permissions: Set<Permission> {
        switch self {
        case .viewer: [.read]
        case .operator: [.read, .operate]
        case .approver: [.approve]
        case .admin: [.manageTokens, .manageSecrets, .readAudit]
        case .piiReader: [.revealPII]
        case .agent: [.read, .propose]
        }
    }
}

/// One right that an admin route requires (each route declares exactly one).
public enum Permission: String, CaseIterable, Sendable {
    /// Read runs, events, exceptions, quarantine, metrics and dry-run replays (PII masked).
    case read
    /// Act on runs: retry, cancel, skip, edit-and-retry, replay, fix quarantined payloads.
    case operate
    /// Approve or reject pending actions.
    case approve
    /// Create, list and revoke tokens.
    case manageTokens = "manage-tokens"
    /// Set and rotate secrets.
    case manageSecrets = "manage-secrets"
    /// Read the audit log.
    case readAudit = "read-audit"
    /// See masked fields in clear.
    case revealPII = "reveal-pii"
    /// Propose actions for a person to take.
    case propose
}
