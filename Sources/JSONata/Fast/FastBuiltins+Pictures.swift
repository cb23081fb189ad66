/// Direct forms of the picture functions whose picture is written in the expression
/// (`$formatNumber(total, "#,##0.00")`, `$fromMillis(ts, "[D01]/[M01]/[Y0001]")`): the picture is
/// parsed once, when the expression compiles, instead of being looked up in the shared cache (a lock
/// and a comparison) on every call. A picture that does not parse keeps the general form, so its
/// error is reported when the call runs, as before.
extension FastBuiltins {
    /// The two-argument direct form of `name` when its second argument is the literal `second`.
    static func direct2(_ name: String, literal second: String?) -> Direct2? {
        guard let text = second else { return direct2[name] }
        switch name {
        case "formatNumber":
            guard let picture = try? Pictures.number(text, options: []) else { break }
            return Direct2 { x, _ throws(JSONataError) in
                guard isNumber(x) else { return nil }
                guard let x = Functions.num(x) else { return .some(nil) }
                try Functions.finite(x, "$formatNumber")
                return .some(Functions.formatNumber(x, picture))
            }
        case "formatInteger":
            guard let format = try? Pictures.integer(text).value else { break }
            return Direct2 { x, _ throws(JSONataError) in
                guard isNumber(x) else { return nil }
                guard let x = Functions.num(x) else { return .some(nil) }
                try Functions.finite(x, "$formatInteger")
                return .some(try Functions.formatInteger(x, format, picture: text))
            }
        case "parseInteger":
            guard let format = try? Pictures.integer(text).value else { break }
            return Direct2 { value, _ throws(JSONataError) in
                guard isString(value) else { return nil }
                guard case .string(let text)? = value else { return .some(nil) }
                return .some(try Functions.parseInteger(text, format))
            }
        case "fromMillis":
            guard let picture = try? Pictures.date(text) else { break }
            return Direct2 { millis, _ throws(JSONataError) in
                guard isNumber(millis) else { return nil }
                guard let millis = Functions.num(millis) else { return .some(nil) }
                return .some(try Functions.fromMillis(millis, picture, zone: nil))
            }
        default:
            break
        }
        return direct2[name]
    }

    /// The three-argument direct form of `name` when its second argument is the literal `second`.
    static func direct3(_ name: String, literal second: String?) -> Direct3? {
        guard name == "fromMillis", let text = second, let picture = try? Pictures.date(text) else { return direct3[name] }
        return Direct3 { millis, _, zone throws(JSONataError) in
            guard isNumber(millis), isString(zone) else { return nil }
            guard let millis = Functions.num(millis) else { return .some(nil) }
            return .some(try Functions.fromMillis(millis, picture, zone: zone?.stringValue))
        }
    }
}
