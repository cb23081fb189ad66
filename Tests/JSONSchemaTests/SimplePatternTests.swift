@testable import JSONSchema
import Testing

/// The byte-level pattern matcher must agree with the general regex engine wherever it accepts a pattern.
@Suite struct SimplePatternTests {
    static let patterns = [
        "^[A-Za-z0-9_-]+$", "^[0-9]{2}$", "^[0-9]{4,8}$", "^SHOP-[0-9]+$", "[0-9]", "^a*a$", "x?y{2,}z", "\\d\\w\\.", "^[a-c\\-]*$",
        "^ab{0,2}c?$", "[A-Z]{3}",
    ]
    static let subjects = [
        "", "a", "aa", "abc", "ab-c_9", "12", "123", "1234", "12345678", "123456789", "SHOP-820982911946154508", "SHOP-", "xyyz",
        "yyz", "xyz", "1a.", "1a", "a-b-c", "abbc", "abbbc", "ac", "USD", "usd", "é12", "12é", "ab c",
    ]

    @Test func agreesWithTheRegexEngine() throws {
        for source in Self.patterns {
            let simple = try #require(SimplePattern(source), "\(source) is in the subset")
            let regex = try Regex(ECMARegex.translate(source))
            for subject in Self.subjects {
                let expected = (try? regex.firstMatch(in: subject)) != nil
                #expect(simple.matches(subject) == expected, "\(source) on \"\(subject)\"")
            }
        }
    }

    @Test func declinesPatternsOutsideTheSubset() {
        for source in ["(ab)+", "a|b", "^.$", "[^0-9]", "\\s+", "a+?", "é", "^a$b", "[[:alpha:]]", "\\p{L}", "a{2}{3}"] {
            #expect(SimplePattern(source) == nil, "\(source) is left to the regex engine")
        }
    }

    @Test func deterministicPatternsAreRecognised() throws {
        for source in ["^pi_[A-Za-z0-9]+$", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "^[A-Z]{3}$", "^SHOP-[0-9]+$", "^[a-z]+_?[0-9]*$"] {
            #expect(try #require(SimplePattern(source)).isDeterministic, "\(source)")
        }
        // Unanchored, or a variable atom whose bytes can begin what follows: backtracking may matter.
        for source in ["[0-9]+", "^[0-9]{1,3}[0-9]$", "^a*a$", "^[a-z]*x?[a-z]$", "^\\w+_[0-9]+$"] {
            #expect(try !#require(SimplePattern(source)).isDeterministic, "\(source)")
        }
    }
}
