import Foundation
import JSONValue

/// The life cycle of a run.
public enum RunState: String, Sendable, Codable, CaseIterable {
    /// Waiting to be picked up (or for an earlier run of its key).
    case ready
    /// Claimed by a worker.
    case running
    /// A step failed transiently; waiting for its next attempt.
    case retrying
    case succeeded
    /// A step failed permanently or exhausted its attempts; parks its key.
    case failed
    /// Waiting, in order, behind a failed run of the same key until an operator resolves it.
    case held
    case cancelled

    /// Whether the run will not change again without an operator.
    public var isTerminal: Bool { self == .succeeded || self == .cancelled }
}

/// One execution of a flow for one canonical event.
public struct Run: Sendable, Equatable {
    public var id: String
    /// Monotonic sequence: runs of one key execute in this order.
    public var sequence: Int64
    public var flow: String
    public var flowVersion: Int
    public var eventId: String
    /// Ordering key (the event's subject).
    public var key: String
    public var state: RunState
    /// Index of the first step not yet finished.
    public var nextStep: Int
    /// Attempts made on the current step.
    public var attempts: Int
    /// Earliest time the run may be attempted again.
    public var notBefore: Date
    /// The last failure, kept as the system reported it.
    public var lastError: StepError?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, sequence: Int64 = 0, flow: String, flowVersion: Int, eventId: String, key: String, state: RunState = .ready,
        nextStep: Int = 0, attempts: Int = 0, notBefore: Date, lastError: StepError? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.sequence = sequence
        self.flow = flow
        self.flowVersion = flowVersion
        self.eventId = eventId
        self.key = key
        self.state = state
        self.nextStep = nextStep
        self.attempts = attempts
        self.notBefore = notBefore
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The record of one step of a run: input, output, attempts, error and timings.
public struct StepRecord: Sendable, Equatable {
    public var runId: String
    public var index: Int
    public var name: String
    public var state: StepState
    public var input: JSON?
    public var output: JSON?
    public var attempts: Int
    public var error: StepError?
    public var startedAt: Date?
    public var finishedAt: Date?

    public init(runId: String, index: Int, name: String, state: StepState, input: JSON? = nil, output: JSON? = nil, attempts: Int = 0, error: StepError? = nil, startedAt: Date? = nil, finishedAt: Date? = nil) {
        self.runId = runId
        self.index = index
        self.name = name
        self.state = state
        self.input = input
        self.output = output
        self.attempts = attempts
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

public enum StepState: String, Sendable, Codable {
    case succeeded
    case failed
    case retrying
}

/// Why a step failed: its class, a message, and the system's own detail when it answered.
public struct StepError: Sendable, Equatable, Codable, Error {
    public enum Category: String, Sendable, Codable {
        /// Timeout, connection error, 5xx, 429: retried.
        case transient
        /// 4xx and other answers that a retry will not change.
        case permanent
        /// The step's input violates its contract.
        case validation
        /// The step's mapping could not be evaluated.
        case mapping
    }

    public var category: Category
    public var message: String
    /// HTTP status when the system answered.
    public var status: Int?
    /// The system's response body (e.g. NetSuite's `o:errorDetails`).
    public var detail: String?

    public init(category: Category, message: String, status: Int? = nil, detail: String? = nil) {
        self.category = category
        self.message = message
        self.status = status
        self.detail = detail
    }
}
