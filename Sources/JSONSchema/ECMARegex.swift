/// Rewrites ECMA-262 pattern syntax (what JSON Schema specifies) into Swift `Regex` syntax.
///
/// The two dialects mostly agree; the differences handled here are the ASCII-only meaning of
/// `\d` and `\w` in ECMA-262 (Swift's are Unicode-aware).
enum ECMARegex {
    static func translate(_ pattern: String) -> String {
        var output = ""
        var inClass = false
        var iterator = pattern.makeIterator()
        while let c = iterator.next() {
            if c == "\\" {
                guard let next = iterator.next() else {
                    output.append(c)
                    break
                }
                switch next {
                case "d": output += inClass ? "0-9" : "[0-9]"
                case "D": output += inClass ? "\\D" : "[^0-9]"
                case "w": output += inClass ? "A-Za-z0-9_" : "[A-Za-z0-9_]"
                case "W": output += inClass ? "\\W" : "[^A-Za-z0-9_]"
                default:
                    output.append(c)
                    output.append(next)
                }
                continue
            }
            if c == "[" && !inClass {
                inClass = true
            } else if c == "]" && inClass {
                inClass = false
            }
            output.append(c)
        }
        return output
    }
}
