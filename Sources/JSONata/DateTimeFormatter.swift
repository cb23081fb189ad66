/// Formats epoch milliseconds with a ``DateTimePicture`` in a fixed offset from UTC.
struct DateTimeFormatter {
    let millis: Int64
    /// Minutes east of UTC.
    let offset: Int
    /// Days since 1970-01-01 and milliseconds into the day, in the offset's local time.
    private let days: Int
    private let msOfDay: Int
    /// The local calendar date, computed once for every marker.
    private let date: (year: Int, month: Int, day: Int)

    init(millis: Int64, offset: Int) {
        self.millis = millis
        self.offset = offset
        (days, msOfDay) = CivilTime.dayAndTime(of: CivilTime.shifted(millis, byMinutes: offset))
        date = CivilTime.civil(fromDays: days)
    }
    /// ISO day of week, 1 = Monday … 7 = Sunday.
    private var weekday: Int { ((days % 7) + 7 + 3) % 7 + 1 }

    /// The Thursday of this date's Monday–Sunday week (which decides ISO week and week-of-month).
    private var thursday: (year: Int, month: Int, day: Int, dayOfYear: Int) {
        let t = days - (weekday - 1) + 3
        let c = CivilTime.civil(fromDays: t)
        return (c.year, c.month, c.day, t - CivilTime.daysFromCivil(c.year, 1, 1) + 1)
    }

    func format(_ picture: DateTimePicture) throws(JSONataError) -> String {
        // Written as UTF-8 bytes and made a string once: appending to a string grows it several times.
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for part in picture.parts {
            switch part {
            case .literal(let text): out.append(contentsOf: text.utf8)
            case .marker(let marker):
                // Zero-padded ASCII digits (`[M01]`, `[H01]`), the usual marker, appended directly.
                if let width = marker.plainDigits {
                    let number = value(of: marker.component)
                    Self.appendPadded(marker.component == "Y" ? Self.shownYear(number, marker) : number, width: width, to: &out)
                } else {
                    out.append(contentsOf: try format(marker).utf8)
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` in decimal ASCII digits, zero-padded to `width`.
    private static func appendPadded(_ value: Int, width: Int, to out: inout [UInt8]) {
        guard value >= 0, value < 1_000_000_000, width <= 9 else { return out.append(contentsOf: pad(value, width).utf8) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var n = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[8 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0
            while count < min(width, 9) {
                buffer[8 - count] = UInt8(ascii: "0")
                count += 1
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[(9 - count)...]))
        }
    }

    private func value(of component: Character) -> Int {
        let d = date
        switch component {
        case "Y": return d.year
        case "M": return d.month
        case "D": return d.day
        case "d": return days - CivilTime.daysFromCivil(d.year, 1, 1) + 1
        case "F": return weekday
        case "W": return (thursday.dayOfYear - 1) / 7 + 1
        case "X": return thursday.year
        case "w": return (thursday.day - 1) / 7 + 1
        case "x": return thursday.month
        case "H": return msOfDay / 3_600_000
        case "h":
            let h = (msOfDay / 3_600_000) % 12
            return h == 0 ? 12 : h
        case "m": return (msOfDay / 60_000) % 60
        case "s": return (msOfDay / 1000) % 60
        case "f": return msOfDay % 1000
        default: return 0
        }
    }

    private func format(_ marker: DateTimePicture.Marker) throws(JSONataError) -> String {
        switch marker.component {
        case "Z", "z": return try timezone(marker)
        case "f": return fraction(marker)
        default: break
        }
        if let names = marker.names {
            let name: String
            switch marker.component {
            case "M", "x": name = CivilTime.monthNames[value(of: marker.component) - 1]
            case "F": name = CivilTime.dayNames[weekday - 1]
            case "P": name = msOfDay < 12 * 3_600_000 ? "am" : "pm"
            default: return "ISO"
            }
            return Self.cased(name, names, maxWidth: marker.maxWidth)
        }
        guard let integer = marker.integer else { return "" }
        let number = value(of: marker.component)
        return integer.format(marker.component == "Y" ? Self.shownYear(number, marker) : number)
    }

    /// A month or day name (ASCII, from the tables) cut to `maxWidth` and cased, byte by byte.
    private static func cased(_ name: String, _ names: IntegerPicture.Case, maxWidth: Int?) -> String {
        var bytes = Array(name.utf8)
        if let maxWidth, bytes.count > maxWidth { bytes.removeLast(bytes.count - max(maxWidth, 0)) }
        for i in bytes.indices {
            let upper = names == .upper || (names == .title && i == 0)
            let byte = bytes[i]
            if upper, byte >= UInt8(ascii: "a"), byte <= UInt8(ascii: "z") { bytes[i] = byte - 32 }
            if !upper, byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { bytes[i] = byte + 32 }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A year shown with as many digits as the marker asks for (two-digit years).
    private static func shownYear(_ year: Int, _ marker: DateTimePicture.Marker) -> Int {
        guard let integer = marker.integer else { return year }
        var digits = -1
        if let max = marker.maxWidth {
            digits = max
        } else if !marker.explicitPresentation, let min = marker.minWidth {
            digits = min
        } else if integer.kind == .decimal, integer.mandatoryDigits + marker.optionalDigits >= 2 {
            digits = integer.mandatoryDigits + marker.optionalDigits
        }
        // Found by fuzzing: a width of 19 or more digits overflowed; every Int fits such a width.
        var power = 1
        if digits > 0 && digits < 19 {
            for _ in 0..<digits { power *= 10 }
            return year % power
        }
        return year
    }

    private func fraction(_ marker: DateTimePicture.Marker) -> String {
        let digits = Self.digitCount(marker.presentation)
        let ms = String(value(of: "f") + 1000).dropFirst()
        var text = String(ms)
        if digits < 3 { text = String(text.prefix(max(digits, 1))) } else if digits > 3 { text += String(repeating: "0", count: digits - 3) }
        return text
    }

    private func timezone(_ marker: DateTimePicture.Marker) throws(JSONataError) -> String {
        if marker.zuluFlag && offset == 0 { return "Z" }
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 60, minutes = abs(offset) % 60
        let presentation = marker.presentation
        var text: String
        if let width = Self.widthBeforeColon(presentation) {
            text = sign + Self.pad(hours, width) + ":" + Self.pad(minutes, 2)
        } else {
            let digits = Self.digitCount(presentation)
            switch digits {
            case 1, 2:
                text = sign + Self.pad(hours, digits) + (minutes > 0 ? ":" + Self.pad(minutes, 2) : "")
            case 3, 4:
                text = sign + Self.pad(hours, digits - 2) + Self.pad(minutes, 2)
            default:
                throw JSONataError(code: "D3134", message: "The timezone integer format specifier cannot have more than four digits")
            }
        }
        return marker.component == "z" ? "GMT" + text : text
    }

    /// How many characters of a presentation are digits; ASCII text is counted by its bytes.
    private static func digitCount(_ presentation: String) -> Int {
        let utf8 = presentation.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return presentation.filter { $0.isNumber }.count }
        return utf8.count { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// How many characters come before a presentation's first colon, if it has one.
    private static func widthBeforeColon(_ presentation: String) -> Int? {
        let utf8 = presentation.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else {
            return presentation.firstIndex(of: ":").map { presentation.distance(from: presentation.startIndex, to: $0) }
        }
        return utf8.firstIndex(of: UInt8(ascii: ":")).map { utf8.distance(from: utf8.startIndex, to: $0) }
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Parses `±HHMM`, `±HH:MM` or `±H` into minutes east of UTC.
    static func offsetMinutes(_ text: String) -> Int? {
        if let minutes = plainOffsetMinutes(text) { return minutes }
        var body = Substring(text)
        guard let sign = body.first, sign == "+" || sign == "-" else { return nil }
        body = body.dropFirst()
        let digits = body.filter { $0.isNumber }
        guard !digits.isEmpty, digits.count == body.count || body.contains(":") else { return nil }
        let hours: Int, minutes: Int
        if let colon = body.firstIndex(of: ":") {
            guard let h = Int(body[..<colon]), let m = Int(body[body.index(after: colon)...]) else { return nil }
            (hours, minutes) = (h, m)
        } else if digits.count <= 2 {
            guard let h = Int(digits) else { return nil }
            (hours, minutes) = (h, 0)
        } else {
            guard let h = Int(digits.dropLast(2)), let m = Int(digits.suffix(2)) else { return nil }
            (hours, minutes) = (h, m)
        }
        // The text comes from input: an offset too large for an `Int` is no offset.
        let (hourMinutes, overflow) = hours.multipliedReportingOverflow(by: 60)
        let (total, overflowed) = hourMinutes.addingReportingOverflow(minutes)
        guard !overflow, !overflowed, total != .min else { return nil }
        return sign == "-" ? -total : total
    }

    /// The usual forms of an offset, read from the bytes: a sign, then ASCII digits (`+0530`, `-5`) or
    /// ASCII digits, a colon and ASCII digits (`+05:30`), short enough not to overflow. `nil` for
    /// anything else, which ``offsetMinutes(_:)`` reads the general way.
    private static func plainOffsetMinutes(_ text: String) -> Int? {
        let utf8 = text.utf8
        guard let sign = utf8.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), utf8.count <= 16 else { return nil }
        var before = 0, after = 0, beforeCount = 0, afterCount = 0, colons = 0
        for byte in utf8.dropFirst() {
            if byte == UInt8(ascii: ":") {
                colons += 1
                guard colons == 1 else { return nil }
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                let digit = Int(byte - UInt8(ascii: "0"))
                if colons == 0 { before = before * 10 + digit; beforeCount += 1 } else { after = after * 10 + digit; afterCount += 1 }
            } else {
                return nil
            }
        }
        let total: Int
        if colons == 1 {
            guard beforeCount > 0 && afterCount > 0 else { return nil }
            total = before * 60 + after
        } else if beforeCount == 0 {
            return nil
        } else if beforeCount <= 2 {
            total = before * 60
        } else {
            total = (before / 100) * 60 + before % 100
        }
        return sign == UInt8(ascii: "-") ? -total : total
    }
}
