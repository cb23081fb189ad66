/// Reads the commonest decimal texts — an optional minus, digits, an optional fraction, at most 15
/// significant digits and 22 fraction digits, no exponent (`"49.00"`, `"-3"`, `"0.075"`) — as the
/// nearest `Double` without the general parser: the digits as an integer below 2^53 divided by an
/// exact power of ten is correctly rounded (IEEE division of two exact values), which is the answer
/// `Double(text)` gives. Anything else is `nil`, for the general parser.
public enum ShortDecimal {
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// The double of `text` when it is a short decimal; `nil` otherwise.
    @inlinable
    public static func double(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { double(utf8: $0) }
    }

    /// The double of the UTF-8 bytes when they are a short decimal; `nil` otherwise.
    public static func double(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { i = 1 }
        var mantissa: Int64 = 0
        var significant = 0, fractionDigits = 0, wholeDigits = 0
        var inFraction = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if inFraction { fractionDigits += 1 } else { wholeDigits += 1 }
                if mantissa != 0 || byte != UInt8(ascii: "0") {
                    significant += 1
                    guard significant <= 15 else { return nil }
                    mantissa = mantissa * 10 + Int64(byte &- UInt8(ascii: "0"))
                }
            } else if byte == UInt8(ascii: "."), !inFraction, wholeDigits > 0 {
                inFraction = true
            } else {
                return nil
            }
            i += 1
        }
        guard wholeDigits > 0, !inFraction || fractionDigits > 0, fractionDigits <= 22 else { return nil }
        let magnitude = Double(mantissa) / powersOfTen[fractionDigits]
        return negative ? -magnitude : magnitude
    }
}
