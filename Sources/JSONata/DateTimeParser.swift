/// Parses timestamps: ISO 8601 without a picture, or any ``DateTimePicture``.
enum DateTimeParser {
    /// `YYYY[-MM[-DD[Thh:mm[:ss[.fff]][Z|±hh[:]mm]]]]`; `nil` when the text is not of that form.
    static func parseISO(_ text: String) -> Int64? {
        let pattern = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/
        guard let m = try? pattern.wholeMatch(in: text) else { return nil }
        guard let year = Int(m.1) else { return nil }
        let month = m.2.flatMap { Int($0) } ?? 1
        let day = m.3.flatMap { Int($0) } ?? 1
        let hour = m.4.flatMap { Int($0) } ?? 0
        let minute = m.5.flatMap { Int($0) } ?? 0
        let second = m.6.flatMap { Int($0) } ?? 0
        var millis = 0
        if let f = m.7 { millis = Int((String(f) + "00").prefix(3)) ?? 0 }
        var offset = 0
        if let z = m.8, z != "Z" { offset = DateTimeFormatter.offsetMinutes(String(z)) ?? 0 }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = CivilTime.daysFromCivil(year, month, day)
        return Int64(days) * 86_400_000 + Int64(((hour * 60 + minute) * 60 + second) * 1000 + millis) - Int64(offset) * 60_000
    }

    /// Parses `text` with `picture`; `nil` when it does not match.
    static func parse(_ text: String, picture: DateTimePicture, nowMillis: Int64) throws(JSONataError) -> Int64? {
        var markers: [DateTimePicture.Marker] = []
        var regex = "^"
        for part in picture.parts {
            switch part {
            case .literal(let literal):
                regex += escape(literal)
            case .marker(let marker):
                markers.append(marker)
                regex += "(" + pattern(for: marker) + ")"
            }
        }
        regex += "$"
        if markers.isEmpty { return nil }
        try validate(Set(markers.map(\.component)))
        guard let compiled = try? Regex(regex), let match = try? compiled.ignoresCase().wholeMatch(in: text) else { return nil }
        var values: [Character: Int] = [:]
        var offset = 0
        var pm: Bool?
        for (i, marker) in markers.enumerated() {
            guard let captured = match.output[i + 1].substring.map(String.init) else { continue }
            switch marker.component {
            case "Z", "z":
                var body = captured
                if marker.component == "z" { body = String(body.dropFirst(3)) }
                if body.uppercased() == "Z" { offset = 0 } else { offset = DateTimeFormatter.offsetMinutes(body) ?? 0 }
            case "P":
                pm = captured.lowercased() == "pm"
            case "f":
                values["f"] = Int((captured + "00").prefix(3)) ?? 0
            default:
                if marker.names != nil {
                    let candidates = marker.component == "F" ? CivilTime.dayNames : CivilTime.monthNames
                    if let index = candidates.firstIndex(where: { $0.lowercased().hasPrefix(captured.lowercased()) }) {
                        values[marker.component] = index + 1
                    }
                } else if let integer = marker.integer {
                    var parser = integer
                    if parser.kind == .decimal, parser.ordinal == false, captured.last?.isLetter == true { parser.ordinal = true }
                    if parser.kind == .words { parser.ordinal = false }
                    guard let n = try parser.parse(captured) ?? NumberWords.parse(captured) else { return nil }
                    values[marker.component] = n
                }
            }
        }
        if let h = values["h"] {
            values["H"] = (h % 12) + ((pm ?? false) ? 12 : 0)
        }
        let hasDate = values["Y"] != nil || values["M"] != nil || values["D"] != nil || values["d"] != nil
        let now = CivilTime.civil(fromDays: Int(nowMillis / 86_400_000))
        let year = values["Y"] ?? (hasDate ? 1970 : now.year)
        var days: Int
        if let dayOfYear = values["d"] {
            days = CivilTime.daysFromCivil(year, 1, 1) + dayOfYear - 1
        } else {
            let month = values["M"] ?? (hasDate ? 1 : now.month)
            let day = values["D"] ?? (hasDate ? 1 : now.day)
            days = CivilTime.daysFromCivil(year, month, day)
        }
        let hours: Int = values["H"] ?? 0
        let minutes: Int = values["m"] ?? 0
        let seconds: Int = values["s"] ?? 0
        let fraction: Int = values["f"] ?? 0
        let time: Int = (hours * 60 + minutes) * 60 + seconds
        let dayMillis = Int64(days) * 86_400_000
        return dayMillis + Int64(time * 1000 + fraction) - Int64(offset) * 60_000
    }

    /// The components must leave no gaps (year-month-day or year-day; hour-minute-second).
    private static func validate(_ c: Set<Character>) throws(JSONataError) {
        let error = JSONataError(code: "D3136", message: "The date/time picture string is missing specifiers required to parse the timestamp")
        if c.contains("X") || c.contains("W") || c.contains("x") || c.contains("w") { throw error }
        if c.contains("D") && c.contains("Y") && !c.contains("M") { throw error }
        if (c.contains("m") || c.contains("s")) && !(c.contains("H") || c.contains("h")) { throw error }
        if c.contains("s") && !c.contains("m") { throw error }
    }

    private static func escape(_ literal: String) -> String {
        var out = ""
        for c in literal {
            if "\\^$.|?*+()[]{}/-".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    private static func pattern(for marker: DateTimePicture.Marker) -> String {
        switch marker.component {
        case "Z": return "[Zz]|[+-][0-9]{1,2}:?[0-9]{0,2}"
        case "z": return "GMT[+-][0-9]{1,2}(?::?[0-9]{2})?"
        case "P": return "[aApP][mM]"
        case "f": return "[0-9]+"
        default: break
        }
        if marker.names != nil { return "[a-zA-Z]+" }
        guard let integer = marker.integer else { return ".+" }
        switch integer.kind {
        case .letters: return "[a-zA-Z]+"
        case .roman: return "[MDCLXVImdclxvi]+"
        case .words: return "[a-zA-Z][a-zA-Z, \\-]*?[a-zA-Z]"
        case .decimal:
            var digits = "[0-9]+"
            let optional = marker.presentation.contains("#")
            if let max = marker.maxWidth {
                digits = "[0-9]{1,\(max)}"
            } else if !optional, integer.mandatoryDigits > 1 {
                digits = "[0-9]{\(integer.mandatoryDigits)}"
            }
            return digits + (integer.ordinal ? "(?:st|nd|rd|th)" : "")
        }
    }
}
