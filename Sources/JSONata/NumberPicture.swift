#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// XPath F&O `format-number` for `$formatNumber(number, picture, options)`.
struct NumberPicture {
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
        let text = Self.plainDigits(number, fractionDigits: picture.maximumFractionSize)
        var (integerDigits, fractionDigits) = (text.0, text.1)
        while fractionDigits.count > picture.minimumFractionSize && fractionDigits.last == "0" { fractionDigits.removeLast() }
        if integerDigits == "0" { integerDigits = "" }
        while integerDigits.count < picture.minimumIntegerSize { integerDigits = "0" + integerDigits }
        var integerOut = ""
        for (i, c) in integerDigits.reversed().enumerated() {
            if i > 0 {
                if let regular = picture.regularGrouping {
                    if i % regular == 0 { integerOut.append(symbols.grouping) }
                } else if picture.integerGroups.contains(i) {
                    integerOut.append(symbols.grouping)
                }
            }
            integerOut.append(mapDigit(c))
        }
        integerOut = String(integerOut.reversed())
        var fractionOut = ""
        for (i, c) in fractionDigits.enumerated() {
            if i > 0 && picture.fractionGroups.contains(i) { fractionOut.append(symbols.grouping) }
            fractionOut.append(mapDigit(c))
        }
        var result = picture.prefix + integerOut
        if !fractionOut.isEmpty { result += String(symbols.decimal) + fractionOut }
        if picture.minimumExponentSize > 0 {
            var digits = String(abs(exponent))
            while digits.count < picture.minimumExponentSize { digits = "0" + digits }
            result += String(symbols.exponent) + (exponent < 0 ? symbols.minus : "") + String(digits.map(mapDigit))
        }
        result += picture.suffix
        if value < 0 && negative == nil { result = symbols.minus + result }
        return result
    }

    private func mapDigit(_ c: Character) -> Character {
        Character(Unicode.Scalar(symbols.zero + UInt32(c.asciiValue! - 48))!)
    }

    /// Integer and fraction digits of a non-negative number with `fractionDigits` places, without exponent notation.
    static func plainDigits(_ value: Double, fractionDigits: Int) -> (String, String) {
        var text = value.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var integer = String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        if exponent > 0 {
            fraction += String(repeating: "0", count: max(0, exponent - fraction.count))
            integer += String(fraction.prefix(exponent))
            fraction = String(fraction.dropFirst(exponent))
        } else if exponent < 0 {
            fraction = String(repeating: "0", count: -exponent - 1) + integer + fraction
            integer = "0"
        }
        while integer.count > 1 && integer.hasPrefix("0") { integer.removeFirst() }
        if fraction.count < fractionDigits { fraction += String(repeating: "0", count: fractionDigits - fraction.count) }
        return (integer, String(fraction.prefix(fractionDigits)))
    }
}
