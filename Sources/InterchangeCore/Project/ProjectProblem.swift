/// One problem in a project, with the file it is in.
public struct ProjectProblem: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}

/// A project that cannot be loaded, with every problem found.
public struct ProjectError: Error, Sendable, CustomStringConvertible {
    public var problems: [ProjectProblem]

    public init(problems: [ProjectProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
