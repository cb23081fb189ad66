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

    private static func binary(_ name: String, _ op: @escaping @Sendable (ExactDecimal, ExactDecimal) -> ExactDecimal) -> NativeFunction {
        let label = "$" + name
        return NativeFunction(name, "<(sn)(sn):s>") { a, _ throws(JSONataError) in
            guard let x = try decimal(a[0], label), let y = try decimal(a.count > 1 ? a[1] : nil, label) else { return nil }
            return .string(op(x, y).description)
        }
    }

    static let decimalFunctions: [NativeFunction] = [
        binary("decimalAdd", +),
        binary("decimalSub", -),
        binary("decimalMul", *),
        NativeFunction("decimalSum", "<a<(sn)>:s>") { a, _ throws(JSONataError) in
            guard let items = a[0]?.elements else { return nil }
            var total = ExactDecimal(mantissa: 0, scale: 0)
            for item in items {
                if let d = try decimal(item, "$decimalSum") { total = total + d }
            }
            return .string(total.description)
        },
        NativeFunction("decimalRound", "<(sn)ns?:s>") { a, _ throws(JSONataError) in
            guard let x = try decimal(a[0], "$decimalRound"), let scale = a.count > 1 ? a[1]?.numeric : nil else { return nil }
            guard let modeName = str(a.count > 2 ? a[2] : nil) else { return .string(x.rounded(scale: Int(scale), mode: .halfUp).description) }
            guard let mode = ExactDecimal.RoundingMode(rawValue: modeName) else {
                throw JSONataError(code: "D3030", token: modeName, message: "$decimalRound: unknown rounding mode \"\(modeName)\"; use one of \(ExactDecimal.RoundingMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .string(x.rounded(scale: Int(scale), mode: mode).description)
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
