import JSONValue

/// Compiles a syntax tree to a ``FastProgram`` when every node is in the fast subset; `nil` otherwise.
///
/// Variables are resolved to slots here, once. To keep slots equivalent to the interpreter's scopes,
/// the subset only admits bindings that are statements of a block, each name bound once per block and
/// never read before its binding, and lambdas that are bound that way and only ever called by name
/// (so none is recursive, none escapes, and each call can reuse its parameter slots).
struct FastCompiler {
    enum Binding {
        case slot(Int)
        case lambda(KnownLambda)
    }

    struct Scope {
        var bound: [String: Binding] = [:]
        /// Names a later statement of this block binds: reading one now would be ambiguous.
        var pending: Set<String> = []
    }

    /// A lambda bound by name: its body is compiled once, in JSON mode, and runs on the context where
    /// the lambda was defined (recorded in `frame.contexts[contextSlot]` when the binding runs).
    final class KnownLambda: @unchecked Sendable {
        let parameterSlots: [Int]
        let contextSlot: Int
        var body: JSONExpr?
        /// The body's members when calls can be built in place (see ``FastJSON/object(keys:members:contextSlot:)``).
        var inlineObject: (keys: [String], members: [InlineMember])?

        init(parameterSlots: [Int], contextSlot: Int) {
            self.parameterSlots = parameterSlots
            self.contextSlot = contextSlot
        }
    }

    /// A member of an inlinable lambda body: a parameter (by position), a literal or an outer variable.
    enum InlineMember {
        case parameter(Int)
        case constant(JSON)
        case slot(Int)
    }

    struct Unsupported: Error {}

    private(set) var slotCount = 0
    /// Pieces that others refer to unretained (``own(_:)``): the program keeps them alive.
    private(set) var owned: [any AnyObject & Sendable] = []
    var scopes: [Scope] = []
    private(set) var freeSlots: [String: Int] = [:]

    /// The fast form of `root`, or `nil` when it is outside the subset.
    static func compile(_ root: Node) -> FastProgram? {
        var compiler = FastCompiler()
        guard let code = try? compiler.compileJSON(root) else { return nil }
        let free = compiler.freeSlots.map { (name: $0.key, slot: $0.value, builtin: Functions.builtinValues[$0.key]) }
        return FastProgram(code: code, slotCount: compiler.slotCount, freeNames: free, owned: compiler.owned)
    }

    /// `value` in a box the program owns, for a reference that is read without retaining it.
    mutating func own<T: Sendable>(_ value: T) -> Unmanaged<Owned<T>> {
        let box = Owned(value)
        owned.append(box)
        return Unmanaged.passUnretained(box)
    }

    /// A compiled piece the program owns, for a reference that is read without retaining it.
    mutating func own(_ expr: JSONExpr) -> Unmanaged<JSONCodeBox> {
        owned.append(expr.box)
        return Unmanaged.passUnretained(expr.box)
    }

    mutating func newSlot() -> Int {
        defer { slotCount += 1 }
        return slotCount
    }

    /// Whether `node` carries none of the decorations the subset leaves to the interpreter.
    static func isPlain(_ node: Node) -> Bool {
        node.stages.isEmpty && node.predicates.isEmpty && node.group == nil && !node.keepArray && !node.consArray
            && !node.keepSingletonArray && node.focus == nil && node.index == nil && node.indexAfterStages == nil && !node.tuple
            && node.slot == nil && node.ancestor == nil && !node.returnsTuples
    }

    /// The node in value mode: results are ``Value``s, as the interpreter's.
    mutating func compile(_ node: Node) throws(Unsupported) -> FastCode {
        guard Self.isPlain(node) else { throw Unsupported() }
        switch node.kind {
        case .string(let text):
            let value = Value.string(text)
            return { _, _ in value }
        case .number(let number):
            let value = Value.number(number)
            return { _, _ in value }
        case .literal(let value):
            return { _, _ in value }
        case .variable(let name):
            return try variable(name)
        case .name(let name):
            return { frame, input in FastSteps.normalize(frame.evaluator.lookup(input, name)) }
        case .path(let steps):
            return try path(steps)
        case .binary(let op, let lhs, let rhs):
            return try binary(op, lhs, rhs, position: node.position)
        case .negate(let operand):
            let code = try compile(operand)
            return { frame, input throws(JSONataError) in
                guard let value = try code(&frame, input) else { return nil }
                guard let number = value.numeric else { throw FastProgram.bailOut }
                return .number(-number)
            }
        case .condition(let test, let then, let otherwise):
            let testCode = try compile(test)
            let thenCode = try compile(then)
            let otherwiseCode = try otherwise.map { node throws(Unsupported) in FastExpr(try compile(node)) }
            return { frame, input throws(JSONataError) in
                if Evaluator.truthy(try testCode(&frame, input)) { return try thenCode(&frame, input) }
                return try otherwiseCode?.run(&frame, input)
            }
        case .block(let statements):
            let block = try self.block(statements, last: { compiler, node throws(Unsupported) in FastExpr(try compiler.compile(node)) })
            return { frame, input throws(JSONataError) in
                let context: Value?? = .some(input)
                for statement in block.statements { try statement(&frame, nil, context) }
                return try block.last?.run(&frame, input)
            }
        case .call(let callee, let arguments):
            return try call(callee, arguments, position: node.position)
        case .object(let pairs):
            guard let keys = node.literalKeys else { throw Unsupported() }
            return try FastSteps.object(keys: keys, values: pairs.map { pair throws(Unsupported) in FastExpr(try compile(pair.1)) })
        case .array(let items):
            let codes = try items.map { item throws(Unsupported) in FastExpr(try compile(item)) }
            return FastSteps.array(codes, keepsNested: items.map { if case .array = $0.kind { true } else { false } })
        case .wildcard, .descendant, .parent, .regex, .bind, .partial, .lambda, .apply, .sort, .transform, .placeholder:
            throw Unsupported()
        }
    }

    // MARK: - variables and scopes

    mutating func resolve(_ name: String) throws(Unsupported) -> Binding? {
        for scope in scopes.reversed() {
            if let binding = scope.bound[name] { return binding }
            if scope.pending.contains(name) { throw Unsupported() }
        }
        return nil
    }

    /// The slot of a variable the subset reads as a value: a local binding or a free name. A lambda
    /// used as a value could escape its scope (the interpreter's business); `$eval` needs scopes.
    mutating func valueSlot(_ name: String) throws(Unsupported) -> Int {
        switch try resolve(name) {
        case .slot(let slot)?: return slot
        case .lambda?: throw Unsupported()
        case nil:
            guard name != "eval" else { throw Unsupported() }
            return freeSlot(name)
        }
    }

    mutating func variable(_ name: String) throws(Unsupported) -> FastCode {
        if name.isEmpty { return { _, input in input } }
        if name == "$" { return { frame, _ in frame.root } }
        let slot = try valueSlot(name)
        return { frame, _ in frame.slots[slot] }
    }

    private mutating func freeSlot(_ name: String) -> Int {
        if let slot = freeSlots[name] { return slot }
        let slot = newSlot()
        freeSlots[name] = slot
        return slot
    }

    /// A statement of a block other than its last expression, run in either mode: the block's context
    /// is `value` in value mode, and `pointer` in JSON mode (where `value` is `nil`).
    typealias Statement = @Sendable (inout FastFrame, UnsafePointer<JSON>?, Value??) throws(JSONataError) -> Void

    /// A block's bind statements (in order) and its last expression, compiled by `last` in the caller's mode.
    /// Statements other than bindings and the last are evaluated for their effects only, which in the
    /// subset means not at all: they are compiled (to check they are inside it) and run.
    mutating func block<Last>(
        _ statements: [Node], last: (inout FastCompiler, Node) throws(Unsupported) -> Last
    ) throws(Unsupported) -> (statements: [Statement], last: Last?) {
        // A block ending in a lambda binding has a function as its value, which could escape.
        if case .bind(_, let final)? = statements.last?.kind, case .lambda = final.kind { throw Unsupported() }
        var scope = Scope()
        for statement in statements {
            guard case .bind(let name, _) = statement.kind else { continue }
            guard name != "$", !scope.pending.contains(name) else { throw Unsupported() }
            scope.pending.insert(name)
        }
        scopes.append(scope)
        defer { scopes.removeLast() }
        var compiled: [Statement] = []
        var result: Last?
        for (i, statement) in statements.enumerated() {
            if i == statements.count - 1, !Self.isBind(statement) {
                result = try last(&self, statement)
            } else if case .bind(let name, let valueNode) = statement.kind {
                guard Self.isPlain(statement) else { throw Unsupported() }
                if i == statements.count - 1 {
                    // The binding's value is the block's value.
                    compiled.append(try bindValue(name, valueNode))
                    result = try last(&self, Node(.variable(name), position: statement.position))
                } else {
                    compiled.append(try bind(name, valueNode))
                }
            } else {
                let code = try compile(statement)
                compiled.append(Self.evaluated(code))
            }
        }
        return (compiled, result)
    }

    /// A statement evaluated for nothing but its (absent) effects.
    private static func evaluated(_ code: @escaping FastCode) -> Statement {
        { frame, pointer, value throws(JSONataError) in _ = try code(&frame, context(pointer, value)) }
    }

    /// A statement's context as a value: the block's value-mode context, or its JSON-mode one converted.
    private static func context(_ pointer: UnsafePointer<JSON>?, _ value: Value??) -> Value? {
        if let value { return value }
        return pointer.map { Value($0.pointee) }
    }

    private static func isBind(_ node: Node) -> Bool {
        if case .bind = node.kind { return true }
        return false
    }

    private mutating func bind(_ name: String, _ valueNode: Node) throws(Unsupported) -> Statement {
        if case .lambda(let parameters, let body, let signature) = valueNode.kind {
            guard Self.isPlain(valueNode), signature == nil, Set(parameters).count == parameters.count else { throw Unsupported() }
            let lambda = KnownLambda(parameterSlots: parameters.map { _ in newSlot() }, contextSlot: newSlot())
            var parameterScope = Scope()
            for (parameter, slot) in zip(parameters, lambda.parameterSlots) { parameterScope.bound[parameter] = .slot(slot) }
            scopes.append(parameterScope)
            lambda.body = JSONExpr(try compileJSON(body))
            lambda.inlineObject = try inlineObject(body, parameters: parameters)
            scopes.removeLast()
            scopes[scopes.count - 1].pending.remove(name)
            scopes[scopes.count - 1].bound[name] = .lambda(lambda)
            let contextSlot = lambda.contextSlot
            return { frame, pointer, value in
                // Only a block run in JSON mode knows its context as a pointer, which the body needs.
                frame.contexts[contextSlot] = value == nil ? .known(pointer) : .unknown
            }
        }
        return try bindValue(name, valueNode)
    }

    /// A lambda body that calls can build in place: an object constructor whose members are literals,
    /// outer variables, and the parameters, each used exactly once (so every argument is evaluated
    /// once, as the call would). Resolved in the body's scope, where the compiler is.
    private mutating func inlineObject(_ body: Node, parameters: [String]) throws(Unsupported) -> (keys: [String], members: [InlineMember])? {
        guard Self.isPlain(body), case .object(let pairs) = body.kind, let keys = body.literalKeys else { return nil }
        var members: [InlineMember] = []
        var uses = [Int](repeating: 0, count: parameters.count)
        for (_, value) in pairs {
            guard Self.isPlain(value) else { return nil }
            if let json = Self.constantJSON(value) {
                members.append(.constant(json))
                continue
            }
            switch value.kind {
            case .variable(let name) where !name.isEmpty && name != "$":
                if let i = parameters.firstIndex(of: name) {
                    uses[i] += 1
                    members.append(.parameter(i))
                } else {
                    guard case .slot(let slot)? = try resolve(name) else { return nil }
                    members.append(.slot(slot))
                }
            default:
                return nil
            }
        }
        return uses.allSatisfy { $0 == 1 } ? (keys, members) : nil
    }

    /// `$name := value` for a value (not a lambda): computed in value mode into a new slot.
    private mutating func bindValue(_ name: String, _ valueNode: Node) throws(Unsupported) -> Statement {
        if case .lambda = valueNode.kind { throw Unsupported() }
        let code = try compile(valueNode)
        let slot = newSlot()
        scopes[scopes.count - 1].pending.remove(name)
        scopes[scopes.count - 1].bound[name] = .slot(slot)
        return { frame, pointer, value throws(JSONataError) in
            frame.slots[slot] = try code(&frame, Self.context(pointer, value))
        }
    }

    // MARK: - calls

    mutating func call(_ callee: Node, _ argumentNodes: [Node], position: Int) throws(Unsupported) -> FastCode {
        guard case .variable(let name) = callee.kind, Self.isPlain(callee), !name.isEmpty, name != "$" else { throw Unsupported() }
        let arguments = try argumentNodes.map { node throws(Unsupported) in FastExpr(try compile(node)) }
        if case .lambda(let lambda)? = try resolve(name) {
            let call = Self.lambdaCall(lambda, arguments)
            return { frame, input throws(JSONataError) in try call(&frame, input).map(Value.init) }
        }
        let target = try variable(name)
        if arguments.count == 1, let direct = FastBuiltins.direct[name], case .function(let builtin)? = Functions.builtinValues[name] {
            let argument = arguments[0]
            let slot = try valueSlot(name)
            let general = try call(native: target, arguments, position: position)
            return { frame, input throws(JSONataError) in
                // The name may be bound to something else in this evaluation (a host function, a binding).
                guard frame.holds(builtin, in: slot) else { return try general(&frame, input) }
                if let result = try direct.call(try argument.run(&frame, input)) { return result }
                return try general(&frame, input)
            }
        }
        return try call(native: target, arguments, position: position)
    }

    /// A call of a known lambda: arguments in value mode into its parameter slots, then its body in
    /// JSON mode on the context of its definition.
    static func lambdaCall(_ lambda: KnownLambda, _ arguments: [FastExpr]) -> @Sendable (inout FastFrame, Value?) throws(JSONataError) -> JSON? {
        let call = lambdaCall(lambda)
        return { frame, input throws(JSONataError) in
            var values: [Value?] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try argument.run(&frame, input)) }
            let result = call(&frame, values)
            if frame.failed { throw FastProgram.bailOut }
            return result
        }
    }

    /// A known lambda's body on its definition context, once the caller has filled its parameter
    /// slots (JSON mode: sets `frame.failed`).
    static func lambdaBody(_ lambda: KnownLambda) -> @Sendable (inout FastFrame) -> JSON? {
        let contextSlot = lambda.contextSlot
        return { frame in
            guard let body = lambda.body, case .known(let context) = frame.contexts[contextSlot] else { return frame.handBack() }
            return body.run(&frame, context)
        }
    }

    /// The call of a known lambda with its arguments evaluated (JSON mode: sets `frame.failed`).
    static func lambdaCall(_ lambda: KnownLambda) -> @Sendable (inout FastFrame, [Value?]) -> JSON? {
        let parameterSlots = lambda.parameterSlots
        let body = lambdaBody(lambda)
        return { frame, values in
            for i in parameterSlots.indices { frame.slots[parameterSlots[i]] = i < values.count ? values[i] : nil }
            return body(&frame)
        }
    }

    /// A call of whatever native function `target` holds (a built-in or a host function).
    private func call(native target: @escaping FastCode, _ arguments: [FastExpr], position: Int) throws(Unsupported) -> FastCode {
        { frame, input throws(JSONataError) in
            guard case .function(let function)? = try target(&frame, input), case .native(let native) = function.body else {
                throw FastProgram.bailOut
            }
            var values: [Value?] = []
            values.reserveCapacity(max(arguments.count, native.arity))
            for argument in arguments { values.append(try argument.run(&frame, input)) }
            return try Self.invoke(native, values, context: { input }, position: position, &frame)
        }
    }

    /// Calls a native function with evaluated arguments, as the interpreter's `apply` does. `context`
    /// is only asked for when the signature check needs it (a context parameter may take it).
    static func invoke(
        _ native: NativeFunction, _ arguments: [Value?], context: () -> Value?, position: Int, _ frame: inout FastFrame
    ) throws(JSONataError) -> Value? {
        let values = try prepared(native, arguments, context: context, position: position)
        if let (host, arguments) = hostCall(native, values) { return try host(arguments).map(Value.init) }
        return FastSteps.normalize(try native.implementation(values, &frame.evaluator))
    }

    /// Arguments checked and coerced against the function's signature and padded to its arity, as
    /// the interpreter's `apply` passes them.
    static func prepared(
        _ native: NativeFunction, _ arguments: [Value?], context: () -> Value?, position: Int
    ) throws(JSONataError) -> [Value?] {
        var values = arguments
        if let signature = native.signature, !Functions.acceptsDirectly(values, signature) {
            values = try Functions.coerce(values, to: signature, context: context(), name: native.name, position: position)
        }
        while values.count < native.arity { values.append(nil) }
        return values
    }

    /// A host function's JSON implementation and its prepared arguments as JSON, when the function is
    /// a host function and the arguments convert faithfully.
    static func hostCall(
        _ native: NativeFunction, _ values: [Value?]
    ) -> (host: @Sendable ([JSON?]) throws(JSONataError) -> JSON?, arguments: [JSON?])? {
        guard let host = native.jsonImplementation, let arguments = FastSteps.faithfulJSON(values) else { return nil }
        return (host, arguments)
    }

    // MARK: - operators

    private mutating func binary(_ op: String, _ lhsNode: Node, _ rhsNode: Node, position: Int) throws(Unsupported) -> FastCode {
        let lhs = try compile(lhsNode)
        let rhs = try compile(rhsNode)
        switch op {
        case "and":
            return { frame, input throws(JSONataError) in
                guard Evaluator.truthy(try lhs(&frame, input)) else { return .bool(false) }
                return .bool(Evaluator.truthy(try rhs(&frame, input)))
            }
        case "or":
            return { frame, input throws(JSONataError) in
                if Evaluator.truthy(try lhs(&frame, input)) { return .bool(true) }
                return .bool(Evaluator.truthy(try rhs(&frame, input)))
            }
        case "??":
            return { frame, input throws(JSONataError) in
                if let value = try lhs(&frame, input) { return value }
                return try rhs(&frame, input)
            }
        case "?:":
            return { frame, input throws(JSONataError) in
                let value = try lhs(&frame, input)
                return Evaluator.truthy(value) ? value : try rhs(&frame, input)
            }
        case "&":
            return { frame, input throws(JSONataError) in
                let left = try lhs(&frame, input)
                let right = try rhs(&frame, input)
                return .string(try Functions.string(left) + Functions.string(right))
            }
        case "=", "!=":
            let equal = op == "="
            return { frame, input throws(JSONataError) in
                let left = try lhs(&frame, input)
                let right = try rhs(&frame, input)
                guard let left, let right else { return .bool(false) }
                return .bool(Evaluator.equal(left, right) == equal)
            }
        case "+", "-", "*", "/", "%":
            return { frame, input throws(JSONataError) in
                let left = try lhs(&frame, input)
                let right = try rhs(&frame, input)
                return try frame.evaluator.arithmetic(op, left, right, position: position)
            }
        case "<", "<=", ">", ">=":
            return { frame, input throws(JSONataError) in
                let left = try lhs(&frame, input)
                let right = try rhs(&frame, input)
                return try frame.evaluator.compare(op, left, right, position: position)
            }
        default:
            throw Unsupported()
        }
    }

    // MARK: - paths

    private mutating func path(_ steps: [Node]) throws(Unsupported) -> FastCode {
        guard !steps.isEmpty else { throw Unsupported() }
        var codes: [FastExpr] = []
        for (i, step) in steps.enumerated() {
            guard Self.isPlain(step) else { throw Unsupported() }
            switch step.kind {
            case .name(let name):
                codes.append(FastExpr { frame, input in FastSteps.normalize(frame.evaluator.lookup(input, name)) })
            case .variable where i == 0, .object where i > 0:
                codes.append(FastExpr(try compile(step)))
            default:
                throw Unsupported()
            }
        }
        let startsWithVariable = if case .variable = steps[0].kind { true } else { false }
        let general = FastSteps.path(codes, startsWithVariable: startsWithVariable)
        let names = steps.dropFirst(startsWithVariable ? 1 : 0).compactMap { if case .name(let name) = $0.kind { name } else { nil } }
        guard !names.isEmpty, names.count == steps.count - (startsWithVariable ? 1 : 0) else { return general }
        return FastSteps.names(names, start: startsWithVariable ? codes[0] : nil, general: general)
    }
}
