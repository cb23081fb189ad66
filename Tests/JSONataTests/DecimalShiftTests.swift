@testable import JSONata
import Testing

/// `$round` and the number pictures move a decimal point on a number's shortest text, as jsonata-js
/// does; the fast path (digits × or ÷ an exact power of ten) must give what a decimal parser gives.
@Suite struct DecimalShiftTests {
    /// The reference: the shortest text with its exponent moved, read by the standard parser.
    func parsed(_ x: Double, by places: Int) -> Double? {
        let text = x.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let written = parts.count == 2 ? Int(parts[1])! : 0
        return Double(parts[0] + "e" + String(written + places))
    }

    @Test func agreesWithTheDecimalParser() throws {
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        for _ in 0..<200_000 {
            let x: Double
            switch Int.random(in: 0..<4, using: &generator) {
            case 0: x = Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) / 1000  // money-like
            case 1: x = Double.random(in: -1e6...1e6, using: &generator)
            case 2:  // quantity × price: 16- and 17-digit shortest texts
                x = Double(Int.random(in: 1...500, using: &generator)) * (Double(Int.random(in: 1...100_000, using: &generator)) / 100)
            default: x = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &generator))
            }
            guard x.isFinite else { continue }
            let places = Int.random(in: -20...20, using: &generator)
            let expected = try #require(parsed(x, by: places))
            #expect(Functions.shifted(x, by: places) == expected, "\(x) by \(places)")
            checked += 1
        }
        #expect(checked > 100_000)
        // The cases a binary multiplication gets wrong.
        #expect(Functions.shifted(1.005, by: 2) == 100.5)
        #expect(Functions.shifted(-8.345, by: 2) == -834.5)
        #expect(Functions.shifted(1e-7, by: 9) == 100)
        #expect(try JSONataExpression("$round(1.005, 2)").evaluate(nil) == 1)
        #expect(try JSONataExpression("$round(1.015, 2)").evaluate(nil) == 1.02)
    }

    /// `$round` away from ties skips the text; it must round as the decimal shift does.
    @Test func roundingAwayFromTiesAgreesWithTheShift() {
        var generator = SystemRandomNumberGenerator()
        var fast = 0
        for _ in 0..<200_000 {
            let x: Double = switch Int.random(in: 0..<4, using: &generator) {
            // Large line totals (quantity × price × (1 − discount)), far from zero.
            case 3: Double(Int.random(in: 1...2_000, using: &generator)) * (Double(Int.random(in: 1...10_000_000, using: &generator)) / 100) * 0.95
            case 0: Double(Int.random(in: 1...500, using: &generator)) * (Double(Int.random(in: -100_000...100_000, using: &generator)) / 100)
            case 1: Double.random(in: -1e6...1e6, using: &generator)
            default: Double(Int.random(in: -10_000_000...10_000_000, using: &generator)) / 10_000  // near ties at 2 and 3 places
            }
            let places = Int.random(in: 0...6, using: &generator)
            guard let rounded = Functions.roundedAwayFromTie(x, places) else { continue }
            #expect(rounded == Functions.roundHalfEvenByShift(x, places), "\(x) to \(places)")
            fast += 1
        }
        #expect(fast > 140_000)
        // Ties go the slow way.
        #expect(Functions.roundedAwayFromTie(2.675, 2) == nil)
        #expect(Functions.roundHalfEven(2.675, 2) == 2.68)
        #expect(Functions.roundHalfEven(2.665, 2) == 2.66)
    }
}
