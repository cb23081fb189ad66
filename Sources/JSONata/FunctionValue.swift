import JSONValue

/// A callable value: a built-in, a lambda closing over its environment, or a partial application.
final class FunctionValue: @unchecked Sendable {
    enum Body {
        case native(NativeFunction)
        case lambda(parameters: [String], body: Node, environment: Environment, signature: Signature?, input: Value?)
        case partial(FunctionValue, [Value?])
        /// A lambda the fast tier compiled, passed to a native function.
        case compiled(CompiledLambda)
    }

    let body: Body

    init(_ body: Body) { self.body = body }

    /// The number of parameters (for `$map` and friends, which pass index and array when asked).
    var arity: Int {
        switch body {
        case .native(let f): f.arity
        case .lambda(let parameters, _, _, _, _): parameters.count
        case .partial(_, let arguments): arguments.filter { $0 == nil }.count
        case .compiled(let lambda): lambda.parameterSlots.count
        }
    }
}

/// A built-in function implemented in Swift.
///
/// A class: function values are read on every call, and a struct of name, signature and closures
/// would be copied — a retain per field — each time.
final class NativeFunction: Sendable {
    typealias Implementation = @Sendable (_ arguments: [Value?], _ evaluator: inout Evaluator) throws(JSONataError) -> Value?

    let name: String
    let arity: Int
    let signature: Signature?
    let implementation: Implementation
    /// For a host function: its implementation on JSON, which the fast tier calls without converting
    /// through ``Value``.
    let jsonImplementation: (@Sendable ([JSON?]) throws(JSONataError) -> JSON?)?

    init(
        _ name: String, _ signature: String?, json jsonImplementation: (@Sendable ([JSON?]) throws(JSONataError) -> JSON?)? = nil,
        _ implementation: @escaping Implementation
    ) {
        self.jsonImplementation = jsonImplementation
        self.name = name
        let parsed = signature.flatMap { text in
            try? Signature(text.hasPrefix("<") && text.hasSuffix(">") ? String(text.dropFirst().dropLast()) : text, position: 0)
        }
        self.signature = parsed
        // Callbacks get as many arguments as the function requires (like a JavaScript function's length).
        self.arity = max(1, parsed?.parameters.filter { !$0.optional }.count ?? 1)
        self.implementation = implementation
    }
}

/// Variable bindings, chained to the enclosing scope.
final class Environment: @unchecked Sendable {
    /// Bound values in binding order; a binding to undefined is kept (as `nil`) so it shadows outer
    /// scopes. Scopes hold a handful of names: a linear search beats hashing them.
    // One evaluation (one thread) owns a scope and never holds an access across a call: no checks needed.
    @exclusivity(unchecked) private var names: [String] = []
    @exclusivity(unchecked) private var values: [Value?] = []
    let parent: Environment?

    init(parent: Environment?) { self.parent = parent }

    /// Drops every binding. A lambda bound in a scope holds that scope (its closure), and the scope holds
    /// the lambda: the evaluation clears the scopes it bound values in when it ends, or each would leak.
    func clear() {
        names = []
        values = []
    }

    func bind(_ name: String, _ value: Value?) {
        if let i = names.firstIndex(of: name) {
            values[i] = value
        } else {
            names.append(name)
            values.append(value)
        }
    }

    func lookup(_ name: String) -> Value? {
        binding(name) ?? nil
    }

    /// The binding of `name` here or in an enclosing scope: `.some(nil)` when bound to undefined,
    /// `nil` when not bound at all.
    func binding(_ name: String) -> Value?? {
        var scope: Environment? = self
        while let current = scope {
            if let i = current.names.firstIndex(of: name) { return .some(current.values[i]) }
            scope = current.parent
        }
        return nil
    }
}
