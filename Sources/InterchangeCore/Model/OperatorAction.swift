import Foundation

/// Something an operator did to a failed run, kept with who, when and why.
public struct OperatorAction: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Run the failed step again (the run goes back to `ready`).
        case retry
        /// Give up on the run; its key is released.
        case cancel
    }

    public var id: String
    public var runId: String
    public var kind: Kind
    /// The caller as the API knows it (the operator's name until authentication lands).
    public var actor: String
    public var reason: String
    public var at: Date

    public init(id: String, runId: String, kind: Kind, actor: String, reason: String, at: Date) {
        self.id = id
        self.runId = runId
        self.kind = kind
        self.actor = actor
        self.reason = reason
        self.at = at
    }
}
