import JSONValue

/// Built-ins the fast tier calls directly with one, two or three arguments: no argument array, no
/// signature check.
/// Each answers what the library's implementation answers for an argument its signature accepts
/// (`.some(nil)` is an undefined result); `nil` means "not handled here": the general call then runs
/// and reports a wrong argument the usual way.
enum FastBuiltins {
    /// One built-in's direct form (a struct, so the dictionary holds the function without a thunk).
    struct Direct: Sendable {
        let call: @Sendable (Value?) throws(JSONataError) -> Value??
    }

    static let direct: [String: Direct] = [
        // `<x-b?:s>`
        "string": Direct { value throws(JSONataError) in
            guard let value else { return .some(nil) }
            if case .function = value { return .some(.string("")) }
            return .some(.string(try Functions.string(value)))
        },
        // `<s-:s>`
        "lowercase": Direct { value in
            guard let value else { return .some(nil) }
            guard case .string(let text) = value else { return nil }
            return .some(.string(text.lowercased()))
        },
        // `<a<(sn)>:s>`: a single string or number stands for an array of one, as the signature coerces it.
        "decimalSum": Direct { value throws(JSONataError) in
            guard let value else { return .some(nil) }
            let items = value.elements ?? [value]
            guard items.allSatisfy({ isDecimalOperand($0) }) else { return nil }
            return .some(.string(try Functions.decimalTotal(items)))
        },
        // `<s-:s>`
        "uppercase": Direct { value in
            guard let value else { return .some(nil) }
            guard case .string(let text) = value else { return nil }
            return .some(.string(text.uppercased()))
        },
        // `<s-:s>`
        "trim": Direct { value in
            guard let value else { return .some(nil) }
            guard case .string(let text) = value else { return nil }
            return .some(.string(CodePointText.trim(text)))
        },
        // `<(nsb)-:n>`: what its signature rejects is the general call's error to report.
        "number": Direct { value throws(JSONataError) in
            guard let value else { return .some(nil) }
            guard let number = try Functions.number(value) else { return nil }
            return .some(number)
        },
        // `<n-s?s?:s>`, `<s-s?:n>` (without a picture, which needs the evaluation's clock)
        "fromMillis": Direct { millis throws(JSONataError) in
            guard isNumber(millis) else { return nil }
            return .some(try Functions.fromMillis(millis, nil, nil))
        },
        "toMillis": Direct { text throws(JSONataError) in
            guard isString(text) else { return nil }
            return .some(try Functions.toMillis(text))
        },
        // `<x-:b>`
        "not": Direct { value in .some(value.map { .bool(!Evaluator.truthy($0)) }) },
        "boolean": Direct { value in .some(value.map { .bool(Evaluator.truthy($0)) }) },
        // `<x:b>`
        "exists": Direct { value in .some(.bool(value != nil)) },
        // `<a:n>`: a single value counts as an array of one.
        "count": Direct { value in .some(.number(Double(Functions.count(value)))) },
        // `<a<n>:n>`: an array of numbers (or a single number, wrapped); anything else is the general call's.
        "sum": Direct { value in
            guard let value else { return .some(nil) }
            if value.isNumber { return .some(.number(value.numeric!)) }
            guard Signature.TypeSet.number.admitsElements(of: value), let (total, _) = Functions.foldNumbers(value, 0, { $0 + $1 }) else { return nil }
            return .some(.number(total))
        },
    ]

    /// One built-in's direct two-argument form.
    struct Direct2: Sendable {
        let call: @Sendable (Value?, Value?) throws(JSONataError) -> Value??
    }

    /// Built-ins called with two arguments of the types their signatures name (undefined included),
    /// and the decimal helpers (`<(sn)(sn):s>`, and `$decimalRound`'s `<(sn)ns?:s>` without a mode).
    static let direct2: [String: Direct2] = [
        // `<n-s?s?:s>`
        "fromMillis": Direct2 { millis, picture throws(JSONataError) in
            guard isNumber(millis), isString(picture) else { return nil }
            return .some(try Functions.fromMillis(millis, picture, nil))
        },
        // `<n-n?:n>`, `<n-n:n>`
        "round": Direct2 { x, precision in
            guard isNumber(x), isNumber(precision) else { return nil }
            return .some(Functions.round(x, precision))
        },
        "power": Direct2 { x, y throws(JSONataError) in
            guard isNumber(x), isNumber(y) else { return nil }
            return .some(try Functions.power(x, y))
        },
        // `<s-nn?:s>`, `<s-ns?:s>`
        "substring": Direct2 { text, start in
            guard isString(text), isNumber(start) else { return nil }
            return .some(Functions.substring(text, start, nil))
        },
        "pad": Direct2 { text, width throws(JSONataError) in
            guard isString(text), isNumber(width) else { return nil }
            return .some(try Functions.pad(text, width, nil))
        },
        // `<s-s:s>`
        "substringBefore": Direct2 { text, separator in
            guard isString(text), isString(separator) else { return nil }
            return .some(Functions.substring(text, around: separator, before: true))
        },
        "substringAfter": Direct2 { text, separator in
            guard isString(text), isString(separator) else { return nil }
            return .some(Functions.substring(text, around: separator, before: false))
        },
        // `<s-(sf):b>` and `<s-(sf)n?:a<s>>` with text (a regex is the general call's).
        "contains": Direct2 { text, pattern in
            guard isString(text), isString(pattern) else { return nil }
            guard case .string(let s)? = text else { return .some(nil) }
            return .some(Functions.contains(s, pattern))
        },
        "split": Direct2 { text, separator in
            guard isString(text), isString(separator) else { return nil }
            guard case .string(let s)? = text, case .string(let sep)? = separator else { return .some(nil) }
            guard !sep.isEmpty else { return .some(.jsonArray(Functions.split(s, by: sep).map { .string($0) })) }
            // The parts go straight into the result.
            var parts: [JSON] = []
            CodePointText.split(s, by: sep) { parts.append(.string($0)) }
            return .some(.jsonArray(parts))
        },
        // `<a<s>s?:s>`: an input array of strings (anything else, wrapped or checked, is the general call's).
        "join": Direct2 { strings, separator in
            guard isString(separator) else { return nil }
            switch strings {
            case nil: return .some(nil)
            case .jsonArray(let elements)?:
                guard elements.allSatisfy({ if case .string = $0 { true } else { false } }) else { return nil }
                return .some(Functions.join(strings, separator))
            default: return nil
            }
        },
        // `<n-s:s>`, `<s-s:n>`
        "formatInteger": Direct2 { x, picture throws(JSONataError) in
            guard isNumber(x), isString(picture) else { return nil }
            return .some(try Functions.formatInteger(x, picture))
        },
        "parseInteger": Direct2 { text, picture throws(JSONataError) in
            guard isString(text), isString(picture) else { return nil }
            return .some(try Functions.parseInteger(text, picture))
        },
        // `<n-so?:s>` without options.
        "formatNumber": Direct2 { x, picture throws(JSONataError) in
            guard isNumber(x), isString(picture) else { return nil }
            return .some(try Functions.formatNumber(x, picture, options: []))
        },
        "decimalAdd": decimal("decimalAdd", +),
        "decimalSub": decimal("decimalSub", -),
        "decimalMul": decimal("decimalMul", *),
        "decimalRound": Direct2 { value, scale throws(JSONataError) in
            guard isDecimalOperand(value), scale == nil || scale?.isNumber == true else { return nil }
            guard let x = try Functions.decimal(value, "$decimalRound"), let places = scale?.numeric else { return .some(nil) }
            let scale = try Functions.roundingScale(places)
            return .some(.string(try Functions.decimalText("$decimalRound") { () throws(ExactDecimal.Overflow) in try x.rounded(scale: scale, mode: .halfUp) }))
        },
    ]

    /// One built-in's direct three-argument form.
    struct Direct3: Sendable {
        let call: @Sendable (Value?, Value?, Value?) throws(JSONataError) -> Value??
    }

    /// Built-ins called with three arguments of the types their signatures name.
    static let direct3: [String: Direct3] = [
        // `<n-s?s?:s>`
        "fromMillis": Direct3 { millis, picture, zone throws(JSONataError) in
            guard isNumber(millis), isString(picture), isString(zone) else { return nil }
            return .some(try Functions.fromMillis(millis, picture, zone))
        },
        // `<s-nn?:s>`
        "substring": Direct3 { text, start, length in
            guard isString(text), isNumber(start), isNumber(length) else { return nil }
            return .some(Functions.substring(text, start, length))
        },
        // `<s-ns?:s>`
        "pad": Direct3 { text, width, padding throws(JSONataError) in
            guard isString(text), isNumber(width), isString(padding) else { return nil }
            return .some(try Functions.pad(text, width, padding))
        },
    ]

    /// A number or undefined: what an `n` parameter takes without coercion.
    static func isNumber(_ value: Value?) -> Bool { value?.isNumber ?? true }

    /// A string or undefined: what an `s` parameter takes without coercion.
    static func isString(_ value: Value?) -> Bool {
        guard let value else { return true }
        if case .string = value { return true }
        return false
    }

    private static func decimal(_ name: String, _ op: @escaping @Sendable (ExactDecimal, ExactDecimal) throws(ExactDecimal.Overflow) -> ExactDecimal) -> Direct2 {
        let label = "$" + name
        return Direct2 { a, b throws(JSONataError) in
            guard isDecimalOperand(a), isDecimalOperand(b) else { return nil }
            guard let x = try Functions.decimal(a, label), let y = try Functions.decimal(b, label) else { return .some(nil) }
            return .some(.string(try Functions.decimalText(label) { () throws(ExactDecimal.Overflow) in try op(x, y) }))
        }
    }

    /// `(sn)`: a string or a number, or undefined.
    private static func isDecimalOperand(_ value: Value?) -> Bool {
        guard let value else { return true }
        if case .string = value { return true }
        return value.isNumber
    }
}
