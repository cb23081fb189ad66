/// A JSON number kept as its decimal text, so large integers and exact decimals survive untouched.
///
/// `double` is the nearest binary value, for arithmetic that accepts it. Equality is exact decimal
/// equality: `1`, `1.0` and `1e0` are equal; `820982911946154508` and `820982911946154500` are not.
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The number as JSON text (valid JSON number syntax). A number made from a double writes it
    /// when asked (most computed numbers are never written out).
    public var text: String { origin == 0 ? storedText : JSONNumber.format(double) }
    /// The text as read, or empty for a number made from a double (``JSONInPlace`` reads it in place).
    let storedText: String
    /// The nearest `Double`.
    public let double: Double
    /// Whether the number was made from a `Double` (``init(_:)-(Double)``): its text is that double's
    /// shortest form, so the double is the whole value however many digits the text has. A number read
    /// from text may carry digits a double cannot (a 64-bit id); one made from a double cannot.
    /// Equality and hashing ignore it.
    public var isBinary: Bool { origin != 0 }
    /// 1 when made from a double. A byte, not a `Bool`: a `Bool`'s spare bits could take ``JSON``'s
    /// case tag, and ``JSONInPlace`` relies on each payload being stored unchanged.
    let origin: UInt8

    /// A number from JSON number text that the caller has already checked.
    public init(uncheckedText text: String) {
        self.storedText = text
        self.double = ShortDecimal.double(text) ?? Double(text) ?? .nan
        self.origin = 0
    }

    /// A number from text; `nil` unless the text is valid JSON number syntax.
    public init?(text: String) {
        guard JSONNumber.isValidSyntax(text.utf8) else { return nil }
        self.init(uncheckedText: text)
    }

    /// A number from an integer.
    public init(_ value: Int) {
        storedText = String(value)
        double = Double(value)
        origin = 0
    }

    /// A number from a finite double, written as its shortest round-trip text in JavaScript style.
    public init(_ value: Double) {
        precondition(value.isFinite, "JSON numbers are finite")
        storedText = ""
        double = value
        origin = 1
    }

    public var description: String { text }

    /// The value as an `Int` when it is integral and fits.
    public var intValue: Int? {
        if origin == 0, let exact = Int(storedText) { return exact }
        let value = double
        guard value.rounded() == value, abs(value) < 9.2e18 else { return nil }
        return Int(value)
    }

    /// Whether the value is mathematically an integer (`1.0` is).
    public var isInteger: Bool {
        if origin != 0 { return double.rounded() == double }
        // Plain digits (the common case) need no decimal decomposition.
        if !text.utf8.contains(where: { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) { return true }
        return decimalParts.exponent >= 0
    }

    /// Sign, significant digits (no leading or trailing zeros) and power-of-ten exponent.
    public var decimalParts: (negative: Bool, digits: [UInt8], exponent: Int) {
        var negative = false
        var digits: [UInt8] = []
        var exponent = 0
        var fractionDigits = 0
        var inFraction = false
        var bytes = text.utf8.makeIterator()
        while let byte = bytes.next() {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                if digits.isEmpty && byte == UInt8(ascii: "0") {
                    if inFraction { fractionDigits += 1 }
                    continue
                }
                digits.append(byte - UInt8(ascii: "0"))
                if inFraction { fractionDigits += 1 }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                var rest = ""
                while let next = bytes.next() { rest.unicodeScalars.append(Unicode.Scalar(next)) }
                exponent = Int(rest) ?? 0
            default: break
            }
        }
        exponent -= fractionDigits
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { return (false, [], 0) }
        return (negative, digits, exponent)
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        // Unequal doubles settle most comparisons (enum checks, distinct values) without reading text.
        if lhs.double != rhs.double { return false }
        // A double's text is its shortest form: equal doubles are equal numbers when either is one.
        if lhs.origin != 0 && rhs.origin != 0 { return true }
        if lhs.text == rhs.text { return true }
        let a = lhs.decimalParts, b = rhs.decimalParts
        return a.negative == b.negative && a.digits == b.digits && a.exponent == b.exponent
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(double)
    }

    /// Checks JSON number syntax (RFC 8259 §6).
    public static func isValidSyntax(_ bytes: some Collection<UInt8>) -> Bool {
        var scanner = NumberScanner(bytes: Array(bytes))
        return scanner.scan() == bytes.count
    }

    /// Formats a double as JavaScript's `Number.prototype.toString` would (shortest round trip).
    public static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.rounded() == value && abs(value) < 1e21 {
            if abs(value) < 9.007199254740992e15 { return String(Int64(value)) }
        }
        // Swift's description is the shortest round-trip form; rewrite it in JavaScript's notation.
        var text = value.description
        // Plain decimals (the common case) are JavaScript's text already: checked on the bytes, since
        // walking `Character`s costs more than writing the number.
        if !text.utf8.contains(UInt8(ascii: "e")) {
            if text.utf8.count > 2 && text.utf8.last == UInt8(ascii: "0") && text.utf8.dropLast().last == UInt8(ascii: ".") {
                text.removeLast(2)
            }
            return text
        }
        if text.hasSuffix(".0") { text.removeLast(2) }
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return text
        }
        var mantissa = String(text[..<e])
        var exponentText = String(text[text.index(after: e)...])
        var negativeExponent = false
        if exponentText.hasPrefix("-") {
            negativeExponent = true
            exponentText.removeFirst()
        } else if exponentText.hasPrefix("+") {
            exponentText.removeFirst()
        }
        let exponent = (Int(exponentText) ?? 0) * (negativeExponent ? -1 : 1)
        if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
        // JavaScript writes plain decimals for exponents in [-6, 21).
        if exponent >= -6 && exponent < 21 {
            return expandExponent(mantissa: mantissa, exponent: exponent)
        }
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
    }

    private static func expandExponent(mantissa: String, exponent: Int) -> String {
        var negative = false
        var m = Substring(mantissa)
        if m.hasPrefix("-") {
            negative = true
            m = m.dropFirst()
        }
        let parts = m.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        let digits = intPart + fracPart
        let pointPosition = intPart.count + exponent
        var result: String
        if pointPosition <= 0 {
            result = "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            result = digits + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            let index = digits.index(digits.startIndex, offsetBy: pointPosition)
            result = String(digits[..<index]) + "." + String(digits[index...])
        }
        return (negative ? "-" : "") + result
    }
}

/// Scans the longest JSON number prefix of a byte array and returns its length (0 when none).
struct NumberScanner {
    let bytes: [UInt8]
    var position = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func scan() -> Int {
        if peek == UInt8(ascii: "-") { position += 1 }
        guard let first = peek, isDigit(first) else { return 0 }
        position += 1
        if first != UInt8(ascii: "0") {
            while let c = peek, isDigit(c) { position += 1 }
        }
        if peek == UInt8(ascii: ".") {
            position += 1
            guard let c = peek, isDigit(c) else { return 0 }
            while let c = peek, isDigit(c) { position += 1 }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard let c = peek, isDigit(c) else { return 0 }
            while let c = peek, isDigit(c) { position += 1 }
        }
        return position
    }

    private var peek: UInt8? { position < bytes.count ? bytes[position] : nil }
    private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
}
