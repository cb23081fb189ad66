import BoundedRegex

/// Parses timestamps: ISO 8601 without a picture, or any ``DateTimePicture``.
enum DateTimeParser {
    /// `YYYY[-MM[-DD[Thh:mm[:ss[.fff]][Z|±hh[:]mm]]]]`; `nil` when the text is not of that form.
    /// Read byte by byte: this runs for every timestamp a mapping converts.
    static func parseISO(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            var scanner = ISOScanner(bytes: bytes)
            return scanner.timestamp()
        }
    }

    /// What parsing with one picture needs, built once per picture (``Pictures/dateParsePlan(_:)``):
    /// the markers in order and the pattern whose groups capture them.
    final class Plan: Sendable {
        let markers: [DateTimePicture.Marker]
        /// Each marker's component as an ASCII byte (an index into the parsed values).
        let components: [UInt8]
        /// `nil` when there are no markers, or the pattern is refused.
        let regex: BoundedRegex?
        /// The picture leaves a gap (D3136), reported when it is used, as before parsing.
        let missingSpecifiers: Bool
        /// The pattern as steps read left to right without the regex, when it has only ASCII literals and
        /// decimal numbers whose runs of digits end where the regex's must (``PlainStep``); else `nil`.
        let plainSteps: [PlainStep]?

        init(_ picture: DateTimePicture) {
            var markers: [DateTimePicture.Marker] = []
            var regex = "^"
            for part in picture.parts {
                switch part {
                case .literal(let literal):
                    regex += DateTimeParser.escape(literal)
                case .marker(let marker):
                    markers.append(marker)
                    regex += "(" + DateTimeParser.pattern(for: marker) + ")"
                }
            }
            regex += "$"
            self.markers = markers
            components = markers.map { $0.component.asciiValue ?? 0 }
            plainSteps = PlainStep.steps(of: picture)
            if markers.isEmpty {
                self.regex = nil
                missingSpecifiers = false
                return
            }
            do {
                try DateTimeParser.validate(Set(markers.map(\.component)))
                missingSpecifiers = false
            } catch {
                missingSpecifiers = true
            }
            // A pattern the engine refuses matches nothing.
            self.regex = try? BoundedRegex(regex, flags: .init(ignoreCase: true))
        }
    }

    /// Parses `text` with `picture`; `nil` when it does not match.
    /// `readingSteps`: false makes it match with the regex even where steps would do (for tests).
    static func parse(_ text: String, picture: String, nowMillis: Int64, readingSteps: Bool = true) throws(JSONataError) -> Int64? {
        let plan = try Pictures.dateParsePlan(picture)
        if plan.markers.isEmpty { return nil }
        if plan.missingSpecifiers { try validate(Set(plan.markers.map(\.component))) }
        // Values by component letter; absent ones are `nil`.
        var values = [Int?](repeating: nil, count: 128)
        var offset = 0
        var pm: Bool?
        // Text with other characters goes to the regex, whose case-insensitive matching knows them.
        if readingSteps, plan.regex != nil, let steps = plan.plainSteps, text.utf8.allSatisfy({ $0 < 0x80 }) {
            guard PlainStep.read(text, steps, into: &values) else { return nil }
            return instant(values, offset: offset, pm: pm, nowMillis: nowMillis)
        }
        guard let regex = plan.regex else { return nil }
        let scalars = text.unicodeScalars.map(\.value)
        guard let match = try? regex.firstMatch(in: scalars), match.range == 0..<scalars.count else { return nil }
        for (i, marker) in plan.markers.enumerated() {
            guard i < match.groups.count, let range = match.groups[i] else { continue }
            var capturedScalars = String.UnicodeScalarView()
            // The values came from the text's own code points.
            for value in scalars[range] { capturedScalars.append(Unicode.Scalar(value).unsafelyUnwrapped) }
            let captured = String(capturedScalars)
            let component = Int(plan.components[i])
            switch marker.component {
            case "Z", "z":
                var body = captured
                if marker.component == "z" { body = String(body.dropFirst(3)) }
                if body.uppercased() == "Z" { offset = 0 } else { offset = DateTimeFormatter.offsetMinutes(body) ?? 0 }
            case "P":
                pm = captured.lowercased() == "pm"
            case "f":
                values[component] = Int((captured + "00").prefix(3)) ?? 0
            default:
                if marker.names != nil {
                    let candidates = marker.component == "F" ? CivilTime.dayNames : CivilTime.monthNames
                    if let index = candidates.firstIndex(where: { $0.lowercased().hasPrefix(captured.lowercased()) }) {
                        values[component] = index + 1
                    }
                } else if let integer = marker.integer {
                    var parser = integer
                    if parser.kind == .decimal, parser.ordinal == false, captured.last?.isLetter == true { parser.ordinal = true }
                    if parser.kind == .words { parser.ordinal = false }
                    guard let n = try parser.parse(captured) ?? NumberWords.parse(captured) else { return nil }
                    values[component] = n
                }
            }
        }
        return instant(values, offset: offset, pm: pm, nowMillis: nowMillis)
    }

    /// The instant of the parsed components (by component letter), with `offset` minutes east of UTC.
    private static func instant(_ values: [Int?], offset: Int, pm: Bool?, nowMillis: Int64) -> Int64 {
        var values = values
        func value(_ component: Unicode.Scalar) -> Int? { values[Int(component.value)] }
        if let h = value("h") {
            values[Int(UInt8(ascii: "H"))] = (h % 12) + ((pm ?? false) ? 12 : 0)
        }
        let hasDate = value("Y") != nil || value("M") != nil || value("D") != nil || value("d") != nil
        let now = CivilTime.civil(fromDays: Int(nowMillis / 86_400_000))
        let year = value("Y") ?? (hasDate ? 1970 : now.year)
        var days: Int
        if let dayOfYear = value("d") {
            days = CivilTime.daysFromCivil(year, 1, 1) + dayOfYear - 1
        } else {
            let month = value("M") ?? (hasDate ? 1 : now.month)
            let day = value("D") ?? (hasDate ? 1 : now.day)
            days = CivilTime.daysFromCivil(year, month, day)
        }
        let hours: Int = value("H") ?? 0
        let minutes: Int = value("m") ?? 0
        let seconds: Int = value("s") ?? 0
        let fraction: Int = value("f") ?? 0
        let time: Int = (hours * 60 + minutes) * 60 + seconds
        let dayMillis = Int64(days) * 86_400_000
        return CivilTime.shifted(dayMillis + Int64(time * 1000 + fraction), byMinutes: -offset)
    }

    /// The components must leave no gaps (year-month-day or year-day; hour-minute-second).
    fileprivate static func validate(_ c: Set<Character>) throws(JSONataError) {
        let error = JSONataError(code: "D3136", message: "The date/time picture string is missing specifiers required to parse the timestamp")
        if c.contains("X") || c.contains("W") || c.contains("x") || c.contains("w") { throw error }
        if c.contains("D") && c.contains("Y") && !c.contains("M") { throw error }
        if (c.contains("m") || c.contains("s")) && !(c.contains("H") || c.contains("h")) { throw error }
        if c.contains("s") && !c.contains("m") { throw error }
    }

    fileprivate static func escape(_ literal: String) -> String {
        var out = ""
        for c in literal {
            if "\\^$.|?*+()[]{}/-".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    fileprivate static func pattern(for marker: DateTimePicture.Marker) -> String {
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
            let run = digitRun(of: marker, integer)
            let digits = run.max == nil ? "[0-9]+" : run.min == run.max ? "[0-9]{\(run.min)}" : "[0-9]{1,\(run.max!)}"
            return digits + (integer.ordinal ? "(?:st|nd|rd|th)" : "")
        }
    }

    /// How many digits a decimal marker's pattern takes: at most its maximum width, exactly its
    /// mandatory digits when it has several and no optional ones, else any number (`max` nil).
    fileprivate static func digitRun(of marker: DateTimePicture.Marker, _ integer: IntegerPicture) -> (min: Int, max: Int?) {
        if let max = marker.maxWidth { return (1, max) }
        if !marker.presentation.contains("#"), integer.mandatoryDigits > 1 { return (integer.mandatoryDigits, integer.mandatoryDigits) }
        return (1, nil)
    }

    /// One step of a picture read without the regex: a literal (ASCII, compared ignoring case as the
    /// regex does) or a decimal number's run of ASCII digits. A run ends at a literal that does not
    /// start with a digit, at the end, or after a fixed number of digits: there the greedy regex has no
    /// other way to match, so reading left to right gives its answer.
    enum PlainStep: Sendable {
        case literal([UInt8])
        case digits(component: Int, min: Int, max: Int?)

        static func steps(of picture: DateTimePicture) -> [PlainStep]? {
            var steps: [PlainStep] = []
            for part in picture.parts {
                switch part {
                case .literal(let literal):
                    guard literal.utf8.allSatisfy({ $0 < 0x80 }), !literal.isEmpty else { return nil }
                    if case .digits(_, let min, let max)? = steps.last, min != max, let first = literal.utf8.first, isDigit(first) { return nil }
                    steps.append(.literal(Array(literal.utf8)))
                case .marker(let marker):
                    guard !"ZzPf".contains(marker.component), marker.names == nil, let integer = marker.integer, integer.kind == .decimal,
                        !integer.ordinal, let component = marker.component.asciiValue
                    else { return nil }
                    if case .digits(_, let min, let max)? = steps.last, min != max { return nil }
                    let run = DateTimeParser.digitRun(of: marker, integer)
                    steps.append(.digits(component: Int(component), min: run.min, max: run.max))
                }
            }
            return steps
        }

        /// Reads `text` (ASCII) step by step into `values`; false when it does not match the picture or
        /// a number does not fit an `Int` (as ``IntegerPicture/parse(_:)`` refuses it).
        static func read(_ text: String, _ steps: [PlainStep], into values: inout [Int?]) -> Bool {
            var text = text
            return text.withUTF8 { bytes in
                var i = 0
                for step in steps {
                    switch step {
                    case .literal(let literal):
                        guard bytes.count - i >= literal.count else { return false }
                        for byte in literal {
                            guard lowered(bytes[i]) == lowered(byte) else { return false }
                            i += 1
                        }
                    case .digits(let component, let min, let max):
                        var available = 0
                        while i + available < bytes.count && isDigit(bytes[i + available]) { available += 1 }
                        let taken: Int
                        if let max, min == max {
                            guard available >= min else { return false }
                            taken = min
                        } else {
                            guard available >= 1 && available <= (max ?? Int.max) else { return false }
                            taken = available
                        }
                        var n = 0
                        for k in i..<(i + taken) {
                            let (shifted, o1) = n.multipliedReportingOverflow(by: 10)
                            let (sum, o2) = shifted.addingReportingOverflow(Int(bytes[k] - UInt8(ascii: "0")))
                            guard !o1 && !o2 else { return false }
                            n = sum
                        }
                        values[component] = n
                        i += taken
                    }
                }
                return i == bytes.count
            }
        }

        private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        private static func lowered(_ byte: UInt8) -> UInt8 { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte }
    }
}

/// Reads an ISO 8601 timestamp from UTF-8 bytes (see ``DateTimeParser/parseISO(_:)``).
private struct ISOScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    private func byte(_ at: Int) -> UInt8? { at < bytes.count ? bytes[at] : nil }

    /// Exactly `count` digits as a number.
    private mutating func digits(_ count: Int) -> Int? {
        guard i + count <= bytes.count else { return nil }
        var value = 0
        for k in 0..<count {
            let d = bytes[i + k] &- 0x30
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        i += count
        return value
    }

    private mutating func take(_ c: UInt8) -> Bool {
        guard byte(i) == c else { return false }
        i += 1
        return true
    }

    mutating func timestamp() -> Int64? {
        let negative = take(0x2D)
        guard var year = digits(4) else { return nil }
        if negative { year = -year }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0, millis = 0, offset = 0
        if take(0x2D) {
            guard let m = digits(2) else { return nil }
            month = m
            if take(0x2D) {
                guard let d = digits(2) else { return nil }
                day = d
                if take(0x54) {  // T
                    guard let h = digits(2), take(0x3A), let mi = digits(2) else { return nil }
                    hour = h
                    minute = mi
                    if take(0x3A) {
                        guard let s = digits(2) else { return nil }
                        second = s
                        if take(0x2E) {
                            // Fraction: the first three digits are milliseconds (padded), the rest ignored.
                            var count = 0
                            while let d = byte(i), d >= 0x30 && d <= 0x39 {
                                if count < 3 { millis = millis * 10 + Int(d - 0x30) }
                                count += 1
                                i += 1
                            }
                            guard count > 0 else { return nil }
                            for _ in count..<max(count, 3) { millis *= 10 }
                        }
                    }
                    if take(0x5A) {  // Z
                        offset = 0
                    } else if let sign = byte(i), sign == 0x2B || sign == 0x2D {
                        i += 1
                        guard let oh = digits(2) else { return nil }
                        _ = take(0x3A)
                        guard let om = digits(2) else { return nil }
                        offset = (oh * 60 + om) * (sign == 0x2D ? -1 : 1)
                    }
                }
            }
        }
        guard i == bytes.count else { return nil }
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = CivilTime.daysFromCivil(year, month, day)
        return Int64(days) * 86_400_000 + Int64(((hour * 60 + minute) * 60 + second) * 1000 + millis) - Int64(offset) * 60_000
    }
}

