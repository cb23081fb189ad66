/// An error from parsing or evaluating a JSONata expression, with the official error code.
public struct JSONataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The JSONata error code, e.g. `S0201`, `T2001`, `D3001`.
    public let code: String
    /// Character offset in the expression where the problem was found, when known.
    public let position: Int?
    /// The offending token or value, when relevant.
    public let token: String?
    /// What went wrong.
    public let message: String

    public init(code: String, position: Int? = nil, token: String? = nil, message: String) {
        self.code = code
        self.position = position
        self.token = token
        self.message = message
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let position { text += " (at position \(position))" }
        return text
    }
}
