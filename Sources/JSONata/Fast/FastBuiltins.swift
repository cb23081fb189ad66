/// Built-ins the fast tier calls directly with one argument: no argument array, no signature check.
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

    /// The decimal helpers with two arguments (`<(sn)(sn):s>`, and `$decimalRound`'s `<(sn)ns?:s>`
    /// without a mode).
    static let direct2: [String: Direct2] = [
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
