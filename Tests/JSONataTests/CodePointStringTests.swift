import JSONValue
import JSONata
import Testing

/// String built-ins count code points as jsonata-js does (`Array.from`), and `$split`/`$trim` work on
/// bytes without changing what they return.
@Suite struct CodePointStringTests {
    func evaluate(_ expression: String) throws -> JSON? {
        try JSONataExpression(expression).evaluate(nil)
    }

    @Test func lengthSubstringAndPadCountCodePoints() throws {
        // "é" written as e + a combining accent is one grapheme, two code points.
        #expect(try evaluate("$length('e\\u0301x')") == 3)
        #expect(try evaluate("$substring('e\\u0301x', 1, 1)") == .string("\u{301}"))
        #expect(try evaluate("$substring('a😀b', 1)") == "😀b")
        #expect(try evaluate("$substring('hello', -3, 2)") == "ll")
        #expect(try evaluate("$substring('hello', 0)") == "hello")
        #expect(try evaluate("$substring('hello', 9)") == "")
        // Cut from the UTF-8 bytes at code point boundaries: one to four bytes each.
        #expect(try evaluate("$substring('aé€😀z', 1, 3)") == "é€😀")
        #expect(try evaluate("$substring('aé€😀z', 3)") == "😀z")
        #expect(try evaluate("$substring('aé€😀z', -2, 1)") == "😀")
        #expect(try evaluate("$substring('aé€😀z', 0, 4)") == "aé€😀")
        #expect(try evaluate("$length('aé€😀z')") == 5)
        #expect(try evaluate("$substring('27AAPFU0939F1ZV', 0, 2)") == "27")
        // Equality is JavaScript's `===`: canonically equivalent strings with other code points differ.
        #expect(try evaluate("'e\\u0301' = '\\u00e9'") == false)
        #expect(try evaluate("'\\u00e9' = '\\u00e9'") == true)
        #expect(try evaluate("$distinct(['\\u00e9', 'e\\u0301', '\\u00e9', 'a', 1, '1', 1, 'a'])") == ["\u{e9}", "e\u{301}", "a", 1, "1"])
        #expect(try evaluate("$pad('é', 4, 'ab')") == "éaba")
        #expect(try evaluate("$pad('é', -4, 'ab')") == "abaé")
        #expect(try evaluate("$pad('x', 3)") == "x  ")
    }

    @Test func splitFindsEveryOccurrenceOfTheSeparator() throws {
        #expect(try evaluate("$split('a,b,,c,', ',')") == ["a", "b", "", "c", ""])
        #expect(try evaluate("$split('a😀b😀', '😀')") == ["a", "b", ""])
        #expect(try evaluate("$split('a--b---c', '--')") == ["a", "b", "-c"])
        #expect(try evaluate("$split('abc', 'abcd')") == ["abc"])
        #expect(try evaluate("$split('a,b,c', ',', 2)") == ["a", "b"])
        // A comma followed by a combining mark is one grapheme, but still a comma to JavaScript.
        #expect(try evaluate("$split('a,\\u0301b', ',')") == ["a", .string("\u{301}b")])
    }

    @Test func trimCollapsesEveryRunOfWhiteSpace() throws {
        #expect(try evaluate("$trim('  a \\t\\r\\n b  ')") == "a b")
        #expect(try evaluate("$trim('a\\r\\nb')") == "a b")
        #expect(try evaluate("$trim('plain')") == "plain")
        #expect(try evaluate("$trim(' x ')") == "x")
        #expect(try evaluate("$trim('   ')") == "")
        #expect(try evaluate("$trim('é  ü')") == "é ü")
    }
}
