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
    /// The loops being compiled, outermost first (see FastCompiler+Hoisting.swift).
    var loops: [Loop] = []
    /// Values cached per loop so far (``FastStorage/hoisted``).
    var hoistedCount = 0

    /// The fast form of `root`, or `nil` when it is outside the subset.
    static func compile(_ root: Node) -> FastProgram? {
        var compiler = FastCompiler()
        guard let code = try? compiler.compileJSON(root) else { return nil }
        let free = compiler.freeSlots.map { (name: $0.key, slot: $0.value, builtin: Functions.builtinValues[$0.key]) }
        return FastProgram(code: code, slotCount: compiler.slotCount, hoistedCount: compiler.hoistedCount, freeNames: free, owned: compiler.owned)
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
        isPlainApartFromPredicatesAndGroup(node) && node.predicates.isEmpty && node.group == nil
    }

    /// Whether `node` carries none of the decorations the subset leaves to the interpreter, apart from
    /// predicates and a grouping (which ``compile(_:)`` applies).
    /// `constructed`: a path's array constructor marked to be kept whole is allowed too.
    static func isPlainApartFromPredicatesAndGroup(_ node: Node, stages: Bool = false, constructed: Bool = false) -> Bool {
        (stages || node.stages.isEmpty) && !node.keepArray && (constructed || !node.consArray) && !node.keepSingletonArray && node.focus == nil && node.index == nil
            && node.indexAfterStages == nil && !node.tuple && node.slot == nil && node.ancestor == nil && !node.returnsTuples
    }

    /// The node in value mode: results are ``Value``s, as the interpreter's.
    mutating func compile(_ node: Node) throws(Unsupported) -> FastCode {
        if let loop = hoistingLoop(node) { return try hoisted(node, loop: loop) }
        guard Self.isPlain(node) else { return try decorated(node) }
        return try core(node, raw: false)
    }

    /// A node with predicates or a grouping, as `evaluate` applies them: to the node's result before
    /// it is normalized, then normalized.
    private mutating func decorated(_ node: Node, stages: Bool = false) throws(Unsupported) -> FastCode {
        guard Self.isPlainApartFromPredicatesAndGroup(node, stages: stages) else { throw Unsupported() }
        if node.predicates.isEmpty && node.group == nil { return try core(node, raw: false) }
        let core = try self.core(node, raw: true)
        if case .path = node.kind { return core }  // a path applies its own grouping; it has no predicates
        // Predicates run per item: a loop (FastCompiler+Hoisting.swift).
        let (predicates, caches) = try inLoop { compiler throws(Unsupported) in
            try node.predicates.map { predicate throws(Unsupported) in try compiler.predicate(predicate) }
        }
        let grouping = try node.group.map { pairs throws(Unsupported) in try self.grouping(pairs, literalKeys: nil, position: node.position) }
        return Self.clearing(caches) { frame, input throws(JSONataError) in
            var result = try core(&frame, input)
            for predicate in predicates { result = try predicate.apply(&frame, result) }
            if let grouping { result = try grouping(&frame, result) }
            return FastSteps.normalize(result)
        }
    }

    /// A predicate `[…]`, compiled: a number literal is an index and is not evaluated.
    /// `inPlace`: the predicate tests items read in place (``FastPredicate/select(_:_:)``) and is
    /// never applied to values.
    mutating func predicate(_ node: Node, inPlace: Bool = false) throws(Unsupported) -> FastPredicate {
        if case .number(let index) = node.kind, Self.isPlain(node) { return FastPredicate(literalIndex: index, test: nil) }
        if inPlace { return FastPredicate(literalIndex: nil, test: nil, inPlace: try argument(node)) }
        return FastPredicate(literalIndex: nil, test: FastExpr(try compile(node)))
    }

    /// An object constructor or grouping `{key: value, …}` applied to a value (``Evaluator/group(pairCount:_:position:literalKeys:_:)``).
    mutating func grouping(
        _ pairs: [(Node, Node)], literalKeys: [String]?, position: Int
    ) throws(Unsupported) -> @Sendable (inout FastFrame, Value?) throws(JSONataError) -> Value? {
        // Keys run per item and values per group: a loop.
        let ((keys, values), caches) = try inLoop { compiler throws(Unsupported) in
            (
                try pairs.map { pair throws(Unsupported) in FastExpr(try compiler.compile(pair.0)) },
                try pairs.map { pair throws(Unsupported) in FastExpr(try compiler.compile(pair.1)) }
            )
        }
        return { frame, input throws(JSONataError) in
            Self.clear(caches, &frame)
            return try Evaluator.group(pairCount: keys.count, input, position: position, literalKeys: literalKeys) { pair, part, item throws(JSONataError) in
                try (part == .key ? keys[pair] : values[pair]).run(&frame, item)
            }
        }
    }

    /// The node's own evaluation in value mode; `raw`: its result as the interpreter has it before
    /// normalizing (a sequence of one item stays a sequence), for predicates to apply to.
    private mutating func core(_ node: Node, raw: Bool) throws(Unsupported) -> FastCode {
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
            // An input object's member is found where it was last time (`PositionHints`), and is never a sequence.
            let hints = PositionHints(names: [name])
            guard JSONInPlace.layoutHolds else {
                if raw { return { frame, input in Evaluator.lookup(input, name) } }
                return { frame, input in FastSteps.normalize(Evaluator.lookup(input, name)) }
            }
            return { frame, input in
                if case .jsonObject(let object)? = input, case .found(let found) = FastJSON.find(hints, in: object.unsafeMembers) {
                    return found.map { Value($0.pointee) }
                }
                return raw ? Evaluator.lookup(input, name) : FastSteps.normalize(Evaluator.lookup(input, name))
            }
        case .wildcard:
            if raw { return { frame, input in Evaluator.wildcard(input) } }
            return { frame, input in FastSteps.normalize(Evaluator.wildcard(input)) }
        case .regex(let regex):
            let value = Value.regex(regex)
            return { _, _ in value }
        case .path(let steps):
            return try path(node, steps)
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
            let block = try self.block(statements, inJSON: false, last: { compiler, node throws(Unsupported) in FastExpr(try compiler.compile(node)) })
            return { frame, input throws(JSONataError) in
                let context: Value?? = .some(input)
                for statement in block.statements { try statement.run(&frame, nil, context) }
                return try block.last?.run(&frame, input)
            }
        case .call(let callee, let arguments):
            return try call(callee, arguments, position: node.position, raw: raw)
        case .apply(let lhs, let rhs):
            // `lhs ~> $f(args)` is `$f(lhs, args)`.
            guard Self.isPlain(rhs), case .call(let callee, let arguments) = rhs.kind else { throw Unsupported() }
            return try call(callee, [lhs] + arguments, position: node.position, raw: raw)
        case .object(let pairs):
            guard let keys = node.literalKeys else {
                let grouping = try grouping(pairs, literalKeys: nil, position: node.position)
                return { frame, input throws(JSONataError) in try grouping(&frame, input) }
            }
            return try FastSteps.object(keys: keys, values: pairs.map { pair throws(Unsupported) in FastExpr(try compile(pair.1)) })
        case .array(let items):
            let codes = try items.map { item throws(Unsupported) in FastExpr(try compile(item)) }
            return FastSteps.array(codes, keepsNested: items.map { if case .array = $0.kind { true } else { false } })
        case .descendant, .parent, .bind, .partial, .lambda, .sort, .transform, .placeholder:
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

    /// A ``Statement`` as a block holds it (in an array, a bare closure would be reabstracted and
    /// called through thunks).
    struct StatementCode: Sendable {
        let run: Statement
    }

    /// A block's bind statements (in order) and its last expression, compiled by `last` in the caller's mode.
    /// Statements other than bindings and the last are evaluated for their effects only, which in the
    /// subset means not at all: they are compiled (to check they are inside it) and run.
    mutating func block<Last>(
        _ statements: [Node], inJSON: Bool, last: (inout FastCompiler, Node) throws(Unsupported) -> Last
    ) throws(Unsupported) -> (statements: [StatementCode], last: Last?) {
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
        var compiled: [StatementCode] = []
        var result: Last?
        for (i, statement) in statements.enumerated() {
            if i == statements.count - 1, !Self.isBind(statement) {
                result = try last(&self, statement)
            } else if case .bind(let name, let valueNode) = statement.kind {
                guard Self.isPlain(statement) else { throw Unsupported() }
                if i == statements.count - 1 {
                    // The binding's value is the block's value.
                    compiled.append(StatementCode(run: try bindValue(name, valueNode, inJSON: inJSON)))
                    result = try last(&self, Node(.variable(name), position: statement.position))
                } else {
                    compiled.append(StatementCode(run: try bind(name, valueNode, inJSON: inJSON)))
                }
            } else {
                let code = try compile(statement)
                compiled.append(StatementCode(run: Self.evaluated(code)))
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

    private mutating func bind(_ name: String, _ valueNode: Node, inJSON: Bool) throws(Unsupported) -> Statement {
        if case .lambda(let parameters, let body, let signature) = valueNode.kind {
            guard Self.isPlain(valueNode), signature == nil, Set(parameters).count == parameters.count else { throw Unsupported() }
            let lambda = KnownLambda(parameterSlots: parameters.map { _ in newSlot() }, contextSlot: newSlot())
            var parameterScope = Scope()
            for (parameter, slot) in zip(parameters, lambda.parameterSlots) { parameterScope.bound[parameter] = .slot(slot) }
            // Its calls are a loop over their arguments, entered when the binding runs.
            let (_, caches) = try inLoop { compiler throws(Unsupported) in
                compiler.scopes.append(parameterScope)
                defer { compiler.scopes.removeLast() }
                lambda.body = JSONExpr(try compiler.compileJSON(body))
                lambda.inlineObject = try compiler.inlineObject(body, parameters: parameters)
            }
            scopes[scopes.count - 1].pending.remove(name)
            scopes[scopes.count - 1].bound[name] = .lambda(lambda)
            let contextSlot = lambda.contextSlot
            return { frame, pointer, value in
                Self.clear(caches, &frame)
                // Only a block run in JSON mode knows its context as a pointer, which the body needs.
                frame.contexts[contextSlot] = value == nil ? .known(pointer) : .unknown
            }
        }
        return try bindValue(name, valueNode, inJSON: inJSON)
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

    /// `$name := value` for a value (not a lambda), into a new slot: in a block run in JSON mode
    /// (`inJSON`), a value that JSON mode builds (a path of names mapped to objects, a constructor, a
    /// block) is built as JSON and kept as the value it reads back as; anything else is an operand read
    /// in place where it can be (arithmetic, calls, filtered paths), else computed in value mode.
    private mutating func bindValue(_ name: String, _ valueNode: Node, inJSON: Bool) throws(Unsupported) -> Statement {
        if case .lambda = valueNode.kind { throw Unsupported() }
        let slot = newSlot()
        let statement: Statement
        let json = inJSON ? try builtInJSON(valueNode) : nil
        // Anything else in JSON mode: an operand, read in place when it can be.
        let operand = inJSON && json == nil ? try argument(valueNode) : nil
        if let code = json {
            statement = { frame, pointer, value throws(JSONataError) in
                guard value == nil else { throw FastProgram.bailOut }
                let json = code.run(&frame, pointer)
                if frame.failed { throw FastProgram.bailOut }
                frame.slots[slot] = json.map(Value.init)
            }
        } else if let operand, !operand.isValueMode {
            // Arithmetic, calls, filtered paths: computed on operands read in place.
            statement = { frame, pointer, value throws(JSONataError) in
                guard value == nil else { throw FastProgram.bailOut }
                var contextValue: Value??
                let result = operand.value(&frame, pointer, &contextValue)
                if frame.failed { throw FastProgram.bailOut }
                frame.slots[slot] = result
            }
        } else {
            // A value-mode operand is the node compiled already.
            let code: FastCode = if case .value(let owned)? = operand { owned.takeUnretainedValue().value.run } else { try compile(valueNode) }
            statement = { frame, pointer, value throws(JSONataError) in
                frame.slots[slot] = try code(&frame, Self.context(pointer, value))
            }
        }
        // Bound from here on, once its value is compiled.
        scopes[scopes.count - 1].pending.remove(name)
        scopes[scopes.count - 1].bound[name] = .slot(slot)
        return statement
    }

    /// `node` as JSON mode builds it natively (not by converting a value-mode result): paths read in
    /// place, groupings over them, constructors with literal keys, arrays, blocks; `nil` for anything else.
    private mutating func builtInJSON(_ node: Node) throws(Unsupported) -> JSONExpr? {
        if let grouped = try groupedInPlace(node) { return grouped }
        guard Self.isPlain(node), hoistingLoop(node) == nil else { return nil }
        switch node.kind {
        case .name, .array, .block: return JSONExpr(try compileJSON(node))
        case .path(let steps): return try pathInPlace(node, steps)
        case .object: return node.literalKeys == nil ? nil : JSONExpr(try compileJSON(node))
        default: return nil
        }
    }

    // MARK: - calls

    /// `raw`: a native function's result as it is, not normalized (see ``core(_:raw:)``).
    mutating func call(_ callee: Node, _ argumentNodes: [Node], position: Int, raw: Bool = false) throws(Unsupported) -> FastCode {
        guard case .variable(let name) = callee.kind, Self.isPlain(callee), !name.isEmpty, name != "$" else { throw Unsupported() }
        let known: KnownLambda? = if case .lambda(let lambda)? = try resolve(name) { lambda } else { nil }
        // A native function may take lambdas (`$map(lines, function($l) { … })`); a known lambda may not.
        let arguments = try argumentNodes.map { node throws(Unsupported) in
            FastExpr(known == nil ? try nativeArgument(node) : try compile(node))
        }
        if let lambda = known {
            let call = Self.lambdaCall(lambda, arguments)
            return { frame, input throws(JSONataError) in try call(&frame, input).map(Value.init) }
        }
        let slot = try valueSlot(name)
        if case .function(let builtin)? = Functions.builtinValues[name] {
            if arguments.count == 1, let direct = FastBuiltins.direct[name] {
                let argument = arguments[0]
                return Self.direct(builtin, in: slot, general: try call(native: slot, arguments, position: position, raw: raw)) { frame, input throws(JSONataError) in
                    try argument.run(&frame, input)
                } call: { value throws(JSONataError) in try direct.call(value) }
            }
            if arguments.count == 2, let direct = FastBuiltins.direct2(name, literal: Self.literalPicture(argumentNodes)) {
                let first = arguments[0], second = arguments[1]
                return Self.direct(builtin, in: slot, general: try call(native: slot, arguments, position: position, raw: raw)) { frame, input throws(JSONataError) in
                    (try first.run(&frame, input), try second.run(&frame, input))
                } call: { values throws(JSONataError) in try direct.call(values.0, values.1) }
            }
            if arguments.count == 3, let direct = FastBuiltins.direct3(name, literal: Self.literalPicture(argumentNodes)) {
                let first = arguments[0], second = arguments[1], third = arguments[2]
                return Self.direct(builtin, in: slot, general: try call(native: slot, arguments, position: position, raw: raw)) { frame, input throws(JSONataError) in
                    (try first.run(&frame, input), try second.run(&frame, input), try third.run(&frame, input))
                } call: { values throws(JSONataError) in try direct.call(values.0, values.1, values.2) }
            }
        }
        return try call(native: slot, arguments, position: position, raw: raw)
    }

    /// A call of a direct built-in form in value mode: its operands evaluated without an argument
    /// array, then `call`; the general call when the name is bound to something else in this
    /// evaluation (a host function, a binding) or the direct form does not handle the operands.
    private static func direct<Operands>(
        _ builtin: FunctionValue, in slot: Int, general: @escaping FastCode,
        operands: @escaping @Sendable (inout FastFrame, Value?) throws(JSONataError) -> Operands,
        call: @escaping @Sendable (Operands) throws(JSONataError) -> Value??
    ) -> FastCode {
        { frame, input throws(JSONataError) in
            guard frame.holds(builtin, in: slot) else { return try general(&frame, input) }
            if let result = try call(try operands(&frame, input)) { return result }
            return try general(&frame, input)
        }
    }

    /// An argument of a native function in value mode: a lambda written there becomes a
    /// ``CompiledLambda`` for the call, anything else is compiled as usual.
    mutating func nativeArgument(_ node: Node) throws(Unsupported) -> FastCode {
        guard Self.isPlain(node), case .lambda(let parameters, let body, let signature) = node.kind else { return try compile(node) }
        guard signature == nil, Set(parameters).count == parameters.count else { throw Unsupported() }
        let parameterSlots = parameters.map { _ in newSlot() }
        var scope = Scope()
        for (parameter, slot) in zip(parameters, parameterSlots) { scope.bound[parameter] = .slot(slot) }
        // The native function calls it per item: a loop, entered when the lambda is made.
        let ((code, keyed), caches) = try inLoop { compiler throws(Unsupported) in
            compiler.scopes.append(scope)
            defer { compiler.scopes.removeLast() }
            return (FastExpr(try compiler.compile(body)), try compiler.keyedComparator(body, parameters: parameters, slots: parameterSlots))
        }
        return { frame, input in
            Self.clear(caches, &frame)
            let lambda = CompiledLambda(parameterSlots: parameterSlots, body: code, storage: frame.storage, input: input, keyed: keyed)
            return .function(FunctionValue(.compiled(lambda)))
        }
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

    /// A call of whatever native function the variable in `slot` holds (a built-in or a host function).
    private func call(native slot: Int, _ arguments: [FastExpr], position: Int, raw: Bool) throws(Unsupported) -> FastCode {
        { frame, input throws(JSONataError) in
            guard let native = frame.nativeFunction(in: slot) else { throw FastProgram.bailOut }
            var values = frame.argumentArray(capacity: max(arguments.count, native.arity))
            for argument in arguments { values.append(try argument.run(&frame, input)) }
            return try Self.invoke(native, consume values, context: { input }, position: position, raw: raw, &frame)
        }
    }

    /// Calls a native function with evaluated arguments, as the interpreter's `apply` does. `context`
    /// is only asked for when the signature check needs it (a context parameter may take it).
    static func invoke(
        _ native: NativeFunction, _ arguments: consuming [Value?], context: () -> Value?, position: Int, raw: Bool = false, _ frame: inout FastFrame
    ) throws(JSONataError) -> Value? {
        // Taken over: the array is the only reference to its storage when it is recycled.
        var values = try prepared(native, consume arguments, context: context, position: position)
        if let (host, arguments) = hostCall(native, values) { return try host(arguments).map(Value.init) }
        defer {
            CompiledLambda.endCall(of: values)
            frame.recycle(&values)
        }
        let result = try native.implementation(values, &frame.evaluator)
        return raw ? result : FastSteps.normalize(result)
    }

    /// Arguments checked and coerced against the function's signature and padded to its arity, as
    /// the interpreter's `apply` passes them.
    static func prepared(
        _ native: NativeFunction, _ arguments: consuming [Value?], context: () -> Value?, position: Int
    ) throws(JSONataError) -> [Value?] {
        // Taken over, not copied: padding appends in place when the caller reserved the arity.
        var values = consume arguments
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
        if op == "in", let candidates = Self.constantItems(rhsNode) {
            // `status in ["paid", "refunded"]`: the literals compared in place, no array built.
            let lhs = try compile(lhsNode)
            return { frame, input throws(JSONataError) in
                guard let left = try lhs(&frame, input) else { return .bool(false) }
                return .bool(candidates.contains { Evaluator.equal($0, left) })
            }
        }
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
            // Two plain numbers, the usual case, without dispatching on the operator's text; anything
            // else (undefined, exact numbers, errors) as the interpreter does it.
            let apply = Self.arithmetic(op)
            return { frame, input throws(JSONataError) in
                let left = try lhs(&frame, input)
                let right = try rhs(&frame, input)
                if let result = apply(left, right) { return result }
                return try frame.evaluator.arithmetic(op, left, right, position: position)
            }
        case "<", "<=", ">", ">=":
            let holds = Self.comparison(op)
            return { frame, input throws(JSONataError) in
                let left = try lhs(&frame, input)
                let right = try rhs(&frame, input)
                if case .number(let x)? = left, case .number(let y)? = right, !x.isNaN, !y.isNaN { return .bool(holds(x, y)) }
                if case .string(let x)? = left, case .string(let y)? = right { return .bool(holds(Double(CodePointText.order(x, y)), 0)) }
                return try frame.evaluator.compare(op, left, right, position: position)
            }
        case "in", "..":
            return { frame, input throws(JSONataError) in
                let left = try lhs(&frame, input)
                let right = try rhs(&frame, input)
                return try frame.evaluator.combine(op, left, right, position: position)
            }
        default:
            throw Unsupported()
        }
    }

    /// The second argument of a call when it is a string literal (a picture written in the
    /// expression, which ``FastBuiltins/direct2(_:literal:)`` parses once); `nil` otherwise.
    static func literalPicture(_ arguments: [Node]) -> String? {
        guard arguments.count > 1, isPlain(arguments[1]), case .string(let text) = arguments[1].kind else { return nil }
        return text
    }

    /// The values of an array constructor of string, number and literal items (`["jpy", "krw"]`);
    /// `nil` for anything else.
    static func constantItems(_ node: Node) -> [Value]? {
        guard isPlain(node), case .array(let items) = node.kind else { return nil }
        var values: [Value] = []
        for item in items {
            guard isPlain(item) else { return nil }
            switch item.kind {
            case .string(let text): values.append(.string(text))
            case .number(let number): values.append(.number(number))
            case .literal(let value): values.append(value)
            default: return nil
            }
        }
        return values
    }

    /// The comparison `op` (`<`, `<=`, `>`, `>=`) of two numbers, chosen once.
    static func comparison(_ op: String) -> @Sendable (Double, Double) -> Bool {
        switch op {
        case "<": { $0 < $1 }
        case "<=": { $0 <= $1 }
        case ">": { $0 > $1 }
        default: { $0 >= $1 }
        }
    }

    /// Arithmetic `op` on two plain numbers, chosen once: `nil` for anything else (undefined, exact
    /// numbers, a result out of range), which the interpreter's `arithmetic` then answers or reports.
    static func arithmetic(_ op: String) -> @Sendable (Value?, Value?) -> Value? {
        let apply: @Sendable (Double, Double) -> Double = switch op {
        case "+": { $0 + $1 }
        case "-": { $0 - $1 }
        case "*": { $0 * $1 }
        case "/": { $0 / $1 }
        default: { $0.truncatingRemainder(dividingBy: $1) }
        }
        let division = op == "/"
        return { left, right in
            guard case .number(let x)? = left, case .number(let y)? = right else { return nil }
            let result = apply(x, y)
            return division || result.isFinite ? .number(result) : nil
        }
    }

    // MARK: - paths

    /// A path: steps of names, a leading variable or array constructor, and any other expression after
    /// the first, each with its predicates; then the path's grouping, if any.
    private mutating func path(_ node: Node, _ steps: [Node]) throws(Unsupported) -> FastCode {
        // Steps after the first run per item: a loop.
        // Wrapped: a closure returned as a generic value would be called through reabstraction thunks.
        let (code, caches) = try inLoop { compiler throws(Unsupported) in FastExpr(try compiler.pathSteps(node, steps)) }
        return Self.clearing(caches, code.run)
    }

    private mutating func pathSteps(_ node: Node, _ steps: [Node]) throws(Unsupported) -> FastCode {
        guard !steps.isEmpty, Self.isPlainApartFromPredicatesAndGroup(node) else { throw Unsupported() }
        var codes: [FastExpr] = []
        var sorts: [FastSort?] = Array(repeating: nil, count: steps.count)
        var leadingArray = false
        for (i, step) in steps.enumerated() {
            if i > 0, case .sort(let terms) = step.kind {
                guard Self.isPlainApartFromPredicatesAndGroup(step, stages: true), step.predicates.isEmpty, step.group == nil else { throw Unsupported() }
                sorts[i] = FastSort(
                    terms: try terms.map { term throws(Unsupported) in FastExpr(try compile(term.0)) }, descending: terms.map(\.1),
                    stages: try step.stages.map { stage throws(Unsupported) in try predicate(stage) }, position: step.position)
                codes.append(FastExpr { _, _ in nil })
                continue
            }
            if i == 0, step.consArray, case .array = step.kind {
                // A leading array constructor is evaluated once, against the whole input.
                guard step.stages.isEmpty, step.predicates.isEmpty, step.group == nil, !step.keepArray, !step.keepSingletonArray,
                    step.focus == nil, step.index == nil, !step.tuple, step.ancestor == nil
                else { throw Unsupported() }
                codes.append(FastExpr(try core(step, raw: false)))
                leadingArray = true
                continue
            }
            if i > 0, case .array = step.kind {
                // An array constructor after the first step: evaluated on each item. Marked by the
                // parser (the last step of a path, or of an inner one), its arrays are kept whole.
                guard Self.isPlainApartFromPredicatesAndGroup(step, constructed: true), step.predicates.isEmpty, step.group == nil else {
                    throw Unsupported()
                }
                let array = try core(step, raw: false)
                codes.append(FastExpr(step.consArray ? FastSteps.constructed(array) : array))
                continue
            }
            switch step.kind {
            case .sort, .array, .descendant, .parent: throw Unsupported()
            case .variable where i > 0: throw Unsupported()
            default: break
            }
            guard step.predicates.isEmpty || i == 0 else { throw Unsupported() }
            // The step with its own predicates and grouping; its stages apply to that result, per item.
            let code = try decorated(step, stages: true)
            let stages = try step.stages.map { stage throws(Unsupported) in try predicate(stage) }
            codes.append(stages.isEmpty ? FastExpr(code) : FastExpr { frame, input throws(JSONataError) in
                var value = try code(&frame, input)
                for stage in stages { value = try stage.apply(&frame, value) }
                return value
            })
        }
        let startsWithVariable = if case .variable = steps[0].kind { true } else { false }
        var general = FastSteps.path(codes, sorts: sorts, wholeInputFirst: startsWithVariable || leadingArray)
        let names = steps.dropFirst(startsWithVariable ? 1 : 0).compactMap { step -> String? in
            guard Self.isPlain(step), case .name(let name) = step.kind else { return nil }
            return name
        }
        if !leadingArray, !names.isEmpty, names.count == steps.count - (startsWithVariable ? 1 : 0) {
            general = FastSteps.names(names, start: startsWithVariable ? codes[0] : nil, general: general)
            // From a local variable: its slot read in place first.
            if case .variable(let name) = steps[0].kind, !name.isEmpty, name != "$", case .slot(let slot)? = try resolve(name) {
                general = FastSteps.names(names, inSlot: slot, general: general)
            }
        }
        guard let pairs = node.group else { return general }
        let grouping = try grouping(pairs, literalKeys: nil, position: node.position)
        let path = general
        return { frame, input throws(JSONataError) in try grouping(&frame, try path(&frame, input)) }
    }

}
