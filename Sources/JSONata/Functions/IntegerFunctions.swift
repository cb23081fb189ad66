import JSONValue

extension Functions {
    /// `$formatNumber(x, picture, options)` of arguments its signature admits, the options as pairs.
    static func formatNumber(_ value: Value?, _ pictureValue: Value?, options: [(String, String)]) throws(JSONataError) -> Value? {
        guard let x = num(value), let picture = str(pictureValue) else { return nil }
        try finite(x, "$formatNumber")
        return formatNumber(x, try Pictures.number(picture, options: options))
    }

    /// `$formatNumber` of a finite number with a parsed picture.
    static func formatNumber(_ x: Double, _ picture: NumberPicture) -> Value {
        .string(picture.format(x))
    }

    /// `$formatInteger(x, picture)` of arguments its signature admits.
    static func formatInteger(_ value: Value?, _ pictureValue: Value?) throws(JSONataError) -> Value? {
        guard let x = num(value), let picture = str(pictureValue) else { return nil }
        try finite(x, "$formatInteger")
        return try formatInteger(x, try Pictures.integer(picture).value, picture: picture)
    }

    /// `$formatInteger` of a finite number with a parsed picture (`picture`, its text, for errors).
    static func formatInteger(_ x: Double, _ format: IntegerPicture, picture: String) throws(JSONataError) -> Value {
        if format.kind == .words, x.magnitude >= 9.2e18 {
            return .string(NumberWords.words(x.rounded(.down), ordinal: format.ordinal, format.letterCase))
        }
        // Roman numerals write one "M" per thousand: a number from input must not become a gigabyte.
        if format.kind == .roman, x.magnitude > 1_000_000 {
            throw JSONataError(code: "D3133", token: picture, message: "$formatInteger: \(JSONNumber.format(x)) is too large for roman numerals (at most 1000000)")
        }
        return .string(format.format(Int(clamping: x)))
    }

    /// `$parseInteger(text, picture)` of arguments its signature admits.
    static func parseInteger(_ textValue: Value?, _ pictureValue: Value?) throws(JSONataError) -> Value? {
        guard let text = str(textValue), let picture = str(pictureValue) else { return nil }
        return try parseInteger(text, try Pictures.integer(picture).value)
    }

    /// `$parseInteger` of text with a parsed picture.
    static func parseInteger(_ text: String, _ format: IntegerPicture) throws(JSONataError) -> Value? {
        if format.kind == .words, let big = NumberWordsBig.parse(text) { return .number(big) }
        return try format.parse(text).map { .number(Double($0)) }
    }

    static let integerFunctions: [NativeFunction] = [
        NativeFunction("formatNumber", "<n-so?:s>") { a, _ throws(JSONataError) in
            var options: [(String, String)] = []
            for (k, v) in (a.count > 2 ? a[2]?.members : nil) ?? [] { if let text = v.stringValue { options.append((k, text)) } }
            return try formatNumber(a[0], a.count > 1 ? a[1] : nil, options: options)
        },
        NativeFunction("formatInteger", "<n-s:s>") { a, _ throws(JSONataError) in try formatInteger(a[0], a.count > 1 ? a[1] : nil) },
        NativeFunction("parseInteger", "<s-s:n>") { a, _ throws(JSONataError) in try parseInteger(a[0], a.count > 1 ? a[1] : nil) },
    ]
}

/// Word numbers beyond the range of `Int` ("ten billion trillion trillion trillion").
enum NumberWordsBig {
    static func parse(_ text: String) -> Double? {
        let lower = text.lowercased()
        guard lower.components(separatedBy: "trillion").count > 2 else { return nil }
        var value = 1.0
        var started = false
        for token in lower.split(separator: " ") {
            switch token {
            case "ten": value *= 10; started = true
            case "one": started = true
            case "thousand": value *= 1e3
            case "million": value *= 1e6
            case "billion": value *= 1e9
            case "trillion": value *= 1e12
            default: return nil
            }
        }
        return started ? value : nil
    }
}
