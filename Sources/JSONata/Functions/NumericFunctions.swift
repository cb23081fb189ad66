#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONValue

extension Functions {
    static let numericFunctions: [NativeFunction] = [
        NativeFunction("number", "<(nsb)-:n>") { a, _ throws(JSONataError) in
            guard let v = a[0] else { return nil }
            return try number(v)
        },
        NativeFunction("abs", "<n-:n>") { a, _ in num(a[0]).map { .number(abs($0)) } },
        NativeFunction("floor", "<n-:n>") { a, _ in num(a[0]).map { .number($0.rounded(.down)) } },
        NativeFunction("ceil", "<n-:n>") { a, _ in num(a[0]).map { .number($0.rounded(.up)) } },
        NativeFunction("round", "<n-n?:n>") { a, _ in round(a[0], a.count > 1 ? a[1] : nil) },
        NativeFunction("power", "<n-n:n>") { a, _ throws(JSONataError) in try power(a[0], a.count > 1 ? a[1] : nil) },
        NativeFunction("sqrt", "<n-:n>") { a, _ throws(JSONataError) in
            guard let x = num(a[0]) else { return nil }
            guard x >= 0 else { throw JSONataError(code: "D3060", message: "The sqrt function cannot be applied to a negative number: \(x)") }
            return .number(x.squareRoot())
        },
    ]

    static func isDecimalText(_ s: String) -> Bool {
        var bytes = Substring(s).utf8[...]
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        let digit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: digit)
        guard !whole.isEmpty else { return false }
        bytes = bytes.dropFirst(whole.count)
        if bytes.first == UInt8(ascii: ".") {
            let fraction = bytes.dropFirst().prefix(while: digit)
            guard !fraction.isEmpty else { return false }
            bytes = bytes.dropFirst(1 + fraction.count)
        }
        if let e = bytes.first, e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            let exponent = bytes.prefix(while: digit)
            guard !exponent.isEmpty else { return false }
            bytes = bytes.dropFirst(exponent.count)
        }
        return bytes.isEmpty
    }

    /// Refuses an infinite or NaN number (a division by zero) where it would be formatted: there are
    /// no digits to write (found by fuzzing: `$formatInteger(1/0, 'w')` trapped).
    static func finite(_ x: Double, _ function: String) throws(JSONataError) {
        guard x.isFinite else {
            throw JSONataError(code: "D1001", message: "Number out of range: \(function) cannot format \(x)")
        }
    }

    /// `$round(x, precision)` of arguments its signature admits.
    static func round(_ x: Value?, _ precision: Value?) -> Value? {
        guard let x = num(x) else { return nil }
        return .number(roundHalfEven(x, Int(clamping: num(precision) ?? 0)))
    }

    /// `$power(x, y)` of arguments its signature admits.
    static func power(_ x: Value?, _ y: Value?) throws(JSONataError) -> Value? {
        guard let x = num(x), let y = num(y) else { return nil }
        let r = pow(x, y)
        guard r.isFinite else { throw JSONataError(code: "D3061", message: "The power function has resulted in a value that cannot be represented as a JSON number") }
        return .number(r)
    }

    /// Rounds half to even at `precision` decimal places, on the decimal text to avoid binary artefacts.
    static func roundHalfEven(_ x: Double, _ precision: Int) -> Double {
        roundedAwayFromTie(x, precision) ?? roundHalfEvenByShift(x, precision)
    }

    /// `$round` without text when x·10^p is clearly not near a tie: the binary product is within
    /// about 3·2^-52 (relative) of the decimal shift, 15 times less than the margin kept from .5 here
    /// (10^-14, relative to the scaled value), so both round the same way; and the quotient of two
    /// exact doubles is the correctly rounded decimal that the shift back through text gives. `nil`
    /// near a tie or out of range.
    static func roundedAwayFromTie(_ x: Double, _ precision: Int) -> Double? {
        guard precision >= 0 && precision <= 22 && x.isFinite else { return nil }
        let scaled = x * Self.powersOfTen[precision]
        guard scaled.magnitude < 0x1p52 else { return nil }
        let fraction = (scaled - scaled.rounded(.towardZero)).magnitude
        guard (fraction - 0.5).magnitude > 1e-14 * max(1, scaled.magnitude) else { return nil }
        let result = scaled.rounded() / Self.powersOfTen[precision]
        return result == 0 ? 0 : result
    }

    /// `$round` as jsonata-js computes it: the decimal point moved on the shortest text, ties to even.
    static func roundHalfEvenByShift(_ x: Double, _ precision: Int) -> Double {
        let scaled = shifted(x, by: precision) ?? x * pow(10, Double(precision))
        var rounded = scaled.rounded()
        if abs(scaled - scaled.rounded(.towardZero)) == 0.5 {
            rounded = 2 * (scaled / 2).rounded()
        }
        let result = shifted(rounded, by: -precision) ?? rounded / pow(10, Double(precision))
        return result == 0 ? 0 : result
    }

    /// `x` with its decimal point moved `places` to the right, read back from its shortest text as
    /// jsonata-js does (`Number(x + "e" + places)`, an exponent in the text added to `places`): exact
    /// where multiplying by a power of ten is not. The shortest text's digits M and the total
    /// exponent E usually satisfy M < 2^53 and |E| ≤ 22; then M × 10^E (or M ÷ 10^-E) is one correctly
    /// rounded operation on exact values, the answer a decimal parser gives, without calling one.
    /// `nil` for infinities and NaN.
    static func shifted(_ x: Double, by places: Int) -> Double? {
        guard x.isFinite else { return nil }
        var text = x.description
        let parts: (mantissa: UInt64, exponent: Int)? = text.withUTF8 { bytes in
            var mantissa: UInt64 = 0, digits = 0, exponent = 0, i = 0, inFraction = false
            if i < bytes.count && bytes[i] == UInt8(ascii: "-") { i += 1 }
            while i < bytes.count {
                let byte = bytes[i]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                    if mantissa != 0 || byte != UInt8(ascii: "0") { digits += 1 }
                    guard digits <= 17 else { return nil }
                    mantissa = mantissa * 10 + UInt64(byte - UInt8(ascii: "0"))
                    if inFraction { exponent -= 1 }
                } else if byte == UInt8(ascii: ".") {
                    inFraction = true
                } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                    guard let written = Int(String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)...]), as: UTF8.self)) else { return nil }
                    exponent += written
                    break
                } else {
                    return nil
                }
                i += 1
            }
            return (mantissa, exponent)
        }
        guard let (mantissa, exponent) = parts else { return nil }
        let sign: Double = x < 0 ? -1 : 1
        let total = exponent + places
        if mantissa < 1 << 53 {
            if total >= 0 && total <= 22 { return sign * (Double(mantissa) * Self.powersOfTen[total]) }
            if total < 0 && total >= -22 { return sign * (Double(mantissa) / Self.powersOfTen[-total]) }
        }
        if let exact = Self.wideShift(mantissa, total) { return sign * exact }
        return Double(String(mantissa) + "e" + String(total)).map { sign * $0 }
    }

    /// M × 10^E correctly rounded for the 16- and 17-digit M that arithmetic results have (M < 10^17
    /// < 2^57), in 128-bit integers: a product is exact below 10^38 and converts with one rounding; a
    /// quotient is taken 64 bits beyond the point, with ≥ 55 significant bits and a sticky bit for the
    /// remainder, so its one conversion rounds as the exact value would. `nil` outside that range.
    private static func wideShift(_ mantissa: UInt64, _ total: Int) -> Double? {
        guard mantissa < 100_000_000_000_000_000 else { return nil }
        if total >= 0 && total <= 19 {
            return Double(UInt128(mantissa) * UInt128(Self.integerPowersOfTen[total]))
        }
        // M ≥ 2^53 here, so M·2^64 ÷ 10^16 keeps more than 55 bits.
        guard total < 0 && total >= -16 && mantissa >= 1 << 53 else { return nil }
        let (quotient, remainder) = (UInt128(mantissa) << 64).quotientAndRemainder(dividingBy: UInt128(Self.integerPowersOfTen[-total]))
        return Double(quotient | (remainder == 0 ? 0 : 1)) * 0x1p-64
    }

    /// 10^0 … 10^19, the powers of ten a `UInt64` holds.
    private static let integerPowersOfTen: [UInt64] = (0...19).map { exponent in
        var value: UInt64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// 10^0 … 10^22, each exact in a double.
    static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// `$number` of a value its signature admits: numbers as they are, booleans as 1 and 0, text as
    /// JavaScript's `Number()` reads decimals (leading zeros allowed) and `0x`/`0b`/`0o` integers;
    /// `nil` for anything else.
    static func number(_ v: Value) throws(JSONataError) -> Value? {
        switch v {
        case .number, .exact: return v
        case .bool(let b): return .number(b ? 1 : 0)
        case .string(let s):
            if let d = ShortDecimal.double(s) { return .number(d) }
            if isDecimalText(s), let d = Double(s), d.isFinite { return .number(d) }
            if s.hasPrefix("0x") || s.hasPrefix("0X"), let i = Int(s.dropFirst(2), radix: 16) { return .number(Double(i)) }
            if s.hasPrefix("0b") || s.hasPrefix("0B"), let i = Int(s.dropFirst(2), radix: 2) { return .number(Double(i)) }
            if s.hasPrefix("0o") || s.hasPrefix("0O"), let i = Int(s.dropFirst(2), radix: 8) { return .number(Double(i)) }
            throw JSONataError(code: "D3030", token: s, message: "Unable to cast value to a number: \"\(s)\"")
        default: return nil
        }
    }
}
