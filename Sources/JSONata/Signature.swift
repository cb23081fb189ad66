import JSONValue

/// A function signature such as `<s-n?:s>`, used to validate and coerce arguments.
struct Signature: Sendable {
    /// One parameter: accepted type symbols, and modifiers.
    struct Parameter: Sendable {
        var types: String {
            didSet { accepted = TypeSet(types) }
        }
        /// `types` as a bit set, for the per-call check.
        private(set) var accepted: TypeSet
        var optional = false
        var variadic = false
        /// `-`: use the context value when the argument is missing.
        var contextDefault = false
        /// Element types for `a<…>`.
        var elementTypes: String? {
            didSet { acceptedElements = elementTypes.map(TypeSet.init) }
        }
        /// `elementTypes` as a bit set.
        private(set) var acceptedElements: TypeSet?

        init(types: String) {
            self.types = types
            self.accepted = TypeSet(types)
        }

        /// Whether `value` is bound to this parameter: any value fits an array parameter (it is wrapped).
        func fits(_ value: Value) -> Bool {
            accepted.contains(.array) || accepted.admits(value)
        }

        /// Whether `value` passes as it is: of one of the types and, for a typed array, every element
        /// of the element types.
        func admitsDirectly(_ value: Value) -> Bool {
            guard accepted.admits(value) else { return false }
            return acceptedElements?.admitsElements(of: value) ?? true
        }

        /// ``admitsDirectly(_:)`` for a value as JSON.
        func admitsDirectly(_ json: JSON) -> Bool {
            guard accepted.admits(json) else { return false }
            guard let acceptedElements, case .array(let elements) = json else { return true }
            return elements.allSatisfy { acceptedElements.admits($0) }
        }
    }

    /// Type symbols (`s`, `n`, `b`, `l`, `a`, `o`, `f`, `u`, `j`/`x`) as bits.
    struct TypeSet: OptionSet, Sendable {
        let rawValue: UInt16
        static let string = TypeSet(rawValue: 1), number = TypeSet(rawValue: 2), boolean = TypeSet(rawValue: 4), null = TypeSet(rawValue: 8)
        static let array = TypeSet(rawValue: 16), object = TypeSet(rawValue: 32), function = TypeSet(rawValue: 64), any = TypeSet(rawValue: 128)

        init(rawValue: UInt16) { self.rawValue = rawValue }

        init(_ symbols: String) {
            var set: TypeSet = []
            for symbol in symbols.utf8 {
                switch symbol {
                case UInt8(ascii: "s"): set.insert(.string)
                case UInt8(ascii: "n"): set.insert(.number)
                case UInt8(ascii: "b"): set.insert(.boolean)
                case UInt8(ascii: "l"): set.insert(.null)
                case UInt8(ascii: "a"): set.insert(.array)
                case UInt8(ascii: "o"): set.insert(.object)
                case UInt8(ascii: "f"): set.insert(.function)
                case UInt8(ascii: "u"): set.formUnion([.boolean, .number, .string, .null])
                case UInt8(ascii: "j"), UInt8(ascii: "x"): set.insert(.any)
                default: continue
                }
            }
            self = set
        }

        /// Whether `value` has one of these types (what `Functions.matches` answers for the symbols).
        /// `admits(Value(json))`, without converting.
        func admits(_ json: JSON) -> Bool {
            if contains(.any) { return true }
            switch json.kind {
            case .string: return contains(.string)
            case .bool: return contains(.boolean)
            case .null: return contains(.null)
            case .number: return contains(.number)
            case .array: return contains(.array)
            case .object: return contains(.object)
            }
        }

        /// Whether every element of `value`, when it is an array, has one of these types.
        func admitsElements(of value: Value) -> Bool {
            switch value {
            case .array(let box): box.items.allSatisfy { admits($0) }
            case .jsonArray(let items): items.allSatisfy { admits($0) }
            default: true
            }
        }

        func admits(_ value: Value) -> Bool {
            if contains(.any) { return true }
            switch value {
            case .string: return contains(.string)
            case .bool: return contains(.boolean)
            case .null: return contains(.null)
            case .function, .regex: return contains(.function)
            default:
                if value.isNumber { return contains(.number) }
                if value.isArray { return contains(.array) }
                if value.isObject { return contains(.object) }
                return false
            }
        }
    }

    let text: String
    let parameters: [Parameter]
    /// The parameter count when no parameter is variadic (arguments can then be checked one to one).
    let directArity: Int?
    /// The fewest arguments a call can pass and still be checked one to one: every parameter after
    /// them is optional (a `-` parameter, which would take the context, is not).
    let minimumDirectArguments: Int

    init(_ text: String, position: Int) throws(JSONataError) {
        self.text = text
        var parameters: [Parameter] = []
        var chars = Array(text)[...]
        // Drop the return type after the top-level ':'.
        var depth = 0
        for (k, c) in zip(chars.indices, chars) {
            if c == "<" { depth += 1 } else if c == ">" { depth -= 1 } else if c == ":" && depth == 0 {
                chars = chars[..<k]
                break
            }
        }
        var i = chars.startIndex
        while i < chars.endIndex {
            let c = chars[i]
            switch c {
            case "b", "n", "s", "l", "f", "a", "o", "j", "x", "u":
                parameters.append(Parameter(types: String(c)))
            case "(":
                guard let close = chars[i...].firstIndex(of: ")") else {
                    throw JSONataError(code: "S0401", position: position, message: "Unterminated type choice in signature")
                }
                let choice = String(chars[(i + 1)..<close])
                if choice.contains("<") {
                    throw JSONataError(code: "S0402", position: position, message: "Choice groups containing parameterized types are not supported")
                }
                parameters.append(Parameter(types: choice))
                i = close
            case "<":
                // The element type runs to the matching '>' (types nest: a<a<n>>, f<n:n>).
                var depth = 0
                var close: Int?
                for j in i..<chars.endIndex {
                    if chars[j] == "<" { depth += 1 }
                    if chars[j] == ">" {
                        depth -= 1
                        if depth == 0 {
                            close = j
                            break
                        }
                    }
                }
                guard let close, let last = parameters.last, last.types == "a" || last.types == "f" else {
                    throw JSONataError(code: "S0401", position: position, message: "Type parameters can only be applied to functions and arrays")
                }
                let inner = String(chars[(i + 1)..<close])
                parameters[parameters.count - 1].elementTypes = last.types == "a" ? String(inner.prefix { $0 != "<" }) : nil
                i = close
            case "?": if !parameters.isEmpty { parameters[parameters.count - 1].optional = true }
            case "+": if !parameters.isEmpty { parameters[parameters.count - 1].variadic = true }
            case "-": if !parameters.isEmpty { parameters[parameters.count - 1].contextDefault = true }
            default:
                throw JSONataError(code: "S0401", position: position, token: String(c), message: "Type \(c) in signature is not valid")
            }
            i += 1
        }
        self.parameters = parameters
        directArity = parameters.contains { $0.variadic } ? nil : parameters.count
        minimumDirectArguments = (parameters.lastIndex { !$0.optional || $0.contextDefault } ?? -1) + 1
    }
}
