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
    /// The parameter count when no parameter is variadic or typed by element (arguments can then be
    /// checked one to one).
    let directArity: Int?

    init(_ text: String, position: Int) throws(JSONataError) {
        self.text = text
        var parameters: [Parameter] = []
        var chars = Array(text)[...]
        // Drop the return type after the top-level ':'.
        var depth = 0
        for (k, c) in zip(chars.indices, chars) {
            if c == "<" { depth += 1 } else if c == ">" { depth -= 1 } else if c == ":" && depth == 0 {
                chars = chars[..<k]
                break
            }
        }
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
                let choice = String(chars[(i + 1)..<close])
                if choice.contains("<") {
                    throw JSONataError(code: "S0402", position: position, message: "Choice groups containing parameterized types are not supported")
                }
                parameters.append(Parameter(types: choice))
                i = close
            case "<":
                // The element type runs to the matching '>' (types nest: a<a<n>>, f<n:n>).
                var depth = 0
                var close: Int?
                for j in i..<chars.endIndex {
                    if chars[j] == "<" { depth += 1 }
                    if chars[j] == ">" {
                        depth -= 1
                        if depth == 0 {
                            close = j
                            break
                        }
                    }
                }
                guard let close, let last = parameters.last, last.types == "a" || last.types == "f" else {
                    throw JSONataError(code: "S0401", position: position, message: "Type parameters can only be applied to functions and arrays")
                }
                let inner = String(chars[(i + 1)..<close])
                parameters[parameters.count - 1].elementTypes = last.types == "a" ? String(inner.prefix { $0 != "<" }) : nil
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
        directArity = parameters.contains { $0.variadic || $0.elementTypes != nil } ? nil : parameters.count
    }
}
