/// Parses ECMA-262 pattern syntax (with the Annex B leniencies browsers accept: a `{` or `]` that
/// starts no quantifier or class is literal, and an unknown escape stands for its character).
struct PatternParser {
    private let scalars: [UInt32]
    private var position = 0
    private(set) var captureCount = 0
    private(set) var captureNames: [String: Int] = [:]
    /// Every capturing group in the pattern (a backreference may point forward), from the prescan.
    private var totalGroups = 0
    /// Backreferences by name, resolved once every group is known.
    private var pendingNames: [(String, Int)] = []

    init(_ pattern: String) {
        scalars = pattern.unicodeScalars.map(\.value)
    }

    mutating func parse() throws(BoundedRegex.CompileError) -> PatternNode {
        // Group names may be used before their group: count and name the groups first.
        prescanGroups()
        let node = try disjunction()
        guard position == scalars.count else { throw .syntax("unmatched ) at offset \(position)") }
        return node
    }

    /// Counts the capturing groups and records the names of the named ones.
    private mutating func prescanGroups() {
        var i = 0, inClass = false, count = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == 0x5C { i += 2; continue }  // \
            if c == 0x5B { inClass = true } else if c == 0x5D { inClass = false }
            if c == 0x28 && !inClass {  // (
                if i + 1 < scalars.count && scalars[i + 1] == 0x3F {  // (?
                    if i + 2 < scalars.count && scalars[i + 2] == 0x3C, i + 3 < scalars.count, scalars[i + 3] != 0x3D && scalars[i + 3] != 0x21 {
                        count += 1
                        var name = ""
                        var j = i + 3
                        while j < scalars.count && scalars[j] != 0x3E {
                            if let s = Unicode.Scalar(scalars[j]) { name.unicodeScalars.append(s) }
                            j += 1
                        }
                        captureNames[name] = count
                    }
                } else {
                    count += 1
                }
            }
            i += 1
        }
        totalGroups = count
    }

    private var atEnd: Bool { position >= scalars.count }
    private func peek(_ offset: Int = 0) -> UInt32? { position + offset < scalars.count ? scalars[position + offset] : nil }

    private mutating func disjunction() throws(BoundedRegex.CompileError) -> PatternNode {
        var alternatives = [try alternative()]
        while peek() == 0x7C {  // |
            position += 1
            alternatives.append(try alternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func alternative() throws(BoundedRegex.CompileError) -> PatternNode {
        var terms: [PatternNode] = []
        while let c = peek(), c != 0x7C, c != 0x29 {
            terms.append(try term())
        }
        return terms.isEmpty ? .empty : terms.count == 1 ? terms[0] : .concat(terms)
    }

    private mutating func term() throws(BoundedRegex.CompileError) -> PatternNode {
        let c = scalars[position]
        switch c {
        case 0x5E:  // ^
            position += 1
            return .assertion(.start)
        case 0x24:  // $
            position += 1
            return .assertion(.end)
        case 0x5C where peek(1) == 0x62:  // \b
            position += 2
            return .assertion(.wordBoundary)
        case 0x5C where peek(1) == 0x42:  // \B
            position += 2
            return .assertion(.notWordBoundary)
        case 0x28 where peek(1) == 0x3F && (peek(2) == 0x3D || peek(2) == 0x21):  // (?= (?!
            let negative = peek(2) == 0x21
            position += 3
            let body = try disjunction()
            try expect(0x29)
            // Annex B allows a quantifier on a lookahead; it changes nothing a match can use.
            let node = PatternNode.lookahead(body, negative: negative)
            return try quantifier(on: node)
        case 0x28 where peek(1) == 0x3F && peek(2) == 0x3C && (peek(3) == 0x3D || peek(3) == 0x21):
            throw .unsupported("lookbehind")
        default:
            return try quantifier(on: try atom())
        }
    }

    private mutating func expect(_ c: UInt32) throws(BoundedRegex.CompileError) {
        guard peek() == c else { throw .syntax("expected \(Character(Unicode.Scalar(c)!)) at offset \(position)") }
        position += 1
    }

    private mutating func atom() throws(BoundedRegex.CompileError) -> PatternNode {
        let c = scalars[position]
        switch c {
        case 0x2E:  // .
            position += 1
            return .any
        case 0x28:  // (
            position += 1
            if peek() == 0x3F {  // ?
                if peek(1) == 0x3A {  // (?:
                    position += 2
                    let body = try disjunction()
                    try expect(0x29)
                    return .group(body, capture: nil)
                }
                if peek(1) == 0x3C {  // (?<name>
                    position += 2
                    _ = try groupName()
                    captureCount += 1
                    let index = captureCount
                    let body = try disjunction()
                    try expect(0x29)
                    return .group(body, capture: index)
                }
                throw .syntax("invalid group at offset \(position)")
            }
            captureCount += 1
            let index = captureCount
            let body = try disjunction()
            try expect(0x29)
            return .group(body, capture: index)
        case 0x5B:  // [
            return .set(try characterClass())
        case 0x5C:  // \
            return try atomEscape()
        case 0x2A, 0x2B, 0x3F:  // * + ?
            throw .syntax("nothing to repeat at offset \(position)")
        case 0x7B:  // { — literal unless it is a valid quantifier, which has nothing to repeat here
            if isQuantifierBrace() { throw .syntax("nothing to repeat at offset \(position)") }
            position += 1
            return .scalar(c)
        default:
            position += 1
            return .scalar(c)
        }
    }

    private func isQuantifierBrace() -> Bool {
        var i = position + 1
        var digits = 0
        while i < scalars.count, scalars[i] >= 0x30 && scalars[i] <= 0x39 { i += 1; digits += 1 }
        guard digits > 0, i < scalars.count else { return false }
        if scalars[i] == 0x7D { return true }
        guard scalars[i] == 0x2C else { return false }
        i += 1
        while i < scalars.count, scalars[i] >= 0x30 && scalars[i] <= 0x39 { i += 1 }
        return i < scalars.count && scalars[i] == 0x7D
    }

    private mutating func number() -> Int? {
        var value = 0, digits = 0
        while let c = peek(), c >= 0x30 && c <= 0x39 {
            value = value > 100_000_000 ? value : value * 10 + Int(c - 0x30)
            digits += 1
            position += 1
        }
        return digits > 0 ? value : nil
    }

    private mutating func quantifier(on node: PatternNode) throws(BoundedRegex.CompileError) -> PatternNode {
        guard let c = peek() else { return node }
        var min = 0, max: Int?
        switch c {
        case 0x2A: position += 1; min = 0; max = nil
        case 0x2B: position += 1; min = 1; max = nil
        case 0x3F: position += 1; min = 0; max = 1
        case 0x7B where isQuantifierBrace():
            position += 1
            min = number() ?? 0
            max = min
            if peek() == 0x2C {
                position += 1
                max = number()
            }
            try expect(0x7D)
            if let max, max < min { throw .syntax("numbers out of order in {} quantifier") }
        default:
            return node
        }
        var greedy = true
        if peek() == 0x3F {
            position += 1
            greedy = false
        }
        if case .assertion = node { throw .syntax("nothing to repeat") }
        return .quantified(node, min: min, max: max, greedy: greedy)
    }

    private mutating func atomEscape() throws(BoundedRegex.CompileError) -> PatternNode {
        position += 1  // \
        guard let c = peek() else { throw .syntax("\\ at end of pattern") }
        if c >= 0x31 && c <= 0x39 {  // \1 … \9…
            let start = position
            let n = number() ?? 0
            if n <= totalGroups { return .backreference(n) }
            // Annex B: not a backreference but a legacy octal escape (\1 is U+0001), or 8 and 9 themselves.
            position = start
            guard c <= 0x37 else {
                position += 1
                return .scalar(c)
            }
            var value: UInt32 = 0
            while let d = peek(), d >= 0x30 && d <= 0x37, value * 8 + (d - 0x30) <= 0o377 {
                value = value * 8 + (d - 0x30)
                position += 1
            }
            return .scalar(value)
        }
        if c == 0x6B, peek(1) == 0x3C, !captureNames.isEmpty {  // \k<name>
            position += 2
            let name = try groupName()
            guard let index = captureNames[name] else { throw .syntax("unknown group name \(name)") }
            return .backreference(index)
        }
        if let set = try classEscape() { return .set(set) }
        return .scalar(try characterEscape())
    }

    /// A group name up to and including its closing `>`.
    private mutating func groupName() throws(BoundedRegex.CompileError) -> String {
        var name = ""
        while let n = peek(), n != 0x3E {
            if let s = Unicode.Scalar(n) { name.unicodeScalars.append(s) }
            position += 1
        }
        try expect(0x3E)
        return name
    }

    /// `\d \D \w \W \s \S \p{…} \P{…}` at the current position (after the backslash), or `nil`.
    private mutating func classEscape() throws(BoundedRegex.CompileError) -> ScalarSet? {
        guard let c = peek() else { return nil }
        switch c {
        case 0x64: position += 1; return .digits
        case 0x44: position += 1; return ScalarSet.digits.negatedSet()
        case 0x77: position += 1; return .word
        case 0x57: position += 1; return ScalarSet.word.negatedSet()
        case 0x73: position += 1; return .space
        case 0x53: position += 1; return ScalarSet.space.negatedSet()
        case 0x70, 0x50:  // \p{…} \P{…}
            guard peek(1) == 0x7B else { return nil }
            position += 2
            var name = ""
            while let n = peek(), n != 0x7D {
                if let s = Unicode.Scalar(n) { name.unicodeScalars.append(s) }
                position += 1
            }
            try expect(0x7D)
            guard let categories = UnicodeCategories.named(name) else { throw .unsupported("the Unicode property \\p{\(name)}") }
            var set = ScalarSet()
            if c == 0x70 { set.categories = categories } else { set.excludedCategories = categories }
            return set
        default: return nil
        }
    }

    /// A single-code-point escape (after the backslash).
    private mutating func characterEscape() throws(BoundedRegex.CompileError) -> UInt32 {
        let c = scalars[position]
        position += 1
        switch c {
        case 0x6E: return 0x0A  // n
        case 0x72: return 0x0D  // r
        case 0x74: return 0x09  // t
        case 0x76: return 0x0B  // v
        case 0x66: return 0x0C  // f
        case 0x30 where !(peek().map { $0 >= 0x30 && $0 <= 0x39 } ?? false): return 0  // \0
        case 0x63:  // \cX
            if let x = peek(), (x >= 0x41 && x <= 0x5A) || (x >= 0x61 && x <= 0x7A) {
                position += 1
                return x % 32
            }
            position -= 1
            return 0x5C  // Annex B: the backslash itself
        case 0x78:  // \xHH
            if let value = hex(count: 2) { return value }
            return c
        case 0x75:  // \uHHHH or \u{…}
            if peek() == 0x7B {
                position += 1
                var value: UInt32 = 0
                var digits = 0
                while let h = peek(), let d = Self.hexValue(h) {
                    value = value &* 16 &+ d
                    digits += 1
                    position += 1
                }
                guard digits > 0, value <= 0x10FFFF, peek() == 0x7D else { throw .syntax("invalid \\u{…} escape") }
                position += 1
                return value
            }
            guard let high = hex(count: 4) else { return c }
            // A surrogate pair written as two escapes is one code point.
            if (0xD800...0xDBFF).contains(high), peek() == 0x5C, peek(1) == 0x75 {
                let save = position
                position += 2
                if let low = hex(count: 4), (0xDC00...0xDFFF).contains(low) {
                    return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                }
                position = save
            }
            return high
        default:
            return c
        }
    }

    private mutating func hex(count: Int) -> UInt32? {
        guard position + count <= scalars.count else { return nil }
        var value: UInt32 = 0
        for i in 0..<count {
            guard let d = Self.hexValue(scalars[position + i]) else { return nil }
            value = value * 16 + d
        }
        position += count
        return value
    }

    private static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }

    private mutating func characterClass() throws(BoundedRegex.CompileError) -> ScalarSet {
        position += 1  // [
        var set = ScalarSet()
        var negated = false
        if peek() == 0x5E {
            negated = true
            position += 1
        }
        while true {
            guard let c = peek() else { throw .syntax("unterminated character class") }
            if c == 0x5D {
                position += 1
                break
            }
            let low = try classAtom()
            if peek() == 0x2D, let next = peek(1), next != 0x5D {  // a range a-b
                position += 1
                let high = try classAtom()
                switch (low, high) {
                case (.scalar(let a), .scalar(let b)):
                    guard a <= b else { throw .syntax("range out of order in character class") }
                    set.insert(a...b)
                case (.set(let s), .scalar(let b)):
                    // Annex B: a class escape before - is literal -.
                    set.formUnion(s)
                    set.insert(0x2D...0x2D)
                    set.insert(b...b)
                case (.scalar(let a), .set(let s)):
                    set.insert(a...a)
                    set.insert(0x2D...0x2D)
                    set.formUnion(s)
                case (.set(let s), .set(let t)):
                    set.formUnion(s)
                    set.insert(0x2D...0x2D)
                    set.formUnion(t)
                }
            } else {
                switch low {
                case .scalar(let a): set.insert(a...a)
                case .set(let s): set.formUnion(s)
                }
            }
        }
        set.negated = negated
        return set
    }

    private enum ClassAtom {
        case scalar(UInt32)
        case set(ScalarSet)
    }

    private mutating func classAtom() throws(BoundedRegex.CompileError) -> ClassAtom {
        let c = scalars[position]
        guard c == 0x5C else {
            position += 1
            return .scalar(c)
        }
        position += 1
        guard let next = peek() else { throw .syntax("\\ at end of pattern") }
        if next == 0x62 {  // \b in a class is backspace
            position += 1
            return .scalar(0x08)
        }
        if next == 0x2D {  // \-
            position += 1
            return .scalar(0x2D)
        }
        if let set = try classEscape() { return .set(set) }
        return .scalar(try characterEscape())
    }
}

/// `\p{…}` names this engine knows: general categories, short and long.
enum UnicodeCategories {
    static func named(_ name: String) -> [Unicode.GeneralCategory]? {
        var key = name
        for prefix in ["General_Category=", "gc="] where key.hasPrefix(prefix) { key.removeFirst(prefix.count) }
        switch key {
        case "L", "Letter": return [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        case "LC", "Cased_Letter": return [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]
        case "Lu", "Uppercase_Letter": return [.uppercaseLetter]
        case "Ll", "Lowercase_Letter": return [.lowercaseLetter]
        case "Lt", "Titlecase_Letter": return [.titlecaseLetter]
        case "Lm", "Modifier_Letter": return [.modifierLetter]
        case "Lo", "Other_Letter": return [.otherLetter]
        case "M", "Mark": return [.nonspacingMark, .spacingMark, .enclosingMark]
        case "Mn", "Nonspacing_Mark": return [.nonspacingMark]
        case "Mc", "Spacing_Mark": return [.spacingMark]
        case "Me", "Enclosing_Mark": return [.enclosingMark]
        case "N", "Number": return [.decimalNumber, .letterNumber, .otherNumber]
        case "Nd", "Decimal_Number", "digit": return [.decimalNumber]
        case "Nl", "Letter_Number": return [.letterNumber]
        case "No", "Other_Number": return [.otherNumber]
        case "P", "Punctuation", "punct":
            return [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation]
        case "Pc", "Connector_Punctuation": return [.connectorPunctuation]
        case "Pd", "Dash_Punctuation": return [.dashPunctuation]
        case "Ps", "Open_Punctuation": return [.openPunctuation]
        case "Pe", "Close_Punctuation": return [.closePunctuation]
        case "Pi", "Initial_Punctuation": return [.initialPunctuation]
        case "Pf", "Final_Punctuation": return [.finalPunctuation]
        case "Po", "Other_Punctuation": return [.otherPunctuation]
        case "S", "Symbol": return [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        case "Sm", "Math_Symbol": return [.mathSymbol]
        case "Sc", "Currency_Symbol": return [.currencySymbol]
        case "Sk", "Modifier_Symbol": return [.modifierSymbol]
        case "So", "Other_Symbol": return [.otherSymbol]
        case "Z", "Separator": return [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        case "Zs", "Space_Separator": return [.spaceSeparator]
        case "Zl", "Line_Separator": return [.lineSeparator]
        case "Zp", "Paragraph_Separator": return [.paragraphSeparator]
        case "C", "Other": return [.control, .format, .surrogate, .privateUse, .unassigned]
        case "Cc", "Control", "cntrl": return [.control]
        case "Cf", "Format": return [.format]
        case "Cs", "Surrogate": return [.surrogate]
        case "Co", "Private_Use": return [.privateUse]
        case "Cn", "Unassigned": return [.unassigned]
        default: return nil
        }
    }
}
