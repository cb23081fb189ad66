import Foundation
import JSONValue

/// Something an operator did to a failed run, kept with who, when and why.
public struct OperatorAction: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Run the failed step again (the run goes back to `ready`).
        case retry
        /// Give up on the run; its key is released.
        case cancel
        /// Replace the failing step's input (validated against its contract), then retry.
        case editAndRetry = "edit-and-retry"
        /// Mark the failing step done with a result the operator supplies (e.g. a document created by hand).
        case skip
    }

    public var id: String
    public var runId: String
    public var kind: Kind
    /// The caller as the API knows it (the operator's name until authentication lands).
    public var actor: String
    public var reason: String
    public var at: Date
    /// For edit-and-retry: the step it replaces the input of, and the new input (the original stays
    /// in the step record). For skip: the step and the manual result.
    public var stepIndex: Int?
    public var input: JSON?

    public init(id: String, runId: String, kind: Kind, actor: String, reason: String, at: Date, stepIndex: Int? = nil, input: JSON? = nil) {
        self.id = id
        self.runId = runId
        self.kind = kind
        self.actor = actor
        self.reason = reason
        self.at = at
        self.stepIndex = stepIndex
        self.input = input
    }
}
