/// XPath F&O date/time pictures (`[Y0001]-[M01]-[D01]T[H01]:[m]:[s].[f001][Z01:01t]`) for
/// `$fromMillis` and `$toMillis`.
struct DateTimePicture {
    struct Marker {
        var component: Character
        /// Names: `N` upper, `n` lower, `Nn` title.
        var names: IntegerPicture.Case?
        var integer: IntegerPicture?
        /// `t` on a timezone: `Z` for a zero offset.
        var zuluFlag = false
        /// Raw presentation (digits) for timezones and fractions.
        var presentation: String
        var explicitPresentation: Bool
        var minWidth: Int?
        var maxWidth: Int?
        /// How many `#` the presentation has (optional digits, which count towards a year's width).
        var optionalDigits = 0

        /// The width of a marker written as zero-padded ASCII digits and nothing else (`[M01]`,
        /// `[H01]`): a decimal picture without grouping, other digits or an ordinal.
        var plainDigits: Int? {
            guard names == nil, let integer, integer.kind == .decimal, integer.isPlainDigits else { return nil }
            return integer.mandatoryDigits
        }
    }

    enum Part {
        case literal(String)
        case marker(Marker)
    }

    let parts: [Part]

    static let defaults: [Character: String] = [
        "Y": "1", "M": "1", "D": "1", "d": "1", "F": "n", "W": "1", "X": "1", "w": "1", "x": "1", "H": "1", "h": "1", "P": "n",
        "m": "01", "s": "01", "f": "1", "Z": "01:01", "z": "01:01", "C": "n", "E": "n",
    ]

    init(_ picture: String) throws(JSONataError) {
        // An unclosed marker is reported before anything inside markers.
        var open = false
        var scan = Array(picture)[...]
        while let c = scan.first {
            if (c == "[" || c == "]") && scan.dropFirst().first == c && !open {
                scan = scan.dropFirst(2)
                continue
            }
            if c == "[" { open = true } else if c == "]" { open = false }
            scan = scan.dropFirst()
        }
        if open { throw JSONataError(code: "D3135", message: "No matching closing bracket ']' in date/time picture string") }
        var parts: [Part] = []
        var literal = ""
        let chars = Array(picture)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "[" {
                if i + 1 < chars.count && chars[i + 1] == "[" {
                    literal.append("[")
                    i += 2
                    continue
                }
                guard let close = chars[i...].firstIndex(of: "]") else {
                    throw JSONataError(code: "D3135", message: "No matching closing bracket ']' in date/time picture string")
                }
                if !literal.isEmpty {
                    parts.append(.literal(literal))
                    literal = ""
                }
                let body = String(chars[(i + 1)..<close].filter { !$0.isWhitespace })
                parts.append(.marker(try Self.marker(body)))
                i = close + 1
                continue
            }
            if c == "]" && i + 1 < chars.count && chars[i + 1] == "]" {
                literal.append("]")
                i += 2
                continue
            }
            literal.append(c)
            i += 1
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    /// The largest width a marker may ask for (`[Y,10000]`).
    static let maximumWidth = 10_000

    private static func marker(_ body: String) throws(JSONataError) -> Marker {
        guard let component = body.first else {
            throw JSONataError(code: "D3135", message: "Empty component in date/time picture string")
        }
        guard defaults[component] != nil else {
            throw JSONataError(code: "D3132", message: "Unknown component specifier \(component) in date/time picture string")
        }
        var rest = String(body.dropFirst())
        var minWidth: Int?, maxWidth: Int?
        if let comma = rest.lastIndex(of: ",") {
            let width = rest[rest.index(after: comma)...]
            rest = String(rest[..<comma])
            let bounds = width.split(separator: "-", omittingEmptySubsequences: false)
            minWidth = bounds.first.flatMap { Int($0) }
            maxWidth = bounds.count > 1 ? Int(bounds[1]) : nil
            // A width is written out digit by digit: one from input must not ask for a terabyte.
            for bound in [minWidth, maxWidth] {
                if let bound, bound > Self.maximumWidth {
                    throw JSONataError(
                        code: "D3134", message: "The width \(bound) in the date/time picture string is too large (at most \(Self.maximumWidth))")
                }
            }
        }
        let explicit = !rest.isEmpty
        var presentation = explicit ? rest : defaults[component]!
        var marker = Marker(component: component, presentation: presentation, explicitPresentation: explicit, minWidth: minWidth, maxWidth: maxWidth)
        if presentation.hasPrefix("N") || presentation.hasPrefix("n") {
            guard "MFxPCE".contains(component) else {
                throw JSONataError(code: "D3133", message: "The '\(component)' component cannot be represented by a name")
            }
            marker.names = presentation == "N" ? .upper : presentation == "Nn" ? .title : .lower
            return marker
        }
        if component == "Z" || component == "z" {
            if presentation.hasSuffix("t") {
                marker.zuluFlag = true
                presentation.removeLast()
            }
            marker.presentation = presentation
            return marker
        }
        if component == "f" { return marker }
        var ordinal = false
        if presentation.count > 1, presentation.hasSuffix("o") {
            ordinal = true
            presentation.removeLast()
        }
        var integer = try IntegerPicture(presentation + (ordinal ? ";o" : ""))
        if integer.kind == .decimal, let minWidth { integer.mandatoryDigits = max(integer.mandatoryDigits, minWidth) }
        if integer.kind == .decimal, let maxWidth { integer.mandatoryDigits = min(integer.mandatoryDigits, maxWidth) }
        marker.integer = integer
        marker.optionalDigits = presentation.utf8.count { $0 == UInt8(ascii: "#") }
        return marker
    }
}

/// Calendar arithmetic on UTC epoch milliseconds (proleptic Gregorian).
enum CivilTime {
    static func daysFromCivil(_ y: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Days since 1970-01-01 and milliseconds into that day of an instant (floor division, which
    /// cannot overflow at `Int64.min`).
    static func dayAndTime(of millis: Int64) -> (day: Int, millisecond: Int) {
        let remainder = millis % 86_400_000
        return (Int(millis / 86_400_000 - (remainder < 0 ? 1 : 0)), Int(remainder < 0 ? remainder + 86_400_000 : remainder))
    }

    /// `millis` moved by `offset` minutes, saturating at the ends of `Int64`: an offset from input
    /// may be any size, and past the ends there is no calendar to show anyway.
    static func shifted(_ millis: Int64, byMinutes offset: Int) -> Int64 {
        let (shift, overflow) = Int64(offset).multipliedReportingOverflow(by: 60_000)
        let (sum, overflowed) = millis.addingReportingOverflow(shift)
        if overflow || overflowed { return offset < 0 ? .min : .max }
        return sum
    }

    static func civil(fromDays z: Int) -> (year: Int, month: Int, day: Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
