import JSONValue

/// Exact decimal money helpers: `$decimalAdd`, `$decimalSub`, `$decimalMul`, `$decimalSum`,
/// `$decimalRound(value, scale, mode?)`, `$decimalCompare`, `$decimalScale` (digits after the point). Operands are decimal strings or numbers;
/// results are decimal strings. Rounding is explicit: half-up unless a mode is given.
extension Functions {
    static func decimal(_ value: Value?, _ function: String) throws(JSONataError) -> ExactDecimal? {
        guard let value else { return nil }
        let text: String
        switch value {
        case .string(let s): text = s
        case .exact(let n): text = n.text
        case .number(let d):
            // Whole numbers below 10^15 (quantities) need no detour through text; precision15 keeps them.
            if d.rounded() == d && d.magnitude < 1e15 { return ExactDecimal(mantissa: Int128(Int64(d)), scale: 0) }
            text = JSONNumber.format(precision15(d))
        default: throw JSONataError(code: "T0410", token: function, message: "Arguments of \(function) must be decimal strings or numbers")
        }
        guard let decimal = ExactDecimal(text) else {
            throw JSONataError(code: "D3030", token: text, message: "\(function): \"\(text)\" is not a decimal number")
        }
        return decimal
    }

    /// The text of an exact result, or a mapping error (D3031) when it does not fit: an input such as a
    /// price with fifty decimals fails its evaluation, it never stops the process.
    static func decimalText(_ function: String, _ compute: () throws(ExactDecimal.Overflow) -> ExactDecimal) throws(JSONataError) -> String {
        try decimalValue(function, compute).description
    }

    /// An exact result, or the mapping error of ``decimalText(_:_:)``.
    static func decimalValue(_ function: String, _ compute: () throws(ExactDecimal.Overflow) -> ExactDecimal) throws(JSONataError) -> ExactDecimal {
        do {
            return try compute()
        } catch {
            throw JSONataError(
                code: "D3031", token: function,
                message: "\(function): the exact result needs more than 38 significant digits or more than \(ExactDecimal.maxScale) decimal places")
        }
    }

    /// The number of decimal places asked of `$decimalRound`: a whole number within ±``ExactDecimal/maxScale``.
    static func roundingScale(_ places: Double) throws(JSONataError) -> Int {
        guard places.rounded() == places, places.magnitude <= Double(ExactDecimal.maxScale) else {
            throw JSONataError(code: "D3031", token: "$decimalRound", message: "$decimalRound: the scale must be a whole number from -\(ExactDecimal.maxScale) to \(ExactDecimal.maxScale), not \(JSONNumber.format(places))")
        }
        return Int(places)
    }

    /// The sum of every operand, exactly.
    static func decimalTotal(_ items: [Value]) throws(JSONataError) -> String {
        var total = ExactDecimal(mantissa: 0, scale: 0)
        for item in items {
            guard let d = try decimal(item, "$decimalSum") else { continue }
            let sum = total
            total = try decimalValue("$decimalSum") { () throws(ExactDecimal.Overflow) in try sum + d }
        }
        return total.description
    }

    private static func binary(_ name: String, _ op: @escaping @Sendable (ExactDecimal, ExactDecimal) throws(ExactDecimal.Overflow) -> ExactDecimal) -> NativeFunction {
        let label = "$" + name
        return NativeFunction(name, "<(sn)(sn):s>") { a, _ throws(JSONataError) in
            guard let x = try decimal(a[0], label), let y = try decimal(a.count > 1 ? a[1] : nil, label) else { return nil }
            return .string(try decimalText(label) { () throws(ExactDecimal.Overflow) in try op(x, y) })
        }
    }

    static let decimalFunctions: [NativeFunction] = [
        binary("decimalAdd", +),
        binary("decimalSub", -),
        binary("decimalMul", *),
        NativeFunction("decimalSum", "<a<(sn)>:s>") { a, _ throws(JSONataError) in
            guard let items = a[0]?.elements else { return nil }
            return .string(try decimalTotal(items))
        },
        NativeFunction("decimalRound", "<(sn)ns?:s>") { a, _ throws(JSONataError) in
            guard let x = try decimal(a[0], "$decimalRound"), let places = a.count > 1 ? a[1]?.numeric : nil else { return nil }
            let scale = try roundingScale(places)
            guard let modeName = str(a.count > 2 ? a[2] : nil) else {
                return .string(try decimalText("$decimalRound") { () throws(ExactDecimal.Overflow) in try x.rounded(scale: scale, mode: .halfUp) })
            }
            guard let mode = ExactDecimal.RoundingMode(rawValue: modeName) else {
                throw JSONataError(code: "D3030", token: modeName, message: "$decimalRound: unknown rounding mode \"\(modeName)\"; use one of \(ExactDecimal.RoundingMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .string(try decimalText("$decimalRound") { () throws(ExactDecimal.Overflow) in try x.rounded(scale: scale, mode: mode) })
        },
        NativeFunction("decimalScale", "<(sn):n>") { a, _ throws(JSONataError) in
            guard let x = try decimal(a[0], "$decimalScale") else { return nil }
            return .number(Double(x.scale))
        },
        NativeFunction("decimalCompare", "<(sn)(sn):n>") { a, _ throws(JSONataError) in
            guard let x = try decimal(a[0], "$decimalCompare"), let y = try decimal(a.count > 1 ? a[1] : nil, "$decimalCompare") else { return nil }
            return .number(Double(x.compare(to: y)))
        },
    ]
}
