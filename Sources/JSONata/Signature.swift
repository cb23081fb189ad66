/// A function signature such as `<s-n?:s>`, used to validate and coerce arguments.
struct Signature: Sendable {
    /// One parameter: accepted type symbols, and modifiers.
    struct Parameter: Sendable {
        var types: String
        var optional = false
        var variadic = false
        /// `-`: use the context value when the argument is missing.
        var contextDefault = false
        /// Element types for `a<…>`.
        var elementTypes: String?
    }

    let text: String
    let parameters: [Parameter]

    init(_ text: String, position: Int) throws(JSONataError) {
        self.text = text
        var parameters: [Parameter] = []
        var chars = Array(text)[...]
        // Drop the return type after ':'.
        if let colon = chars.firstIndex(of: ":") { chars = chars[..<colon] }
        var i = chars.startIndex
        while i < chars.endIndex {
            let c = chars[i]
            switch c {
            case "b", "n", "s", "l", "f", "a", "o", "j", "x", "u":
                parameters.append(Parameter(types: String(c)))
            case "(":
                guard let close = chars[i...].firstIndex(of: ")") else {
                    throw JSONataError(code: "S0401", position: position, message: "Unterminated type choice in signature")
                }
                parameters.append(Parameter(types: String(chars[(i + 1)..<close])))
                i = close
            case "<":
                guard let close = chars[i...].firstIndex(of: ">"), !parameters.isEmpty else {
                    throw JSONataError(code: "S0401", position: position, message: "Invalid element type in signature")
                }
                parameters[parameters.count - 1].elementTypes = String(chars[(i + 1)..<close])
                i = close
            case "?": if !parameters.isEmpty { parameters[parameters.count - 1].optional = true }
            case "+": if !parameters.isEmpty { parameters[parameters.count - 1].variadic = true }
            case "-": if !parameters.isEmpty { parameters[parameters.count - 1].contextDefault = true }
            default:
                throw JSONataError(code: "S0401", position: position, token: String(c), message: "Type \(c) in signature is not valid")
            }
            i += 1
        }
        self.parameters = parameters
    }
}
