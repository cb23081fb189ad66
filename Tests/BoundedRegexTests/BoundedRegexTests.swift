@testable import BoundedRegex
import Testing

/// ECMA-262 semantics, and the cost bound that makes hostile patterns harmless.
@Suite struct BoundedRegexTests {
    func first(_ pattern: String, _ text: String, _ flags: BoundedRegex.Flags = .init()) throws -> (String, [String?])? {
        let regex = try BoundedRegex(pattern, flags: flags)
        let scalars = Array(text.unicodeScalars)
        guard let match = try regex.firstMatch(in: scalars.map(\.value)) else { return nil }
        func slice(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[r])) }
        return (slice(match.range), match.groups.map { $0.map(slice) })
    }

    @Test(arguments: [
        ("abc", "xxabcxx", "abc"), ("a|ab", "ab", "a"), ("ab|a", "ab", "ab"), ("a*", "aaa", "aaa"), ("a*?", "aaa", ""),
        ("a+?", "aaa", "a"), ("a{2,3}", "aaaa", "aaa"), ("a{2,3}?", "aaaa", "aa"), ("a{2}", "aaa", "aa"), ("a{2,}", "aaaaa", "aaaaa"),
        ("[a-c]+", "xxbcaz", "bca"), ("[^a-c]+", "abxyzc", "xyz"), ("\\d+", "ab123c", "123"), ("\\w+", "  héllo", "h"),
        ("\\s+", "a \t\u{00A0}b", " \t\u{00A0}"), ("\\bfoo\\b", "a foo b", "foo"), ("\\Bo", "foo", "o"), (".+", "ab\ncd", "ab"),
        ("^b", "ab", nil), ("b$", "ab", "b"), ("x{", "ax{", "x{"), ("a]", "a]", "a]"), ("\\u0041", "zA", "A"), ("\\x41", "zA", "A"),
        ("\\u{1F600}", "x😀", "😀"), ("[😀-😂]", "a😁", "😁"), ("\\p{Lu}+", "abCDe", "CD"), ("\\P{L}+", "ab12c", "12"),
        ("(?:ab)+", "ababx", "abab"), ("a(?=b)", "acab", "a"), ("a(?!b)", "abac", "a"), ("\\cJ", "a\nb", "\n"), ("[\\d-z]+", "1-z", "1-z"),
        ("\\1", "a\u{1}b", "\u{1}"), ("\\/", "a/b", "/"), ("[\\b]", "a\u{8}", "\u{8}"),
    ] as [(String, String, String?)])
    func matchesAsECMAScriptDoes(_ pattern: String, _ text: String, _ expected: String?) throws {
        #expect(try first(pattern, text)?.0 == expected, "/\(pattern)/ on \(text.debugDescription)")
    }

    @Test func groupsBackreferencesAndNames() throws {
        let m = try #require(try first("(\\d+)-(\\d+)?(x)?", "12-34"))
        #expect(m.0 == "12-34" && m.1 == ["12", "34", nil])
        #expect(try first("(a)\\1", "xaa")?.0 == "aa")
        #expect(try first("(?<y>\\d{4})-\\k<y>", "2024-2024")?.1 == ["2024"])
        #expect(try first("(a|b)*", "abab")?.1 == ["b"])
        #expect(try first("(a)|b", "b")?.1 == [nil])
    }

    @Test func flags() throws {
        #expect(try first("ABC", "xabcx", .init(ignoreCase: true))?.0 == "abc")
        #expect(try first("[a-z]+", "ABC", .init(ignoreCase: true))?.0 == "ABC")
        #expect(try first("^b$", "a\nb\nc", .init(multiline: true))?.0 == "b")
        #expect(try first("^b$", "a\nb\nc") == nil)
        #expect(try first("a.b", "a\nb", .init(dotAll: true))?.0 == "a\nb")
        #expect(try first("(a)\\1", "aA", .init(ignoreCase: true))?.0 == "aA")
    }

    @Test func allMatchesMoveOnAfterEmptyMatches() throws {
        let regex = try BoundedRegex("a*")
        let matches = try regex.allMatches(in: Array("baac".unicodeScalars.map(\.value)))
        #expect(matches.map(\.range) == [0..<0, 1..<3, 3..<3, 4..<4])
    }

    @Test(arguments: ["(", "a)", "[a", "a{2,1}", "*a", "a**", "(?<n>a", "\\", "(?x)"])
    func syntaxErrorsAreErrors(_ pattern: String) {
        #expect(throws: BoundedRegex.CompileError.self) { try BoundedRegex(pattern) }
    }

    @Test func lookbehindAndScriptsAreReportedUnsupported() {
        #expect(throws: BoundedRegex.CompileError.unsupported("lookbehind")) { try BoundedRegex("(?<=a)b") }
        #expect(throws: BoundedRegex.CompileError.self) { try BoundedRegex("\\p{Script=Greek}") }
    }

    /// Patterns that take exponential time in a plain backtracker: here each costs at most a small
    /// multiple of (program size × text length) instructions.
    @Test(arguments: ["^(a+)+$", "^(a|aa)*$", "^(a|a?)+$", "(.*a){12}x", "^(\\w+\\s?)*$", "^([a-z]+)*[0-9]$", "(x+x+)+y"])
    func catastrophicPatternsStayLinear(_ pattern: String) throws {
        let regex = try BoundedRegex(pattern)
        for length in [18, 1_000, 5_000] {
            let text = Array(repeating: UInt32(pattern.contains("x") ? 0x78 : 0x61), count: length) + [0x21]
            let (match, steps) = try regex.firstMatchCountingSteps(in: text)
            #expect(match == nil)
            #expect(steps <= 4 * regex.program.count * (text.count + 1) * 2, "\(pattern) on \(length): \(steps) steps")
        }
    }

    @Test func backreferencePatternsHaveAStepBudget() throws {
        let regex = try BoundedRegex("^(a*)*\\1b$")
        #expect(throws: BoundedRegex.MatchError.budgetExhausted) {
            try regex.firstMatch(in: Array(repeating: 0x61, count: 200) + [0x21])
        }
    }

    @Test func aCallerCanInterrupt() throws {
        let regex = try BoundedRegex("(a|b)*c")
        #expect(throws: BoundedRegex.MatchError.interrupted) {
            try regex.firstMatch(in: Array(repeating: 0x61, count: 100_000), shouldStop: { true })
        }
    }
}
