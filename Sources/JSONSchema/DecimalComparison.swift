import JSONValue

/// Exact comparisons of JSON numbers as decimals, falling back to doubles only when digits overflow.
enum DecimalComparison {
    /// -1, 0 or 1.
    static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        if a.double < b.double { return -1 }
        if a.double > b.double { return 1 }
        if a == b { return 0 }
        // Equal as doubles but not as decimals: compare the exact digits.
        let x = a.decimalParts, y = b.decimalParts
        let sign = x.negative ? -1 : 1
        let xMagnitude = x.digits.count + x.exponent, yMagnitude = y.digits.count + y.exponent
        if xMagnitude != yMagnitude { return (xMagnitude < yMagnitude ? -1 : 1) * sign }
        for i in 0..<max(x.digits.count, y.digits.count) {
            let dx = i < x.digits.count ? x.digits[i] : 0
            let dy = i < y.digits.count ? y.digits[i] : 0
            if dx != dy { return (dx < dy ? -1 : 1) * sign }
        }
        return 0
    }

    /// A decimal of up to 18 digits without exponent, as `mantissa × 10^-scale` (sign dropped: it does
    /// not change divisibility).
    struct SmallDecimal {
        let mantissa: UInt64
        let scale: Int
    }

    /// Whether `value` is an integer multiple of `divisor`, exactly (also for huge exponents such as `1e308`).
    static func isMultiple(_ value: JSONNumber, of divisor: JSONNumber) -> Bool {
        var text = value.text
        let small = text.withUTF8 { smallDecimal($0) }
        return isMultiple(value, small: small, of: divisor, small: smallDecimal(divisor.text))
    }

    /// ``isMultiple(_:of:)`` with both numbers' small forms, when they have one, already read: the
    /// common case — amounts and quantities of up to 18 digits, no exponent — is decided in 64 bits.
    static func isMultiple(_ value: JSONNumber, small v: SmallDecimal?, of divisor: JSONNumber, small d: SmallDecimal?) -> Bool {
        if let v, let d, d.mantissa != 0 {
            let scale = max(v.scale, d.scale)
            if let a = scaled(v.mantissa, by: scale - v.scale), let b = scaled(d.mantissa, by: scale - d.scale) { return a % b == 0 }
        }
        let v = value.decimalParts, d = divisor.decimalParts
        if v.digits.isEmpty { return true }
        guard !d.digits.isEmpty else { return false }
        // value = V × 10^a, divisor = D × 10^b. Scale both by 10^-min(a, b): value' = V × 10^(a-m), divisor' = D × 10^(b-m).
        let m = min(v.exponent, d.exponent)
        let divisorShift = d.exponent - m
        guard d.digits.count + divisorShift <= 36 else {
            let q = value.double / divisor.double
            return q.isFinite && q.rounded() == q
        }
        var modulus: Int128 = 0
        for digit in d.digits { modulus = modulus * 10 + Int128(digit) }
        for _ in 0..<divisorShift { modulus *= 10 }
        // (V × 10^(a-m)) mod modulus, digit by digit, so no intermediate exceeds 10 × modulus.
        var remainder: Int128 = 0
        for digit in v.digits { remainder = (remainder * 10 + Int128(digit)) % modulus }
        var shift = v.exponent - m
        var factor: Int128 = 10 % modulus
        while shift > 0 {
            if shift & 1 == 1 { remainder = mulmod(remainder, factor, modulus) }
            factor = mulmod(factor, factor, modulus)
            shift >>= 1
        }
        return remainder == 0
    }

    /// `-?digits(.digits)?` with at most 18 digits as magnitude and fraction digits; `nil` otherwise.
    static func smallDecimal(_ text: String) -> SmallDecimal? {
        var text = text
        return text.withUTF8 { smallDecimal($0) }
    }

    /// ``smallDecimal(_:)`` on the number's UTF-8 bytes.
    static func smallDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> SmallDecimal? {
        var mantissa: UInt64 = 0, digits = 0, scale = 0, inFraction = false
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                digits += 1
                guard digits <= 18 else { return nil }
                mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                if inFraction { scale += 1 }
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "-"): continue
            default: return nil
            }
        }
        return digits > 0 ? SmallDecimal(mantissa: mantissa, scale: scale) : nil
    }

    /// `value × 10^places`, or `nil` when it does not fit.
    private static func scaled(_ value: UInt64, by places: Int) -> UInt64? {
        var result = value
        for _ in 0..<places {
            let (next, overflow) = result.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// (a × b) mod m without overflow, for operands below m < 10^36.
    private static func mulmod(_ a: Int128, _ b: Int128, _ m: Int128) -> Int128 {
        let (high, low) = a.multipliedFullWidth(by: b)
        if high == 0 && low <= UInt128(Int128.max) { return Int128(low) % m }
        // Double-and-add fallback for very large moduli.
        var result: Int128 = 0
        var x = a % m
        var y = b
        while y > 0 {
            if y & 1 == 1 { result = (result + x) % m }
            x = (x * 2) % m
            y >>= 1
        }
        return result
    }
}
