import JSONValue
import Testing

/// ``ShortDecimal`` must give exactly what `Double(text)` gives, or leave the text to it.
@Suite struct ShortDecimalTests {
    @Test func agreesWithTheGeneralParserOnEveryShortDecimal() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200_000 {
            let whole = String(UInt64.random(in: 0...999_999_999, using: &generator))
            let fraction = String(UInt64.random(in: 0...9_999_999, using: &generator))
            let zeros = String(repeating: "0", count: Int.random(in: 0...6, using: &generator))
            for text in ["\(whole).\(zeros)\(fraction)", "-\(whole)", "0.\(zeros)\(fraction)", "-\(whole.prefix(3)).\(fraction.prefix(2))"] {
                let short = ShortDecimal.double(text)
                #expect(short == nil || short == Double(text), "\(text)")
                if short != nil, short != Double(text) { return }
            }
        }
    }

    @Test func leavesEverythingElseToTheGeneralParser() {
        for text in ["", "-", "1.", ".5", "1e5", "1E-2", "12345678901234567", "0.12345678901234567", "1.2.3", "+1", " 1", "0x10", "1_000"] {
            #expect(ShortDecimal.double(text) == nil, "\(text)")
        }
        #expect(ShortDecimal.double("-0")?.sign == .minus)
        #expect(ShortDecimal.double("000123.4500") == 123.45)
        #expect(ShortDecimal.double("0.0000000000000000000001") == 1e-22)
    }
}
