@testable import BoundedRegex
import Testing

/// The one-pass automaton must give the backtracking matcher's yes/no answer on every ASCII text, and
/// leave to it what it does not cover.
@Suite struct ByteDFATests {
    /// The backtracking matcher's answer, bypassing the automaton.
    func backtracking(_ regex: BoundedRegex, _ text: String) throws -> Bool {
        try regex.firstMatch(in: text.unicodeScalars.map(\.value)) != nil
    }

    func automatonAnswer(_ regex: BoundedRegex, _ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { regex.automaton?.matches($0) }
    }

    static let patterns = [
        "^[a-z]+(\\.[a-z_]+)+$", "^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", "^-?[0-9]+(\\.[0-9]+)?$", "^(pi|ch|py|src)_[A-Za-z0-9]+$",
        "^(a+)+$", "(x+x+)+y", "a|ab", "^$", "$^", "^", "$", "", "b$", "^b", "(^a|b)c", "a(b|$)", "a.c", "a.*c$", "[^0-9]+", "\\s",
        "\\S+\\d", "(?:ab){2,3}", "a{0,2}b", "^(\\w+\\s?)*$", "^([a-z]+)*[0-9]$", "ABC", "[\\s\\S]", "[]", "[^]", "a*?b", "(a|)+c",
        "^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]+)@(?:[a-z0-9-]+\\.)+[a-z]{2,}$", "\\u0041+", "\\/x\\/",
    ]
    static let texts = [
        "", "a", "b", "ab", "ba", "abc", "order.placed", "order", "order.placed.v2", "Order.placed", "0", "-12", "12.5", "12.", ".5",
        "pi_3Mtw", "ch_", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "xxxxxxxxxxy", "abab", "ababab", "a c", "a\nc", "a\rc", "axc", " ",
        "\t", "word word", "words1", "jon@example.com", "jon@example", "AAA", "abcABC", "c", "bc", "ac", "aab",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02", "/x/",
    ]

    @Test func agreesWithTheBacktrackingMatcher() throws {
        for flags in [BoundedRegex.Flags(), .init(ignoreCase: true), .init(dotAll: true)] {
            for pattern in Self.patterns {
                let regex = try BoundedRegex(pattern, flags: flags)
                #expect(regex.hasAutomaton, "/\(pattern)/ has an automaton")
                for text in Self.texts {
                    let expected = try backtracking(regex, text)
                    #expect(automatonAnswer(regex, text) == expected, "/\(pattern)/ on \(text.debugDescription)")
                    #expect(try regex.matches(text) == expected)
                }
            }
        }
    }

    /// Random patterns from a small grammar on random texts over a small alphabet, where the two
    /// engines' answers are most likely to part.
    @Test func agreesOnRandomPatterns() throws {
        var generator = SeededGenerator(seed: 11)
        let atoms = ["a", "b", ".", "[ab]", "[^a]", "\\d", "(a|b)", "(ab|a)", "(?:a*)", "^", "$", "x"]
        let quantifiers = ["", "", "*", "+", "?", "{2}", "{1,3}", "*?", "+?"]
        var checked = 0
        for _ in 0..<400 {
            var pattern = ""
            for _ in 0..<Int.random(in: 1...5, using: &generator) {
                let atom = atoms.randomElement(using: &generator)!
                pattern += atom
                if atom != "^" && atom != "$" { pattern += quantifiers.randomElement(using: &generator)! }
                if Int.random(in: 0..<8, using: &generator) == 0 { pattern += "|" }
            }
            guard let regex = try? BoundedRegex(pattern) else { continue }
            for _ in 0..<20 {
                let text = String((0..<Int.random(in: 0...7, using: &generator)).map { _ in "ab1x\n".randomElement(using: &generator)! })
                #expect(automatonAnswer(regex, text) == (try backtracking(regex, text)), "/\(pattern)/ on \(text.debugDescription)")
                checked += 1
            }
        }
        #expect(checked > 4_000)
    }

    @Test func leavesWhatItCannotExpressToTheBacktrackingMatcher() throws {
        for (pattern, flags) in [("(a)\\1", BoundedRegex.Flags()), ("a(?=b)", .init()), ("\\bfoo", .init()), ("^b", .init(multiline: true))] {
            #expect(!(try BoundedRegex(pattern, flags: flags)).hasAutomaton, "/\(pattern)/")
        }
        // A text with a non-ASCII byte is handed back, and answered by the matcher.
        let regex = try BoundedRegex("^[^a]+$")
        #expect(automatonAnswer(regex, "héllo") == nil)
        #expect(try regex.matches("héllo") == true)
        #expect(try regex.matches("hé a") == false)
    }

    @Test func largeAutomataAreNotBuilt() throws {
        // Unanchored counted repetition of a class that overlaps its neighbour: exponentially many subsets.
        #expect(!(try BoundedRegex("[ab]*a[ab]{20}")).hasAutomaton)
        #expect(try BoundedRegex("[ab]*a[ab]{20}").matches(String(repeating: "a", count: 21)))
    }
}

/// A deterministic generator (Knuth's MMIX linear congruential one), so a failure can be reproduced.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}
