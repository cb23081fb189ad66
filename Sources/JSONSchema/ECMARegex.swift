/// Rewrites ECMA-262 pattern syntax (what JSON Schema specifies) into Swift `Regex` syntax.
///
/// The two dialects mostly agree; the differences handled here are the ASCII-only meaning of
/// `\d` and `\w` in ECMA-262 (Swift's are Unicode-aware).
enum ECMARegex {
    static func translate(_ pattern: String) -> String {
        var output = ""
        var inClass = false
        var iterator = PeekableIterator(Array(pattern))
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
                // ECMA-262 white space includes U+FEFF, which Swift's \s does not.
                case "s": output += inClass ? "\\s\\x{FEFF}" : "[\\s\\x{FEFF}]"
                case "S": output += inClass ? "\\S" : "[^\\s\\x{FEFF}]"
                case "c":
                    // Control escape \cX: the character X mod 32.
                    if let letter = iterator.next(), let ascii = letter.asciiValue, letter.isLetter {
                        output += "\\x{" + String(ascii % 32, radix: 16) + "}"
                    } else {
                        output += "\\c"
                    }
                default:
                    output.append(c)
                    output.append(next)
                }
                continue
            }
            if c == "[" && !inClass {
                // ECMA-262 allows the empty class `[]` (matches nothing) and `[^]` (matches anything).
                if let next = iterator.clone(), next.starts(with: "]") {
                    output += "(?!)"
                    _ = iterator.next()
                    continue
                }
                if let next = iterator.clone(), next.starts(with: "^]") {
                    output += "[\\s\\S]"
                    _ = iterator.next()
                    _ = iterator.next()
                    continue
                }
                inClass = true
            } else if c == "]" && inClass {
                inClass = false
            }
            output.append(c)
        }
        return output
    }
}

/// A character iterator that can look ahead.
struct PeekableIterator {
    let chars: [Character]
    var position = 0

    init(_ chars: [Character]) { self.chars = chars }

    mutating func next() -> Character? {
        guard position < chars.count else { return nil }
        defer { position += 1 }
        return chars[position]
    }

    /// The remaining characters, without consuming them.
    func clone() -> ArraySlice<Character>? { position <= chars.count ? chars[position...] : nil }
}
