@testable import JSONata
import Foundation
import Testing

/// `$formatNumber` reads the digits of a rounded number from an integer when it has at most 15 of
/// them; they must be the digits its shortest text gives, which is what the pictures printed before.
@Suite struct NumberPictureDigitsTests {
    @Test func integerDigitsAreTheShortestTextsDigits() {
        var generator = SystemRandomNumberGenerator()
        var fast = 0
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
            for _ in 0..<200_000 {
                let x: Double = switch Int.random(in: 0..<4, using: &generator) {
                case 0: Double(Int.random(in: 0...10_000_000, using: &generator)) / 1000  // money-like
                case 1: Double.random(in: 0...1e9, using: &generator)
                case 2: Double(Int.random(in: 1...2_000, using: &generator)) * (Double(Int.random(in: 1...10_000_000, using: &generator)) / 100) * 0.95
                default: Double.random(in: 0...1, using: &generator) * pow(10, Double(Int.random(in: -8...16, using: &generator)))
                }
                let places = Int.random(in: 0...15, using: &generator)
                let rounded = Functions.roundHalfEven(x, places)
                let (integer, fraction) = NumberPicture.plainDigits(rounded, fractionDigits: places)
                guard let digits = NumberPicture.scaledDigits(of: rounded, fractionDigits: places, into: scratch) else { continue }
                #expect(Array(digits.0) == integer && Array(digits.1) == fraction, "\(x) to \(places)")
                fast += 1
            }
        }
        #expect(fast > 100_000)
    }

    @Test func picturesFormatAtTheEdgesOfTheIntegerPath() throws {
        let cases: [(String, String)] = [
            ("$formatNumber(999999999999999, '#,##0')", "999,999,999,999,999"),
            ("$formatNumber(1e15, '#,##0')", "1,000,000,000,000,000"),
            ("$formatNumber(123456789.125, '#,##0.00')", "123,456,789.12"),
            ("$formatNumber(0.000001234, '0.000000000')", "0.000001234"),
            ("$formatNumber(0.5, '#.##')", ".5"),
            ("$formatNumber(1234.5678, '00.000e0')", "12.346e2"),
            // An exponent wider than any number's digits: zeros, then the digits (a power of ten for
            // the width would overflow).
            ("$formatNumber(1234.5, '0.0e" + String(repeating: "0", count: 30) + "')", "1.2e" + String(repeating: "0", count: 29) + "3"),
            ("$formatNumber(0.00012, '0.0e00')", "1.2e-04"),
            ("$formatNumber(-0.25, '0.0%')", "-25.0%"),
            ("$formatNumber(1e-20, '0.0')", "0.0"),
            ("$formatNumber(1.5e300, '0.0')", "15" + String(repeating: "0", count: 299) + ".0"),
            ("$formatNumber(12345, '#,##٠.٠٠', {'zero-digit': '٠'})", "١٢,٣٤٥.٠٠"),
            ("$formatInteger(1234567, '#,##0')", "1,234,567"),
            ("$formatInteger(-42, '0000')", "-0042"),
            ("$formatInteger(7, '٠٠')", "٠٧"),
            ("$formatInteger(21, '0;o')", "21st"),
            ("$formatInteger(1234567, '#.###,##0')", "1.234,567"),
            ("$formatInteger(3730, 'w')", "three thousand, seven hundred and thirty"),
            ("$formatInteger(3731, 'W;o')", "THREE THOUSAND, SEVEN HUNDRED AND THIRTY-FIRST"),
            ("$formatInteger(90, 'Ww;o')", "Ninetieth"),
            ("$formatInteger(-1000000, 'w')", "minus one million"),
        ]
        for (expression, expected) in cases {
            #expect(try JSONataExpression(expression).evaluate(nil) == .string(expected), "\(expression)")
        }
    }
}
