#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONValue

/// The built-in function library and the helpers the operators share with it.
enum Functions {
    /// Built-ins by name (without `$`).
    static let builtins: [String: NativeFunction] = {
        var table: [String: NativeFunction] = [:]
        for f in stringFunctions + numericFunctions + aggregateFunctions + collectionFunctions + higherOrderFunctions + decimalFunctions + moreFunctions + integerFunctions + dateTimeFunctions {
            table[f.name] = f
        }
        return table
    }()

    /// Built-ins as ready function values (no allocation per call).
    static let builtinValues: [String: Value] = builtins.mapValues { .function(FunctionValue(.native($0))) }

    static func typeError(_ name: String, _ index: Int, position: Int = 0) -> JSONataError {
        JSONataError(code: "T0410", position: position, token: name, message: "Argument \(index + 1) of function \"\(name)\" does not match function signature")
    }

    /// Whether `arguments` fit `signature` one to one, each of an accepted type (a typed array's
    /// elements too; missing trailing ones optional): then ``coerce(_:to:context:name:position:)``
    /// returns them unchanged, without the context.
    static func acceptsDirectly(_ arguments: [Value?], _ signature: Signature) -> Bool {
        guard let direct = signature.directArity, signature.minimumDirectArguments <= arguments.count && arguments.count <= direct else { return false }
        // By index: iterating the parameters would copy each one (and retain its strings).
        for i in arguments.indices {
            if let argument = arguments[i], !signature.parameters[i].admitsDirectly(argument) { return false }
        }
        return true
    }

    /// ``acceptsDirectly(_:_:)`` for arguments as JSON (what their values read back as).
    static func acceptsDirectly(json arguments: [JSON?], _ signature: Signature) -> Bool {
        guard let direct = signature.directArity, signature.minimumDirectArguments <= arguments.count && arguments.count <= direct else { return false }
        for i in arguments.indices {
            if let argument = arguments[i], !signature.parameters[i].admitsDirectly(argument) { return false }
        }
        return true
    }

    /// Validates and coerces arguments against a signature, as jsonata-js does: an explicit undefined
    /// argument matches any parameter; a `-` parameter left without an argument takes the context
    /// (T0411 when the context does not fit it); `+` takes one or more; `a` parameters wrap single values.
    static func coerce(_ arguments: [Value?], to signature: Signature, context: Value?, name: String, position: Int) throws(JSONataError) -> [Value?] {
        // Fast paths: one argument per parameter, each of the right type (missing ones optional), or
        // each fitting its parameter once wrapped; the matching below would bind them the same way.
        if acceptsDirectly(arguments, signature) { return arguments }
        if fitsOneToOne(arguments, signature) {
            var result = arguments
            for i in result.indices {
                result[i] = try coerced(result[i], signature.parameters[i], index: i, name: name, position: position)
            }
            return result
        }
        let parameters = signature.parameters
        guard let plan = assign(arguments[...], parameters[...]) else {
            let index = firstMismatch(arguments, parameters)
            throw JSONataError(code: "T0410", position: position, token: name, message: "Argument \(index + 1) of function \"\(name)\" does not match function signature")
        }
        var context = context
        if let box = context?.box, box.outerWrapper { context = box.items.first }
        var result: [Value?] = []
        var next = 0
        for slot in plan {
            let parameter = parameters[slot.parameter]
            var argument: Value?
            if slot.usesContext {
                if let context, !parameter.fits(context) {
                    throw JSONataError(code: "T0411", position: position, token: name, message: "Context value is not a compatible type with argument \(result.count + 1) of function \"\(name)\"")
                }
                argument = context
            } else {
                argument = arguments[next]
                next += 1
            }
            result.append(try coerced(argument, parameter, index: result.count, name: name, position: position))
        }
        return result
    }

    /// Whether each argument fits the parameter at its position, with no variadic parameter and no
    /// required one left over: matching binds them in order.
    private static func fitsOneToOne(_ arguments: [Value?], _ signature: Signature) -> Bool {
        guard let direct = signature.directArity, signature.minimumDirectArguments <= arguments.count && arguments.count <= direct else { return false }
        for i in arguments.indices {
            if let argument = arguments[i], !signature.parameters[i].fits(argument) { return false }
        }
        return true
    }

    /// An argument bound to `parameter`: a single value for an array parameter wrapped in an array,
    /// a typed array's elements checked (T0412).
    private static func coerced(
        _ argument: Value?, _ parameter: Signature.Parameter, index: Int, name: String, position: Int
    ) throws(JSONataError) -> Value? {
        guard let value = argument, parameter.accepted.contains(.array) else { return argument }
        let elementTypes = parameter.acceptedElements
        if !value.isArray, !parameter.accepted.subtracting(.array).admits(value) {
            if let elementTypes, !elementTypes.admits(value) {
                throw elementError(name, index, parameter, position: position)
            }
            return .plainArray([value])
        }
        if let elementTypes, !elementTypes.admitsElements(of: value) {
            throw elementError(name, index, parameter, position: position)
        }
        return value
    }

    private static func elementError(_ name: String, _ index: Int, _ parameter: Signature.Parameter, position: Int) -> JSONataError {
        JSONataError(
            code: "T0412", position: position, token: name,
            message: "Argument \(index + 1) of function \"\(name)\" must be an array of \(parameter.elementTypes ?? "")")
    }

    /// One bound argument: which parameter, and whether the context stands in for it.
    struct Binding {
        var parameter: Int
        var usesContext: Bool
    }

    /// Matches arguments to parameters with backtracking (as a regular expression would).
    private static func assign(_ arguments: ArraySlice<Value?>, _ parameters: ArraySlice<Signature.Parameter>) -> [Binding]? {
        guard let parameter = parameters.first else { return arguments.isEmpty ? [] : nil }
        let index = parameters.startIndex
        let rest = parameters.dropFirst()
        func fits(_ value: Value?) -> Bool { value == nil || parameter.fits(value!) }
        if parameter.variadic {
            var count = 0
            while count < arguments.count, fits(arguments[arguments.startIndex + count]) { count += 1 }
            while count >= (parameter.optional ? 0 : 1) {
                if let tail = assign(arguments.dropFirst(count), rest) {
                    return Array(repeating: Binding(parameter: index, usesContext: false), count: count) + tail
                }
                count -= 1
            }
            return nil
        }
        if let first = arguments.first, fits(first), let tail = assign(arguments.dropFirst(), rest) {
            return [Binding(parameter: index, usesContext: false)] + tail
        }
        if parameter.contextDefault, let tail = assign(arguments, rest) {
            return [Binding(parameter: index, usesContext: true)] + tail
        }
        if parameter.optional, let tail = assign(arguments, rest) { return tail }
        return nil
    }

    private static func firstMismatch(_ arguments: [Value?], _ parameters: [Signature.Parameter]) -> Int {
        var i = 0
        for parameter in parameters {
            if parameter.variadic {
                while i < arguments.count, arguments[i] == nil || parameter.fits(arguments[i]!) { i += 1 }
            } else if i < arguments.count, arguments[i] == nil || parameter.fits(arguments[i]!) {
                i += 1
            } else if !parameter.optional && !parameter.contextDefault {
                return i
            }
        }
        return i
    }

    /// `$string` conversion: numbers to 15 significant digits, structures as compact JSON.
    static func string(_ value: Value?) throws(JSONataError) -> String {
        guard let value else { return "" }
        switch value {
        case .string(let s): return s
        case .function: return ""
        case .number(let d) where !d.isFinite:
            throw JSONataError(code: "D3001", message: "Attempting to invoke string function on Infinity or NaN")
        // Scalars: their JSON text, without going through the serializer.
        // Whole numbers below 10^15 are their digits (JavaScript writes them so, and 15 significant
        // digits keep them whole); the general formatting is for the rest.
        case .number(let d) where d.magnitude < 1e15 && d.rounded(.towardZero) == d: return String(Int64(d))
        case .number(let d): return JSONNumber.format(precision15(d))
        case .exact(let n): return n.text
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        default:
            guard let json = normalizedJSON(value) else {
                throw JSONataError(code: "D1001", message: "Number out of range")
            }
            return json.serialized()
        }
    }

    /// JSON with doubles rounded to 15 significant digits (as `$string` does).
    static func normalizedJSON(_ value: Value) -> JSON? {
        switch value {
        case .number(let d):
            guard d.isFinite else { return nil }
            return .number(JSONNumber(precision15(d)))
        case .array(let box):
            var items: [JSON] = []
            for item in box.items {
                if item.isFunction { items.append(.string("")); continue }
                guard let json = normalizedJSON(item) else { return nil }
                items.append(json)
            }
            return .array(items)
        case .object(let box):
            var o = JSONObject()
            for (k, v) in box.members {
                if v.isFunction { o[k] = .string(""); continue }
                guard let json = normalizedJSON(v) else { return nil }
                o[k] = json
            }
            return .object(o)
        case .jsonArray(let a): return .array(a.map { normalize($0) })
        case .jsonObject(let o): return normalize(.object(o))
        default: return value.toJSON()
        }
    }

    private static func normalize(_ json: JSON) -> JSON {
        switch json {
        case .number(let n):
            if case .number(let d) = Value.number(from: n) { return .number(JSONNumber(precision15(d))) }
            return json
        case .array(let a): return .array(a.map(normalize))
        case .object(let o): return .object(JSONObject(o.map { ($0.0, normalize($0.1)) }))
        default: return json
        }
    }

    /// How many significant digits a number's shortest text has (its mantissa's digits without
    /// leading zeros).
    private static func significantDigits(of text: inout String) -> Int {
        text.withUTF8 { bytes in
            var count = 0, leading = true
            for byte in bytes {
                if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { continue }
                if leading && byte == UInt8(ascii: "0") { continue }
                leading = false
                count += 1
            }
            return count
        }
    }

    /// Rounds to 15 significant digits, like `Number(x.toPrecision(15))`, on the shortest decimal text.
    static func precision15(_ d: Double) -> Double {
        guard d != 0, d.isFinite else { return d }
        // Integers below 10^15 already have at most 15 significant digits.
        if d.magnitude < 1e15, d.rounded() == d { return d }
        var text = d.magnitude.description
        // Usually the shortest text already has at most 15 significant digits: counted on its bytes.
        if Self.significantDigits(of: &text) <= 15 { return d }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        var digits = Array(text.filter { $0 != "." })
        let point = text.firstIndex(of: ".").map { text.distance(from: text.startIndex, to: $0) } ?? text.count
        exponent += point
        while digits.first == "0" && digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        guard digits.count > 15 else { return d }
        let roundUp = digits[15] >= "5"
        var kept = digits.prefix(15).map { Int(String($0))! }
        if roundUp {
            var i = 14
            while i >= 0 {
                kept[i] += 1
                if kept[i] < 10 { break }
                kept[i] = 0
                i -= 1
            }
            if i < 0 {
                kept.insert(1, at: 0)
                exponent += 1
            }
        }
        let mantissa = "0." + kept.map(String.init).joined()
        let rounded = Double(mantissa + "e" + String(exponent)) ?? d
        return d < 0 ? -rounded : rounded
    }

    /// `$append` semantics: concatenates, wrapping non-arrays.
    static func append(_ a: Value?, _ b: Value?) -> Value? {
        guard let a else { return b }
        guard let b else { return a }
        var items = a.elements ?? [a]
        items.append(contentsOf: b.elements ?? [b])
        return .plainArray(items)
    }

    /// Flattens a value to its items (undefined → empty, non-array → one item).
    static func items(_ value: Value?) -> [Value] {
        guard let value else { return [] }
        return value.elements ?? [value]
    }
}
