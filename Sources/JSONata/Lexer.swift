/// A lexical token of a JSONata expression.
struct Token: Equatable {
    enum Kind: Equatable {
        case op(String)
        case string(String)
        case number(Double, String)
        case name(String)
        case variable(String)
        case regex(String, String)
        case end
    }
    let kind: Kind
    /// Offset just after the token, as jsonata-js reports positions.
    let position: Int
}

/// Splits a JSONata expression into tokens.
struct Lexer {
    let chars: [Character]
    var position = 0

    init(_ source: String) { chars = Array(source) }

    private static let operators: Set<String> = [
        ".", "[", "]", "{", "}", "(", ")", ",", "@", "#", ";", ":", "?", "+", "-", "*", "/", "%", "|", "=", "<", ">", "^", "&", "!", "~",
    ]

    private func error(_ code: String, _ message: String) -> JSONataError {
        JSONataError(code: code, position: position, message: message)
    }

    /// The next token; `prefix` is true where a regex literal may start.
    mutating func next(prefix: Bool) throws(JSONataError) -> Token {
        try skipWhitespaceAndComments()
        guard position < chars.count else { return Token(kind: .end, position: position) }
        let c = chars[position]
        if prefix && c == "/" { return try regex() }
        let two = position + 1 < chars.count ? String([c, chars[position + 1]]) : ""
        if ["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"].contains(two) {
            position += 2
            return Token(kind: .op(two), position: position)
        }
        if c == "\"" || c == "'" { return try string(quote: c) }
        if c.isASCII && c.isNumber { return try number() }
        if c == "`" {
            position += 1
            let start = position
            while position < chars.count && chars[position] != "`" { position += 1 }
            guard position < chars.count else { throw error("S0105", "Quoted property name must be terminated with a backquote (`)") }
            let name = String(chars[start..<position])
            position += 1
            return Token(kind: .name(name), position: position)
        }
        if c == "!" || c == "~" {
            // Only "!=" and "~>" exist; a lone "!" or "~" is no operator.
            position += 1
            throw error("S0204", "Unknown operator: \"\(c)\"")
        }
        if Self.operators.contains(String(c)) {
            position += 1
            return Token(kind: .op(String(c)), position: position)
        }
        if c == "$" {
            position += 1
            let name = readName()
            return Token(kind: .variable(name), position: position)
        }
        let name = readName()
        guard !name.isEmpty else {
            position += 1
            throw error("S0204", "Unknown operator: \"\(c)\"")
        }
        switch name {
        case "and", "or", "in": return Token(kind: .op(name), position: position)
        default: return Token(kind: .name(name), position: position)
        }
    }

    private mutating func readName() -> String {
        let start = position
        while position < chars.count {
            let c = chars[position]
            // A name ends at white space, an operator, a quote, or a `$`/`!` after its first character.
            if c.isWhitespace || Self.operators.contains(String(c)) || c == "\"" || c == "'" || c == "`" { break }
            if (c == "!" || c == "$") && position > start { break }
            position += 1
        }
        return String(chars[start..<position])
    }

    private mutating func skipWhitespaceAndComments() throws(JSONataError) {
        while position < chars.count {
            if chars[position].isWhitespace {
                position += 1
            } else if chars[position] == "/", position + 1 < chars.count, chars[position + 1] == "*" {
                let start = position
                position += 2
                while position + 1 < chars.count && !(chars[position] == "*" && chars[position + 1] == "/") { position += 1 }
                guard position + 1 < chars.count else {
                    position = start
                    throw error("S0106", "Comment has no closing tag")
                }
                position += 2
            } else {
                return
            }
        }
    }

    private mutating func string(quote: Character) throws(JSONataError) -> Token {
        position += 1
        var value = ""
        while position < chars.count {
            let c = chars[position]
            if c == "\\" {
                position += 1
                guard position < chars.count else { break }
                let e = chars[position]
                switch e {
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "/": value.append("/")
                case "b": value.append("\u{08}")
                case "f": value.append("\u{0C}")
                case "n": value.append("\n")
                case "r": value.append("\r")
                case "t": value.append("\t")
                case "u":
                    guard position + 4 < chars.count, var code = UInt32(String(chars[(position + 1)...(position + 4)]), radix: 16) else {
                        throw error("S0104", "The escape sequence \\u must be followed by 4 hex digits")
                    }
                    position += 4
                    if (0xD800...0xDBFF).contains(code), position + 6 < chars.count, chars[position + 1] == "\\", chars[position + 2] == "u",
                        let low = UInt32(String(chars[(position + 3)...(position + 6)]), radix: 16), (0xDC00...0xDFFF).contains(low)
                    {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                    value.unicodeScalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default:
                    throw error("S0103", "Unsupported escape sequence: \\\(e)")
                }
                position += 1
            } else if c == quote {
                position += 1
                return Token(kind: .string(value), position: position)
            } else {
                value.append(c)
                position += 1
            }
        }
        throw error("S0101", "String literal must be terminated by a matching quote")
    }

    private mutating func number() throws(JSONataError) -> Token {
        let start = position
        while position < chars.count, chars[position].isASCII, chars[position].isNumber { position += 1 }
        if position + 1 < chars.count, chars[position] == ".", chars[position + 1].isASCII, chars[position + 1].isNumber {
            position += 1
            while position < chars.count, chars[position].isASCII, chars[position].isNumber { position += 1 }
        }
        if position < chars.count, chars[position] == "e" || chars[position] == "E" {
            var p = position + 1
            if p < chars.count, chars[p] == "+" || chars[p] == "-" { p += 1 }
            if p < chars.count, chars[p].isASCII, chars[p].isNumber {
                position = p
                while position < chars.count, chars[position].isASCII, chars[position].isNumber { position += 1 }
            }
        }
        let text = String(chars[start..<position])
        guard let value = Double(text), value.isFinite else { throw error("S0102", "Number out of range: \(text)") }
        return Token(kind: .number(value, text), position: position)
    }

    private mutating func regex() throws(JSONataError) -> Token {
        position += 1
        let start = position
        var depth = 0
        while position < chars.count {
            let c = chars[position]
            if c == "\\" {
                position += 2
                continue
            }
            if c == "[" { depth += 1 }
            if c == "]" && depth > 0 { depth -= 1 }
            if c == "/" && depth == 0 {
                let pattern = String(chars[start..<position])
                guard !pattern.isEmpty else { throw error("S0301", "Empty regular expressions are not allowed") }
                position += 1
                let flagsStart = position
                while position < chars.count, chars[position] == "i" || chars[position] == "m" { position += 1 }
                return Token(kind: .regex(pattern, String(chars[flagsStart..<position])), position: position)
            }
            position += 1
        }
        throw error("S0302", "No terminating / in regular expression")
    }
}
