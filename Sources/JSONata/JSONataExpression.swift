import JSONValue

/// A function supplied by the host (for example the hub's `$xref` and `$lookup`), working on JSON values.
///
/// It must be free of side effects: one evaluation may call it again for the same arguments (when the
/// fast tier hands an evaluation back to the interpreter, the interpreter starts from the beginning).
public struct JSONataFunction: Sendable {
    /// The name without `$`.
    public let name: String
    /// Optional JSONata signature, e.g. `<sss:s>`, checked before the call.
    public let signature: String?
    /// The implementation; `nil` arguments and results are *undefined*.
    public let implementation: @Sendable ([JSON?]) throws(JSONataError) -> JSON?

    /// The function as the evaluator calls it, made once (its signature parsed once).
    let native: NativeFunction
    /// The function as a value bound to its name.
    let value: FunctionValue

    public init(name: String, signature: String? = nil, implementation: @escaping @Sendable ([JSON?]) throws(JSONataError) -> JSON?) {
        self.name = name
        self.signature = signature
        self.implementation = implementation
        native = NativeFunction(name, signature, json: implementation) { arguments, _ throws(JSONataError) in
            try implementation(arguments.map { $0?.toJSON() }).map(Value.init)
        }
        value = FunctionValue(.native(native))
    }
}

/// A JSONata expression, parsed once and evaluated many times, concurrently.
public struct JSONataExpression: Sendable {
    let root: Node
    /// The closure-compiled form, when the expression is inside the fast subset (see ``FastProgram``).
    let fast: FastProgram?
    /// Whether the expression compiled to the fast tier (closures over the input read in place);
    /// otherwise the interpreter evaluates it.
    public var runsInFastTier: Bool { fast != nil }
    /// The source text.
    public let source: String

    /// Whether the fast tier answers `input` itself, without handing the evaluation to the
    /// interpreter (for benchmarks and diagnostics; ``evaluate(_:bindings:functions:limits:)`` gives the
    /// same answer either way).
    public func answersInFastTier(
        _ input: JSON?, bindings: [String: JSON] = [:], functions: [JSONataFunction] = [], limits: EvaluationLimits = .default
    ) -> Bool {
        fast?.run(input, bindings: bindings, functions: functions, limits: limits) != nil
    }

    /// Parses `source`; throws a ``JSONataError`` with a syntax code (`S0xxx`) and position.
    public init(_ source: String) throws(JSONataError) {
        var parser = try Parser(source)
        root = try parser.parseExpression()
        try Ancestry.resolve(root)
        self.source = source
        fast = FastCompiler.compile(root)
    }

    /// Evaluates against `input`; `nil` input and result mean *undefined*.
    ///
    /// - Parameters:
    ///   - bindings: variables visible as `$name`.
    ///   - functions: host functions visible as `$name(...)`.
    ///   - limits: time, depth and output limits; exceeding one throws `U1001`/`U1002`.
    public func evaluate(
        _ input: JSON?,
        bindings: [String: JSON] = [:],
        functions: [JSONataFunction] = [],
        limits: EvaluationLimits = .default
    ) throws(JSONataError) -> JSON? {
        if let fast, fast.worthTrying {
            let result = fast.run(input, bindings: bindings, functions: functions, limits: limits)
            fast.recordOutcome(answered: result != nil)
            if let result { return result }
        }
        return try interpret(input, bindings: bindings, functions: functions, limits: limits)
    }

    /// Evaluates with the interpreter only (the reference the fast tier is checked against).
    func interpret(
        _ input: JSON?, bindings: [String: JSON], functions: [JSONataFunction], limits: EvaluationLimits
    ) throws(JSONataError) -> JSON? {
        let environment = Environment(parent: nil)
        for (name, value) in bindings { environment.bind(name, Value(value)) }
        for function in functions { environment.bind(function.name, .function(FunctionValue(.native(function.native)))) }
        var evaluator = Evaluator(limits: limits)
        evaluator.rootEnvironment = environment
        // Results leave as JSON, so no function outlives the evaluation: break closure cycles.
        defer {
            for scope in evaluator.boundScopes { scope.clear() }
            environment.clear()
        }
        var context = input.map(Value.init)
        // A top-level array input is wrapped so that paths treat it as one value (as jsonata-js does).
        if let c = context, c.isArray { context = .array(ArrayBox([c], sequence: true)).with { $0.outerWrapper = true } }
        environment.bind("$", context)
        let result = try evaluator.evaluate(root, context, environment)
        guard let result else { return nil }
        if case .function = result { return nil }
        return Self.output(result)
    }

    private static func output(_ value: Value) -> JSON? {
        if let box = value.box, box.isSequence, box.items.count == 1, !box.keepSingleton {
            return output(box.items[0])
        }
        return value.toJSON()
    }
}

extension Value {
    fileprivate func with(_ body: (ArrayBox) -> Void) -> Value {
        if let box { body(box) }
        return self
    }
}
