/// An exact decimal number (up to 38 significant digits) for money arithmetic: never binary floating point.
///
/// Arithmetic never traps: a result that needs more than 38 digits (or a scale beyond ``maxScale``)
/// throws ``Overflow``, which the helpers report as a mapping error, so the payload is quarantined
/// instead of stopping the process.
public struct ExactDecimal: Sendable, Equatable, CustomStringConvertible {
    /// A result did not fit: more than 38 significant digits, or a scale beyond ``maxScale``.
    public struct Overflow: Error, Sendable, Equatable {}

    /// The largest number of digits after the point (and, negated, before it) that an operation may ask for.
    public static let maxScale = 64

    /// The value is `mantissa × 10^-scale`.
    public var mantissa: Int128
    public var scale: Int

    public init(mantissa: Int128, scale: Int) {
        self.mantissa = mantissa
        self.scale = scale
    }

    /// Parses `-?digits(.digits)?` (and plain exponent forms such as `1e3` from JSON numbers).
    public init?(_ text: String) {
        guard let parsed = text.utf8.withContiguousStorageIfAvailable(Self.parse) ?? Array(text.utf8).withUnsafeBufferPointer(Self.parse) else {
            return nil
        }
        self = parsed
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> ExactDecimal? {
        var negative = false
        var digits: Int128 = 0
        var scale = 0
        var seenPoint = false
        var seenDigit = false
        var end = bytes.count
        var exponent = 0
        if let e = bytes.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            guard let value = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[(e + 1)...]), as: UTF8.self)),
                  value.magnitude <= UInt(maxScale) else { return nil }
            exponent = value
            end = e
        }
        // Up to 18 digits accumulate in 64 bits (128-bit arithmetic is slower); the rest in 128.
        var small: UInt64 = 0
        var smallDigits = 0
        for i in 0..<end {
            let byte = bytes[i]
            if byte == UInt8(ascii: "-") && i == 0 {
                negative = true
            } else if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if smallDigits < 18 {
                    small = small &* 10 &+ UInt64(byte &- UInt8(ascii: "0"))
                    smallDigits += 1
                } else {
                    if smallDigits == 18 {
                        digits = Int128(small)
                        smallDigits += 1
                    }
                    let (m, overflow1) = digits.multipliedReportingOverflow(by: 10)
                    let (a, overflow2) = m.addingReportingOverflow(Int128(byte - UInt8(ascii: "0")))
                    guard !overflow1 && !overflow2 else { return nil }
                    digits = a
                }
                seenDigit = true
                if seenPoint { scale += 1 }
            } else {
                return nil
            }
        }
        if smallDigits <= 18 { digits = Int128(small) }
        guard seenDigit else { return nil }
        scale -= exponent
        guard scale <= maxScale else { return nil }
        while scale < 0 {
            let (m, overflow) = digits.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            digits = m
            scale += 1
        }
        return ExactDecimal(mantissa: negative ? -digits : digits, scale: scale)
    }

    /// 10^n, for 0 ≤ n ≤ 38 (the powers an Int128 holds).
    private static func power(_ n: Int) throws(Overflow) -> Int128 {
        guard n >= 0 && n <= 38 else { throw Overflow() }
        var p: Int128 = 1
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// `a / b` and `a % b` in one division, in 64 bits when both fit (a 128-bit division is a library call).
    private static func divide(_ a: Int128, by b: Int128) -> (quotient: Int128, remainder: Int128) {
        if let x = Int64(exactly: a), let y = Int64(exactly: b) {
            let (q, r) = x.quotientAndRemainder(dividingBy: y)
            return (Int128(q), Int128(r))
        }
        return a.quotientAndRemainder(dividingBy: b)
    }

    /// The same value at a larger scale.
    func rescaled(to newScale: Int) throws(Overflow) -> ExactDecimal {
        guard newScale > scale else { return self }
        guard newScale <= Self.maxScale else { throw Overflow() }
        let (m, overflow) = mantissa.multipliedReportingOverflow(by: try Self.power(newScale - scale))
        guard !overflow else { throw Overflow() }
        return ExactDecimal(mantissa: m, scale: newScale)
    }

    public static func + (a: ExactDecimal, b: ExactDecimal) throws(Overflow) -> ExactDecimal {
        let s = max(a.scale, b.scale)
        let (sum, overflow) = try a.rescaled(to: s).mantissa.addingReportingOverflow(try b.rescaled(to: s).mantissa)
        guard !overflow else { throw Overflow() }
        return ExactDecimal(mantissa: sum, scale: s)
    }

    public static func - (a: ExactDecimal, b: ExactDecimal) throws(Overflow) -> ExactDecimal {
        let s = max(a.scale, b.scale)
        let (difference, overflow) = try a.rescaled(to: s).mantissa.subtractingReportingOverflow(try b.rescaled(to: s).mantissa)
        guard !overflow else { throw Overflow() }
        return ExactDecimal(mantissa: difference, scale: s)
    }

    public static func * (a: ExactDecimal, b: ExactDecimal) throws(Overflow) -> ExactDecimal {
        let (product, overflow) = a.mantissa.multipliedReportingOverflow(by: b.mantissa)
        guard !overflow, a.scale + b.scale <= maxScale else { throw Overflow() }
        return ExactDecimal(mantissa: product, scale: a.scale + b.scale)
    }

    /// Rounding modes for ``rounded(scale:mode:)``.
    public enum RoundingMode: String, Sendable, CaseIterable {
        case halfUp = "half-up"
        case halfEven = "half-even"
        case halfDown = "half-down"
        case up
        case down
        case ceiling
        case floor
    }

    /// The value rounded to `scale` decimal places (which may add trailing zeros); a negative scale
    /// rounds to tens, hundreds, … Throws when `scale` is beyond ±``maxScale`` or the result does not fit.
    public func rounded(scale newScale: Int, mode: RoundingMode) throws(Overflow) -> ExactDecimal {
        guard newScale.magnitude <= UInt(Self.maxScale) else { throw Overflow() }
        if newScale >= scale { return try rescaled(to: newScale) }
        // Dropping more than 38 digits leaves nothing but the rounding direction.
        guard scale - newScale <= 38 else {
            return try ExactDecimal(mantissa: 0, scale: newScale).nudged(awayFrom: mantissa, mode: mode).rescaled(to: max(newScale, 0))
        }
        let divisor = try Self.power(scale - newScale)
        var (quotient, remainder) = Self.divide(mantissa, by: divisor)
        if remainder != 0 {
            let twice = remainder.magnitude * 2
            let half = divisor.magnitude
            let positive = mantissa > 0
            let awayFromZero: Bool
            switch mode {
            case .halfUp: awayFromZero = twice >= half
            case .halfDown: awayFromZero = twice > half
            case .halfEven: awayFromZero = twice > half || (twice == half && quotient % 2 != 0)
            case .up: awayFromZero = true
            case .down: awayFromZero = false
            case .ceiling: awayFromZero = positive
            case .floor: awayFromZero = !positive
            }
            if awayFromZero { quotient += positive ? 1 : -1 }
        }
        // A negative scale (rounding to tens, hundreds) is written back with its zeros at scale 0.
        return try ExactDecimal(mantissa: quotient, scale: newScale).rescaled(to: max(newScale, 0))
    }

    /// Zero at this scale, moved one unit away from zero when `mode` rounds a tiny nonzero `original` that way.
    private func nudged(awayFrom original: Int128, mode: RoundingMode) -> ExactDecimal {
        guard original != 0 else { return self }
        let positive = original > 0
        let away: Bool
        switch mode {
        case .up: away = true
        case .ceiling: away = positive
        case .floor: away = !positive
        case .halfUp, .halfDown, .halfEven, .down: away = false
        }
        return away ? ExactDecimal(mantissa: positive ? 1 : -1, scale: scale) : self
    }

    /// Plain decimal text with exactly `scale` fraction digits.
    public var description: String {
        // Digits written from the end into one buffer: 128-bit `String(_:)` and inserting the point
        // cost more than the arithmetic they print. Amounts fit 64 bits, where division is one
        // instruction rather than a library call.
        let magnitude = mantissa.magnitude
        if let small = UInt64(exactly: magnitude) { return Self.text(small, negative: mantissa < 0, scale: scale) }
        return Self.text(magnitude, negative: mantissa < 0, scale: scale)
    }

    @inline(__always)
    private static func text<Magnitude: UnsignedInteger>(_ value: Magnitude, negative: Bool, scale: Int) -> String {
        var magnitude = value
        var digitCount = 1
        var probe = magnitude / 10
        while probe > 0 {
            digitCount += 1
            probe /= 10
        }
        let fractionDigits = max(scale, 0)
        let integerDigits = max(digitCount - fractionDigits, 1)
        let length = (negative ? 1 : 0) + integerDigits + (fractionDigits > 0 ? 1 + fractionDigits : 0)
        return String(unsafeUninitializedCapacity: length) { buffer in
            var position = length
            var written = 0
            while written < fractionDigits + integerDigits {
                if fractionDigits > 0 && written == fractionDigits {
                    position -= 1
                    buffer[position] = UInt8(ascii: ".")
                }
                position -= 1
                buffer[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                written += 1
            }
            if negative { buffer[0] = UInt8(ascii: "-") }
            return length
        }
    }

    /// -1, 0 or 1.
    public func compare(to other: ExactDecimal) -> Int {
        if (mantissa < 0) != (other.mantissa < 0) { return mantissa < 0 ? -1 : 1 }
        let s = max(scale, other.scale)
        if let a = try? rescaled(to: s).mantissa, let b = try? other.rescaled(to: s).mantissa {
            return a < b ? -1 : (a > b ? 1 : 0)
        }
        // Too far apart in scale to line up in 128 bits: compare the exact digits as text.
        let order = Self.compareMagnitudes(description, other.description)
        return mantissa < 0 ? -order : order
    }

    /// Orders two plain decimal texts by magnitude (signs ignored): integer digits, then fraction digits.
    private static func compareMagnitudes(_ a: String, _ b: String) -> Int {
        func parts(_ text: String) -> (integer: Substring, fraction: Substring) {
            let unsigned = text.drop { $0 == "-" }
            let point = unsigned.firstIndex(of: ".") ?? unsigned.endIndex
            let integer = unsigned[..<point].drop { $0 == "0" }
            let fraction = point < unsigned.endIndex ? unsigned[unsigned.index(after: point)...] : ""
            return (integer, fraction)
        }
        let x = parts(a), y = parts(b)
        if x.integer.count != y.integer.count { return x.integer.count < y.integer.count ? -1 : 1 }
        if x.integer != y.integer { return x.integer < y.integer ? -1 : 1 }
        let width = max(x.fraction.count, y.fraction.count)
        let f = x.fraction + String(repeating: "0", count: width - x.fraction.count)
        let g = y.fraction + String(repeating: "0", count: width - y.fraction.count)
        return f == g ? 0 : (f < g ? -1 : 1)
    }
}
