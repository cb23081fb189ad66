import JSONValue

/// Operands (``FastCompiler/Argument``): call arguments, sides of operators, predicates and block
/// bindings, each read in place where it can be, and the operators computed on them.
extension FastCompiler {
    /// An operand whose value (not its JSON) is needed — a call argument, a side of `=` — compiled in
    /// the mode that suits it: paths read in place, variables straight from their slots, operators and
    /// native calls on operands of their own (``code``), constructors and strings in JSON mode;
    /// anything else in value mode, on the context as a value.
    ///
    /// Every payload is an unretained reference to a piece the program owns (``FastCompiler/owned``), so
    /// reading an operand copies nothing that is reference counted (with the pieces themselves as
    /// payloads, each use retained and released one).
    enum Argument {
        case json(Unmanaged<JSONCodeBox>)
        /// A path read in place, or a value computed from operands of its own (an operator, a native call).
        case code(Unmanaged<Owned<ContextValueCode>>)
        case slot(Int)
        case constant(Unmanaged<Owned<Value>>)
        case value(Unmanaged<Owned<FastExpr>>)
    }

    /// `ofNative`: the operand is an argument of a native function, which may take a lambda.
    mutating func argument(_ node: Node, ofNative: Bool = false) throws(Unsupported) -> Argument {
        if hoistingLoop(node) == nil, let walk = try walkArgument(node) { return .code(own(walk)) }
        guard Self.isPlain(node), hoistingLoop(node) == nil else { return .value(own(FastExpr(try compile(node)))) }
        if ofNative, case .lambda = node.kind { return .value(own(FastExpr(try nativeArgument(node)))) }
        if let names = Self.names(node) {
            return .code(own(FastJSON.namesValue(names.names, fromRoot: names.fromRoot, general: try compile(node))))
        }
        switch node.kind {
        case .string(let text): return .constant(own(.string(text)))
        case .number(let number): return .constant(own(.number(number)))
        case .literal(let value): return .constant(own(value))
        case .variable(let name) where !name.isEmpty && name != "$": return .slot(try valueSlot(name))
        case .call(let callee, let arguments):
            // A known lambda's body builds JSON; a native function's result (a double JSON would not
            // carry exactly, a sequence) is taken as the value it is.
            if case .variable(let name) = callee.kind, case .lambda? = try resolve(name) { return .json(own(JSONExpr(try compileJSON(node)))) }
            if let call = try nativeCallOperand(node, callee, arguments) { return .code(own(call)) }
            return .value(own(FastExpr(try compile(node))))
        case .object, .array, .binary("&", _, _), .block: return .json(own(JSONExpr(try compileJSON(node))))
        case .path(let steps):
            // A path JSON mode reads in place (names then a step per item, an order-by): its JSON reads
            // back as the value, a sequence of several as their array.
            if let inPlace = try pathInPlace(node, steps) { return .json(own(inPlace)) }
            return .value(own(FastExpr(try compile(node))))
        case .binary(let op, let lhs, let rhs) where Self.inPlaceOperators.contains(op):
            return .code(own(try operation(op, lhs, rhs, position: node.position)))
        default: return .value(own(FastExpr(try compile(node))))
        }
    }

    /// The operators ``operation(_:_:_:position:)`` computes on operands read in place.
    static let inPlaceOperators: Set<String> = ["+", "-", "*", "/", "%", "<", "<=", ">", ">=", "=", "!=", "and", "or"]

    /// Arithmetic, a comparison or a boolean operator on operands read in place, without the context
    /// as a value: as the interpreter computes it, plain numbers and strings without dispatching on
    /// the operator's text, anything else (undefined, exact numbers, errors) by the interpreter's rules.
    mutating func operation(_ op: String, _ lhs: Node, _ rhs: Node, position: Int) throws(Unsupported) -> ContextValueCode {
        let left = try argument(lhs), right = try argument(rhs)
        switch op {
        case "and", "or":
            let shortCircuit = op == "or"
            return ContextValueCode { frame, context in
                var contextValue: Value??
                let a = left.value(&frame, context, &contextValue)
                if frame.failed { return nil }
                if Evaluator.truthy(a) == shortCircuit { return .bool(shortCircuit) }
                let b = right.value(&frame, context, &contextValue)
                if frame.failed { return nil }
                return .bool(Evaluator.truthy(b))
            }
        case "=", "!=":
            let equal = op == "="
            return ContextValueCode { frame, context in
                guard let (a, b) = Self.operands(left, right, &frame, context) else { return nil }
                guard let a, let b else { return .bool(false) }
                return .bool(Evaluator.equal(a, b) == equal)
            }
        case "<", "<=", ">", ">=":
            let holds = Self.comparison(op)
            return ContextValueCode { frame, context in
                guard let (a, b) = Self.operands(left, right, &frame, context) else { return nil }
                if case .number(let x)? = a, case .number(let y)? = b, !x.isNaN, !y.isNaN { return .bool(holds(x, y)) }
                if case .string(let x)? = a, case .string(let y)? = b { return .bool(holds(Double(CodePointText.order(x, y)), 0)) }
                do {
                    return try frame.evaluator.compare(op, a, b, position: position)
                } catch {
                    return frame.handBack()
                }
            }
        default:
            let apply = Self.arithmetic(op)
            return ContextValueCode { frame, context in
                guard let (a, b) = Self.operands(left, right, &frame, context) else { return nil }
                if let result = apply(a, b) { return result }
                do {
                    return try frame.evaluator.arithmetic(op, a, b, position: position)
                } catch {
                    return frame.handBack()
                }
            }
        }
    }

    /// Both operands' values on `context`, the context converted to a value once if they need it;
    /// `nil` when one cannot be evaluated (`frame.failed`).
    @inline(__always)
    private static func operands(_ left: Argument, _ right: Argument, _ frame: inout FastFrame, _ context: UnsafePointer<JSON>?) -> (Value?, Value?)? {
        var contextValue: Value??
        let a = left.value(&frame, context, &contextValue)
        if frame.failed { return nil }
        let b = right.value(&frame, context, &contextValue)
        if frame.failed { return nil }
        return (a, b)
    }

    /// Evaluates call arguments to values; the context is converted to a value once, if needed. When
    /// one cannot be evaluated, `frame.failed` is set and the values are incomplete.
    /// `arity`: the room to reserve for the function's parameters, so padding does not reallocate.
    static func arguments(_ arguments: [Argument]) -> @Sendable (inout FastFrame, UnsafePointer<JSON>?, _ arity: Int) -> [Value?] {
        { frame, context, arity in
            var values = frame.argumentArray(capacity: max(arguments.count, arity))
            var contextValue: Value??
            // By index: iterating would copy each argument (and retain what it holds).
            for i in arguments.indices {
                values.append(arguments[i].value(&frame, context, &contextValue))
                if frame.failed { return values }
            }
            return values
        }
    }
}

extension FastCompiler.Argument {
    /// Whether the operand is computed in value mode, on the context as a value.
    var isValueMode: Bool {
        if case .value = self { true } else { false }
    }

    /// This operand as JSON (`.some(nil)`: undefined), or `nil` when JSON cannot carry its value
    /// faithfully. Sets `frame.failed` when it cannot be evaluated.
    @inline(__always)
    func json(_ frame: inout FastFrame, _ context: UnsafePointer<JSON>?, _ contextValue: inout Value??) -> JSON?? {
        if case .json(let code) = self { return .some(code._withUnsafeGuaranteedRef { $0.run(&frame, context) }) }
        guard let value = value(&frame, context, &contextValue) else { return .some(nil) }
        return FastSteps.faithfulJSON(value).map { .some($0) }
    }

    /// This operand's value on `context`; `contextValue` caches the context as a value for the
    /// operands that need it. Sets `frame.failed` when it cannot be evaluated.
    @inline(__always)
    func value(_ frame: inout FastFrame, _ context: UnsafePointer<JSON>?, _ contextValue: inout Value??) -> Value? {
        switch self {
        case .json(let code):
            return code._withUnsafeGuaranteedRef { $0.run(&frame, context) }.map(Value.init)
        case .code(let code):
            return code._withUnsafeGuaranteedRef { $0.value.run(&frame, context) }
        case .slot(let slot):
            return frame.slots[slot]
        case .constant(let value):
            return value._withUnsafeGuaranteedRef { $0.value }
        case .value(let code):
            if contextValue == nil { contextValue = .some(context.map { Value($0.pointee) }) }
            do {
                return try code._withUnsafeGuaranteedRef { box throws(JSONataError) in try box.value.run(&frame, contextValue!) }
            } catch {
                return frame.handBack()
            }
        }
    }
}
