#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// XPath F&O `format-integer` pictures (`000`, `#,##0`, `I`, `w`, `A`, `;o`), used by
/// `$formatInteger`, `$parseInteger` and the date/time pictures.
struct IntegerPicture {
    enum Kind: Equatable { case decimal, letters, roman, words }
    enum Case: Equatable { case lower, upper, title }

    var kind: Kind
    var letterCase: Case = .lower
    var ordinal = false
    /// For decimal pictures: the zero digit of the digit family, mandatory digits and separators.
    var zero: UInt32 = 0x30
    var mandatoryDigits = 1
    /// Separators by position counted from the right (number of digits to their right).
    var separators: [(position: Int, character: String)] = []
    /// A separator repeated every `interval` digits, when the picture's grouping is regular.
    var regular: (interval: Int, character: String)?

    static let decimalZeros: [UInt32] = [
        0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6, 0xE50, 0xED0, 0xF20,
        0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0,
        0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    ]

    static func zero(of scalar: Unicode.Scalar) -> UInt32? {
        decimalZeros.first { scalar.value >= $0 && scalar.value <= $0 + 9 }
    }

    init(_ picture: String) throws(JSONataError) {
        var primary = picture
        if let semicolon = picture.lastIndex(of: ";") {
            primary = String(picture[..<semicolon])
            let modifier = picture[picture.index(after: semicolon)...]
            ordinal = modifier.hasPrefix("o")
        }
        switch primary {
        case "A": kind = .letters; letterCase = .upper
        case "a": kind = .letters
        case "I": kind = .roman; letterCase = .upper
        case "i": kind = .roman
        case "W": kind = .words; letterCase = .upper
        case "Ww": kind = .words; letterCase = .title
        case "w": kind = .words
        default:
            kind = .decimal
            try parseDecimal(primary)
        }
    }

    private mutating func parseDecimal(_ primary: String) throws(JSONataError) {
        var family: UInt32?
        var mandatory = 0
        var digitsSeen = 0
        var marks: [(afterDigits: Int, character: String)] = []
        var sawMandatory = false
        for scalar in primary.unicodeScalars {
            if let z = Self.zero(of: scalar) {
                if let family, family != z {
                    throw JSONataError(code: "D3131", message: "The digits within a decimal-digit-pattern must be from the same decimal digit family")
                }
                family = z
                mandatory += 1
                digitsSeen += 1
                sawMandatory = true
            } else if scalar == "#" {
                if sawMandatory { throw JSONataError(code: "D3132", message: "In a decimal-digit-pattern, an optional digit cannot follow a mandatory digit") }
                digitsSeen += 1
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                throw JSONataError(code: "D3130", message: "The picture string \(primary) is not a valid format for an integer")
            } else {
                marks.append((digitsSeen, String(scalar)))
            }
        }
        guard let family, mandatory > 0 else {
            throw JSONataError(code: "D3130", message: "The picture string \(primary) has no decimal digit pattern")
        }
        zero = family
        mandatoryDigits = mandatory
        separators = marks.map { (digitsSeen - $0.afterDigits, $0.character) }.filter { $0.position > 0 }
        // Regular grouping: all separators equal and evenly spaced from the right.
        if let first = separators.last, separators.allSatisfy({ $0.character == first.character }) {
            let positions = separators.map(\.position).sorted()
            let interval = positions[0]
            if positions.enumerated().allSatisfy({ $0.element == interval * ($0.offset + 1) }) {
                regular = (interval, first.character)
            }
        }
    }

    // MARK: - formatting

    /// ASCII digits without separators or an ordinal suffix: the number's digits, zero-padded.
    var isPlainDigits: Bool { zero == 0x30 && separators.isEmpty && regular == nil && !ordinal }

    func format(_ value: Int) -> String {
        switch kind {
        case .decimal: return formatDecimal(value)
        case .letters: return applyCase(Self.letters(value))
        case .roman: return applyCase(Self.roman(value))
        case .words: return NumberWords.words(Double(value), ordinal: ordinal, letterCase)
        }
    }

    private func applyCase(_ text: String) -> String {
        switch letterCase {
        case .lower: text.lowercased()
        case .upper: text.uppercased()
        case .title: text
        }
    }

    /// The digits of `value` (at least `mandatoryDigits`, zero-padded) in the picture's digit family,
    /// its separators between them, written as UTF-8 straight into the string.
    private func formatDecimal(_ value: Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { scratch in
            var magnitude = value.magnitude
            var start = scratch.count
            repeat {
                start -= 1
                scratch[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            let count = scratch.count - start
            let width = max(count, mandatoryDigits)
            let separatorWidth = max(regular?.character.utf8.count ?? 0, separators.lazy.map(\.character.utf8.count).max() ?? 0)
            let capacity = 1 + width * ((zero == 0x30 ? 1 : 4) + separatorWidth) + (ordinal ? 2 : 0)
            return UTF8Writer.string(capacity: capacity) { writer in
                if value < 0 { writer.append(UInt8(ascii: "-")) }
                for index in 0..<width {
                    // A separator goes where `width - index` digits remain to its right.
                    let right = width - index
                    if index > 0 {
                        if let regular {
                            if right % regular.interval == 0 { writer.append(regular.character.utf8) }
                        } else if !separators.isEmpty, let mark = separators.first(where: { $0.position == right }) {
                            writer.append(mark.character.utf8)
                        }
                    }
                    let digit = index < width - count ? 0 : scratch[start + index - (width - count)] - UInt8(ascii: "0")
                    if zero == 0x30 {
                        writer.append(UInt8(ascii: "0") + digit)
                    } else {
                        writer.append(UTF8.encode(Unicode.Scalar(zero + UInt32(digit)).unsafelyUnwrapped)!)
                    }
                }
                if ordinal { writer.append(Self.ordinalSuffix(value).utf8) }
            }
        }
    }

    static func ordinalSuffix(_ value: Int) -> String {
        let lastTwo = value.magnitude % 100
        if (11...13).contains(lastTwo) { return "th" }
        switch value.magnitude % 10 {
        case 1: return "st"
        case 2: return "nd"
        case 3: return "rd"
        default: return "th"
        }
    }

    static func letters(_ value: Int) -> String {
        var n = value
        var out = ""
        while n > 0 {
            n -= 1
            out = String(Character(Unicode.Scalar(UInt8(65 + n % 26)))) + out
            n /= 26
        }
        return out
    }

    static let romanValues: [(Int, String)] = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
        (4, "IV"), (1, "I"),
    ]

    static func roman(_ value: Int) -> String {
        var n = value
        var out = ""
        for (v, s) in romanValues {
            while n >= v {
                out += s
                n -= v
            }
        }
        return out
    }

    // MARK: - parsing

    func parse(_ text: String) throws(JSONataError) -> Int? {
        switch kind {
        case .decimal:
            var body = Substring(text)
            if ordinal, body.count >= 2 { body = body.dropLast(2) }
            var negative = false
            if body.hasPrefix("-") {
                negative = true
                body = body.dropFirst()
            }
            // The digits of any decimal family, other characters (grouping marks) skipped.
            var n = 0, digits = 0
            for scalar in body.unicodeScalars {
                guard let z = Self.zero(of: scalar) else { continue }
                let (shifted, overflow) = n.multipliedReportingOverflow(by: 10)
                let (sum, overflowAgain) = shifted.addingReportingOverflow(Int(scalar.value - z))
                if overflow || overflowAgain { return nil }
                n = sum
                digits += 1
            }
            guard digits > 0 else { return nil }
            return negative ? -n : n
        case .letters:
            // Found by fuzzing: a long run of letters overflowed and trapped; beyond Int it is no number.
            var n = 0
            for c in text.uppercased().unicodeScalars {
                let (shifted, o1) = n.multipliedReportingOverflow(by: 26)
                let (next, o2) = shifted.addingReportingOverflow(Int(c.value) - 64)
                guard !o1 && !o2 else { return nil }
                n = next
            }
            return n
        case .roman:
            var n = 0
            var rest = Substring(text.uppercased())
            for (v, s) in Self.romanValues {
                while rest.hasPrefix(s) {
                    n += v
                    rest = rest.dropFirst(s.count)
                }
            }
            return n
        case .words:
            return NumberWords.parse(text)
        }
    }
}

/// English number words, as jsonata-js writes them ("three thousand, seven hundred and thirty-first").
enum NumberWords {
    static let few = [
        "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen",
        "Fifteen", "Sixteen", "Seventeen", "Eighteen", "Nineteen",
    ]
    static let ordinals = [
        "Zeroth", "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "Twelfth",
        "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth",
    ]
    static let decades = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred"]
    static let magnitudes = ["Thousand", "Million", "Billion", "Trillion"]

    /// The words of a number in one of the cases of a picture (`w`, `W`, `Ww`); a negative number is
    /// "minus" and the words of its magnitude. Written as ASCII bytes and made a string once.
    static func words(_ value: Double, ordinal: Bool, _ letterCase: IntegerPicture.Case) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        if value < 0 { out.append(contentsOf: "minus ".utf8) }
        append(value.magnitude, false, ordinal, letterCase == .lower ? Vocabulary.lower : Vocabulary.title, to: &out)
        if letterCase == .upper {
            for i in out.indices where out[i] >= UInt8(ascii: "a") && out[i] <= UInt8(ascii: "z") { out[i] -= 0x20 }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The words in one case, as bytes: title case as jsonata-js spells them, or lower case.
    struct Vocabulary: Sendable {
        let few: [[UInt8]], ordinals: [[UInt8]], decades: [[UInt8]], magnitudes: [[UInt8]], hundred: [UInt8]

        init(lowercased: Bool) {
            func bytes(_ words: [String]) -> [[UInt8]] { words.map { Array((lowercased ? $0.lowercased() : $0).utf8) } }
            few = bytes(NumberWords.few)
            ordinals = bytes(NumberWords.ordinals)
            decades = bytes(NumberWords.decades)
            magnitudes = bytes(NumberWords.magnitudes)
            hundred = Array((lowercased ? " hundred" : " Hundred").utf8)
        }

        static let title = Vocabulary(lowercased: false)
        static let lower = Vocabulary(lowercased: true)
    }

    /// Appends the words of a non-negative whole number; `prev` when words came before it in the
    /// same number ("and" or a comma joins them).
    private static func append(_ num: Double, _ prev: Bool, _ ord: Bool, _ v: Vocabulary, to out: inout [UInt8]) {
        if num <= 19 {
            if prev { out.append(contentsOf: " and ".utf8) }
            out.append(contentsOf: ord ? v.ordinals[Int(num)] : v.few[Int(num)])
        } else if num < 100 {
            let tens = Int(num / 10)
            let remainder = Int(num) % 10
            if prev { out.append(contentsOf: " and ".utf8) }
            if remainder > 0 {
                out.append(contentsOf: v.decades[tens - 2])
                out.append(UInt8(ascii: "-"))
                append(Double(remainder), false, ord, v, to: &out)
            } else if ord {
                // "twenty" → "twentieth"
                out.append(contentsOf: v.decades[tens - 2].dropLast())
                out.append(contentsOf: "ieth".utf8)
            } else {
                out.append(contentsOf: v.decades[tens - 2])
            }
        } else if num < 1000 {
            let remainder = Int(num) % 100
            if prev { out.append(contentsOf: ", ".utf8) }
            out.append(contentsOf: v.few[Int(num / 100)])
            out.append(contentsOf: v.hundred)
            if remainder > 0 {
                append(Double(remainder), true, ord, v, to: &out)
            } else if ord {
                out.append(contentsOf: "th".utf8)
            }
        } else {
            var mag = Int((log10(num) / 3).rounded(.down))
            if mag > magnitudes.count { mag = magnitudes.count }
            let factor = pow(10, Double(mag * 3))
            let mant = (num / factor).rounded(.down)
            let remainder = num - mant * factor
            if prev { out.append(contentsOf: ", ".utf8) }
            append(mant, false, false, v, to: &out)
            out.append(UInt8(ascii: " "))
            out.append(contentsOf: v.magnitudes[mag - 1])
            if remainder > 0 {
                append(remainder, true, ord, v, to: &out)
            } else if ord {
                out.append(contentsOf: "th".utf8)
            }
        }
    }

    /// The inverse of ``words(_:ordinal:_:)``, case-insensitive.
    static func parse(_ text: String) -> Int? {
        var values: [String: Int] = [:]
        for (i, w) in few.enumerated() { values[w.lowercased()] = i }
        for (i, w) in ordinals.enumerated() { values[w.lowercased()] = i }
        for (i, w) in decades.dropLast().enumerated() {
            values[w.lowercased()] = (i + 2) * 10
            values[String(w.lowercased().dropLast()) + "ieth"] = (i + 2) * 10
        }
        values["hundred"] = 100
        values["hundredth"] = 100
        let scales: [String: Double] = ["thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12]
        var total = 0.0
        var current = 0.0
        let tokens = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).filter { $0 != "and" }
        for token in tokens {
            var word = String(token)
            if word.hasSuffix("th"), scales[String(word.dropLast(2))] != nil { word = String(word.dropLast(2)) }
            if let scale = scales[word] {
                // "ten billion trillion": a scale after a scale multiplies the running group.
                if current == 0 {
                    total *= scale
                } else {
                    total += current * scale
                    current = 0
                }
                if total > 0 && current == 0 { continue }
            } else if word == "hundred" || word == "hundredth" {
                current *= 100
            } else if let v = values[word] {
                current += Double(v)
            } else {
                return nil
            }
        }
        let result = total + current
        return result.isFinite && result < 9.2e18 ? Int(result) : nil
    }
}
