extension Functions {
    static let dateTimeFunctions: [NativeFunction] = [
        NativeFunction("fromMillis", "<n-s?s?:s>") { a, _ throws(JSONataError) in
            try fromMillis(a[0], a.count > 1 ? a[1] : nil, a.count > 2 ? a[2] : nil)
        },
        NativeFunction("toMillis", "<s-s?:n>") { a, evaluator throws(JSONataError) in
            guard let text = str(a[0]) else { return nil }
            if let picture = str(a.count > 1 ? a[1] : nil) {
                return try DateTimeParser.parse(text, picture: picture, nowMillis: evaluator.startMillis).map { .number(Double($0)) }
            }
            return try toMillis(a[0])
        },
        NativeFunction("now", "<s?s?:s>") { a, evaluator throws(JSONataError) in
            guard let picture = str(a.first ?? nil) else { return .string(DateFormatting.iso8601(millis: evaluator.startMillis)) }
            let offset = str(a.count > 1 ? a[1] : nil).flatMap(DateTimeFormatter.offsetMinutes) ?? 0
            return .string(try DateTimeFormatter(millis: evaluator.startMillis, offset: offset).format(Pictures.date(picture)))
        },
    ]
}

extension Functions {
    /// `$fromMillis(millis, picture, zone)` of arguments its signature admits.
    static func fromMillis(_ millisValue: Value?, _ pictureValue: Value?, _ zoneValue: Value?) throws(JSONataError) -> Value? {
        guard let millis = num(millisValue) else { return nil }
        let zone = str(zoneValue)
        guard let picture = str(pictureValue) else {
            if zone == nil { return .string(DateFormatting.iso8601(millis: Int64(Int(clamping: millis.rounded(.down))))) }
            return try fromMillis(millis, Pictures.date("[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]"), zone: zone)
        }
        return try fromMillis(millis, Pictures.date(picture), zone: zone)
    }

    /// `$fromMillis` with a parsed picture, in `zone` (`±HHMM`) or UTC.
    static func fromMillis(_ millis: Double, _ picture: DateTimePicture, zone: String?) throws(JSONataError) -> Value {
        let offset = zone.flatMap(DateTimeFormatter.offsetMinutes) ?? 0
        return .string(try DateTimeFormatter(millis: Int64(Int(clamping: millis.rounded(.down))), offset: offset).format(picture))
    }

    /// `$toMillis(timestamp)` without a picture: ISO 8601 text, or undefined.
    static func toMillis(_ textValue: Value?) throws(JSONataError) -> Value? {
        guard let text = str(textValue) else { return nil }
        guard let millis = DateTimeParser.parseISO(text) else {
            throw JSONataError(code: "D3110", token: text, message: "The timestamp \(text) cannot be parsed")
        }
        return .number(Double(millis))
    }
}
