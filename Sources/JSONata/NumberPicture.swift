#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// XPath F&O `format-number` for `$formatNumber(number, picture, options)`. A class: the cache hands
/// the same parsed picture to every call, and sharing it costs one retain where a copy of its strings
/// and arrays cost a dozen.
final class NumberPicture: Sendable {
    struct Symbols {
        var decimal: Character = "."
        var grouping: Character = ","
        var exponent: Character = "e"
        var minus = "-"
        var percent = "%"
        var perMille = "\u{2030}"
        var zero: UInt32 = 0x30
        var digit: Character = "#"
        var patternSeparator: Character = ";"

        func isFamilyDigit(_ c: Character) -> Bool {
            guard let v = c.unicodeScalars.first?.value, c.unicodeScalars.count == 1 else { return false }
            return v >= zero && v <= zero + 9
        }
    }

    struct SubPicture {
        var prefix = ""
        var suffix = ""
        var integerGroups: [Int] = []
        var regularGrouping: Int?
        var minimumIntegerSize = 0
        var scalingFactor = 0
        var fractionGroups: [Int] = []
        var minimumFractionSize = 0
        var maximumFractionSize = 0
        var minimumExponentSize = 0
        var percent = false
        var perMille = false
    }

    let symbols: Symbols
    let positive: SubPicture
    let negative: SubPicture?
    /// The separators' and minus sign's UTF-8, made once rather than on every number formatted.
    private let groupingUTF8: [UInt8], decimalUTF8: [UInt8], exponentUTF8: [UInt8], minusUTF8: [UInt8]

    init(_ picture: String, options: [(String, String)]) throws(JSONataError) {
        var symbols = Symbols()
        for (key, value) in options {
            switch key {
            case "decimal-separator": symbols.decimal = value.first ?? "."
            case "grouping-separator": symbols.grouping = value.first ?? ","
            case "exponent-separator": symbols.exponent = value.first ?? "e"
            case "minus-sign": symbols.minus = value
            case "percent": symbols.percent = value
            case "per-mille": symbols.perMille = value
            case "zero-digit": symbols.zero = value.unicodeScalars.first?.value ?? 0x30
            case "digit": symbols.digit = value.first ?? "#"
            case "pattern-separator": symbols.patternSeparator = value.first ?? ";"
            default: continue
            }
        }
        self.symbols = symbols
        groupingUTF8 = Array(String(symbols.grouping).utf8)
        decimalUTF8 = Array(String(symbols.decimal).utf8)
        exponentUTF8 = Array(String(symbols.exponent).utf8)
        minusUTF8 = Array(symbols.minus.utf8)
        let pictures = picture.split(separator: symbols.patternSeparator, omittingEmptySubsequences: false).map(String.init)
        guard pictures.count <= 2 else { throw Self.error("D3080", "The picture string must not contain more than one pattern separator") }
        positive = try Self.analyse(pictures[0], symbols)
        negative = pictures.count > 1 ? try Self.analyse(pictures[1], symbols) : nil
    }

    private static func error(_ code: String, _ message: String) -> JSONataError { JSONataError(code: code, message: message) }

    private static func analyse(_ picture: String, _ s: Symbols) throws(JSONataError) -> SubPicture {
        let chars = Array(picture)
        func isActive(_ c: Character) -> Bool {
            s.isFamilyDigit(c) || c == s.digit || c == s.decimal || c == s.grouping || c == s.exponent
        }
        var sub = SubPicture()
        // Percent and per-mille may stand in prefix or suffix; replace multi-character symbols by markers.
        let percentCount = picture.components(separatedBy: s.percent).count - 1
        let perMilleCount = picture.components(separatedBy: s.perMille).count - 1
        guard let firstActive = chars.firstIndex(where: { isActive($0) && $0 != s.exponent }) else {
            throw error("D3086", "The picture string must contain at least one digit or decimal separator")
        }
        let lastActive = chars.lastIndex(where: { isActive($0) })!
        sub.prefix = String(chars[..<firstActive])
        sub.suffix = String(chars[(lastActive + 1)...])
        let active = Array(chars[firstActive...lastActive])
        if active.contains(where: { !isActive($0) }) {
            throw error("D3086", "The picture string contains a passive character between active characters")
        }
        if active.filter({ $0 == s.decimal }).count > 1 { throw error("D3081", "A sub-picture must not contain more than one decimal separator") }
        if percentCount > 1 { throw error("D3082", "A sub-picture must not contain more than one percent character") }
        if perMilleCount > 1 { throw error("D3083", "A sub-picture must not contain more than one per-mille character") }
        if percentCount > 0 && perMilleCount > 0 { throw error("D3084", "A sub-picture must not contain both a percent and a per-mille character") }
        sub.percent = percentCount > 0
        sub.perMille = perMilleCount > 0
        // Mantissa and exponent.
        var mantissa = active[...]
        var exponentPart: ArraySlice<Character> = []
        if let e = active.firstIndex(of: s.exponent) {
            mantissa = active[..<e]
            exponentPart = active[(e + 1)...]
            if exponentPart.isEmpty || exponentPart.contains(where: { !s.isFamilyDigit($0) }) {
                throw error("D3093", "The exponent part of a sub-picture must contain only decimal digits")
            }
            if sub.percent || sub.perMille { throw error("D3092", "A sub-picture with an exponent must not contain a percent or per-mille character") }
        }
        if !mantissa.contains(where: { s.isFamilyDigit($0) || $0 == s.digit }) {
            throw error("D3085", "The mantissa part of a sub-picture must contain at least one digit")
        }
        let integerPart: ArraySlice<Character>
        var fractionPart: ArraySlice<Character> = []
        if let point = mantissa.firstIndex(of: s.decimal) {
            integerPart = mantissa[..<point]
            fractionPart = mantissa[(point + 1)...]
            if integerPart.last == s.grouping || fractionPart.first == s.grouping {
                throw error("D3087", "A grouping separator must not be adjacent to the decimal separator")
            }
        } else {
            integerPart = mantissa
            if integerPart.last == s.grouping { throw error("D3088", "The integer part of a sub-picture must not end with a grouping separator") }
        }
        let mantissaText = String(mantissa)
        if mantissaText.contains(String([s.grouping, s.grouping])) { throw error("D3089", "A sub-picture must not contain two adjacent grouping separators") }
        if let firstMandatory = integerPart.firstIndex(where: s.isFamilyDigit), integerPart[firstMandatory...].contains(s.digit) {
            throw error("D3090", "An optional digit must not follow a mandatory digit in the integer part")
        }
        if let lastMandatory = fractionPart.lastIndex(where: s.isFamilyDigit), fractionPart[..<lastMandatory].contains(s.digit) {
            throw error("D3091", "A mandatory digit must not follow an optional digit in the fractional part")
        }
        // Grouping positions.
        var digitsToRight = 0
        for c in integerPart.reversed() {
            if c == s.grouping { sub.integerGroups.append(digitsToRight) } else { digitsToRight += 1 }
        }
        if let smallest = sub.integerGroups.min(), smallest > 0 {
            let totalDigits = integerPart.filter { $0 != s.grouping }.count
            let regular = sub.integerGroups.allSatisfy { $0 % smallest == 0 }
                && stride(from: smallest, to: totalDigits, by: smallest).allSatisfy { sub.integerGroups.contains($0) }
            if regular { sub.regularGrouping = smallest }
        }
        var digitsToLeft = 0
        for c in fractionPart {
            if c == s.grouping { sub.fractionGroups.append(digitsToLeft) } else { digitsToLeft += 1 }
        }
        sub.minimumIntegerSize = integerPart.filter(s.isFamilyDigit).count
        sub.scalingFactor = sub.minimumIntegerSize
        sub.minimumFractionSize = fractionPart.filter(s.isFamilyDigit).count
        sub.maximumFractionSize = fractionPart.filter { s.isFamilyDigit($0) || $0 == s.digit }.count
        sub.minimumExponentSize = exponentPart.count
        let hasExponent = !exponentPart.isEmpty
        if sub.minimumIntegerSize == 0 && sub.maximumFractionSize == 0 {
            if hasExponent {
                sub.minimumFractionSize = 1
                sub.maximumFractionSize = 1
            } else {
                sub.minimumIntegerSize = 1
            }
        }
        if hasExponent && sub.minimumIntegerSize == 0 && integerPart.contains(s.digit) { sub.minimumIntegerSize = 1 }
        if sub.minimumIntegerSize == 0 && sub.minimumFractionSize == 0 { sub.minimumFractionSize = 1 }
        return sub
    }

    /// The number formatted: its digits found, then written as UTF-8 straight into the string's
    /// storage, the symbols' bytes spliced in.
    func format(_ value: Double) -> String {
        let picture = value < 0 ? (negative ?? positive) : positive
        var number = abs(value)
        if picture.percent { number *= 100 } else if picture.perMille { number *= 1000 }
        var exponent = 0
        if picture.minimumExponentSize > 0 && number != 0 {
            exponent = Int(log10(number).rounded(.down)) + 1 - picture.scalingFactor
            number /= pow(10, Double(exponent))
            if Functions.roundHalfEven(number, picture.maximumFractionSize) >= pow(10, Double(picture.scalingFactor)) && picture.scalingFactor > 0 {
                number /= 10
                exponent += 1
            }
        }
        number = Functions.roundHalfEven(number, picture.maximumFractionSize)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { scratch in
            if let (integer, fraction) = Self.scaledDigits(of: number, fractionDigits: picture.maximumFractionSize, into: scratch) {
                return write(value, picture, exponent, integer: integer, fraction: fraction)
            }
            let (integer, fraction) = Self.plainDigits(number, fractionDigits: picture.maximumFractionSize)
            return integer.withUnsafeBufferPointer { integer in
                fraction.withUnsafeBufferPointer { fraction in write(value, picture, exponent, integer: integer, fraction: fraction) }
            }
        }
    }

    /// Writes the formatted number from its integer and fraction digits (ASCII, the fraction with all
    /// `maximumFractionSize` places).
    private func write(_ value: Double, _ picture: SubPicture, _ exponent: Int, integer: UnsafeBufferPointer<UInt8>, fraction: UnsafeBufferPointer<UInt8>) -> String {
        var fractionCount = fraction.count
        while fractionCount > picture.minimumFractionSize && fraction[fractionCount - 1] == UInt8(ascii: "0") { fractionCount -= 1 }
        let integerCount = integer.count == 1 && integer[0] == UInt8(ascii: "0") ? 0 : integer.count
        let padding = max(0, picture.minimumIntegerSize - integerCount)
        // The exponent's digits (|exponent| is at most a few hundred) and its width with the picture's
        // zeros before them.
        var exponentDigits = (value: UInt64(exponent.magnitude), count: 1, width: 0)
        if picture.minimumExponentSize > 0 {
            var magnitude = exponentDigits.value
            while magnitude >= 10 { magnitude /= 10; exponentDigits.count += 1 }
            exponentDigits.width = max(exponentDigits.count, picture.minimumExponentSize)
        }
        let digitCount = padding + integerCount + fractionCount + exponentDigits.width
        let digitWidth = symbols.zero == 0x30 ? 1 : 4
        let separatorWidth = max(groupingUTF8.count, decimalUTF8.count, exponentUTF8.count, minusUTF8.count)
        let capacity = 2 * minusUTF8.count + picture.prefix.utf8.count + picture.suffix.utf8.count + digitCount * (digitWidth + separatorWidth) + 2 * separatorWidth
        return UTF8Writer.string(capacity: capacity) { writer in
            if value < 0 && negative == nil { writer.append(minusUTF8) }
            writer.append(picture.prefix.utf8)
            // Digit k from the left has n - 1 - k digits to its right; a separator follows it where the picture groups.
            let n = padding + integerCount
            let skipped = integer.count - integerCount
            for k in 0..<n {
                appendDigit(k < padding ? UInt8(ascii: "0") : integer[skipped + k - padding], to: &writer)
                let toTheRight = n - 1 - k
                guard toTheRight > 0 else { continue }
                let grouped = picture.regularGrouping.map { toTheRight % $0 == 0 } ?? picture.integerGroups.contains(toTheRight)
                if grouped { writer.append(groupingUTF8) }
            }
            if fractionCount > 0 {
                writer.append(decimalUTF8)
                for i in 0..<fractionCount {
                    if i > 0 && picture.fractionGroups.contains(i) { writer.append(groupingUTF8) }
                    appendDigit(fraction[i], to: &writer)
                }
            }
            if picture.minimumExponentSize > 0 {
                writer.append(exponentUTF8)
                if exponent < 0 { writer.append(minusUTF8) }
                for _ in exponentDigits.count..<exponentDigits.width { appendDigit(UInt8(ascii: "0"), to: &writer) }
                var divisor: UInt64 = 1
                for _ in 1..<exponentDigits.count { divisor *= 10 }
                while divisor > 0 {
                    appendDigit(UInt8(ascii: "0") + UInt8(exponentDigits.value / divisor % 10), to: &writer)
                    divisor /= 10
                }
            }
            writer.append(picture.suffix.utf8)
        }
    }

    /// An ASCII digit in the picture's digit family (`zero-digit`), as UTF-8.
    @inline(__always)
    private func appendDigit(_ ascii: UInt8, to out: inout UTF8Writer) {
        if symbols.zero == 0x30 {
            out.append(ascii)
            return
        }
        out.append(UTF8.encode(Unicode.Scalar(symbols.zero + UInt32(ascii - 48)) ?? "0")!)
    }

    /// The integer and fraction digits (ASCII) of a non-negative number already rounded to
    /// `fractionDigits` places, written at the end of `scratch`. A rounded number is the double
    /// nearest to N / 10^places; when N has at most 15 digits it is exactly `number × 10^places`
    /// rounded, and its digits are the ones the shortest text gives (two decimals of 15 digits never
    /// share a double). `nil` for larger numbers, which go through their text (``plainDigits``).
    static func scaledDigits(of number: Double, fractionDigits: Int, into scratch: UnsafeMutableBufferPointer<UInt8>)
        -> (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>)?
    {
        guard fractionDigits <= 15 else { return nil }
        let scaled = (number * Functions.powersOfTen[fractionDigits]).rounded()
        guard scaled < 1e15 else { return nil }
        var n = UInt64(scaled)
        let end = scratch.count
        var start = end
        for _ in 0..<fractionDigits {
            start -= 1
            scratch[start] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
        }
        let fractionStart = start
        repeat {
            start -= 1
            scratch[start] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
        } while n > 0
        let digits = UnsafeBufferPointer(scratch)
        return (UnsafeBufferPointer(rebasing: digits[start..<fractionStart]), UnsafeBufferPointer(rebasing: digits[fractionStart..<end]))
    }

    /// Integer and fraction digits (ASCII) of a non-negative number with `fractionDigits` places,
    /// without exponent notation.
    static func plainDigits(_ value: Double, fractionDigits: Int) -> ([UInt8], [UInt8]) {
        var text = Array(value.description.utf8)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }) {
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
            text.removeSubrange(e...)
        }
        var integer: [UInt8]
        var fraction: [UInt8]
        if let point = text.firstIndex(of: UInt8(ascii: ".")) {
            integer = Array(text[..<point])
            fraction = Array(text[(point + 1)...])
        } else {
            integer = text
            fraction = []
        }
        if exponent > 0 {
            if fraction.count < exponent { fraction.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: exponent - fraction.count)) }
            integer.append(contentsOf: fraction.prefix(exponent))
            fraction.removeFirst(exponent)
        } else if exponent < 0 {
            fraction = Array(repeating: UInt8(ascii: "0"), count: -exponent - 1) + integer + fraction
            integer = [UInt8(ascii: "0")]
        }
        let leadingZeros = integer.prefix(while: { $0 == UInt8(ascii: "0") }).count
        if leadingZeros > 0 { integer.removeFirst(min(leadingZeros, integer.count - 1)) }
        if fraction.count < fractionDigits { fraction.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: fractionDigits - fraction.count)) }
        if fraction.count > fractionDigits { fraction.removeLast(fraction.count - fractionDigits) }
        return (integer, fraction)
    }
}
