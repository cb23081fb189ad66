#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSONValue

/// Limits that keep an evaluation from running away.
public struct EvaluationLimits: Sendable {
    /// Wall-clock budget for one evaluation.
    public var timeout: Duration
    /// Maximum depth of nested evaluation (recursion).
    public var maxDepth: Int
    /// Maximum number of items in one produced array or sequence.
    public var maxOutputItems: Int

    public init(timeout: Duration = .milliseconds(50), maxDepth: Int = 500, maxOutputItems: Int = 10_000_000) {
        self.timeout = timeout
        self.maxDepth = maxDepth
        self.maxOutputItems = maxOutputItems
    }

    public static let `default` = EvaluationLimits()
}

/// Evaluates a processed syntax tree with JSONata's sequence semantics.
struct Evaluator {
    let limits: EvaluationLimits
    let clock = ContinuousClock()
    let deadline: ContinuousClock.Instant
    var depth = 0
    var steps = 0
    /// The environment with the caller's bindings (for `$eval`).
    var rootEnvironment: Environment?
    /// The context of the function call being made (for `$eval` without an input).
    var currentInput: Value?
    /// `$now()` and `$millis()` are fixed for one evaluation.
    let startMillis: Int64
    /// Scopes that were given values which may close over them (see ``Environment/clear()``).
    var boundScopes: [Environment] = []

    init(limits: EvaluationLimits) {
        self.limits = limits
        deadline = clock.now.advanced(by: limits.timeout)
        startMillis = Evaluator.currentMillis()
    }

    static func currentMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// Work done inside one step (items copied), which the step counter does not see: a lambda that
    /// doubles an array on every call takes few steps and unbounded time (found by fuzzing).
    var work = 0

    /// Counts `items` of work and checks the time limit each time another 64 Ki items are done.
    mutating func account(for items: Int, position: Int = 0) throws(JSONataError) {
        let before = work
        work &+= items
        if work >> 16 != before >> 16 && clock.now > deadline {
            throw JSONataError(code: "U1001", position: position, message: "Expression evaluation timeout: check for infinite loop")
        }
    }

    private mutating func guardLimits(_ node: Node) throws(JSONataError) {
        steps &+= 1
        if steps & 0x3FF == 0 && clock.now > deadline {
            throw JSONataError(code: "U1001", position: node.position, message: "Expression evaluation timeout: check for infinite loop")
        }
        if depth > limits.maxDepth {
            throw JSONataError(code: "U1001", position: node.position, message: "Stack overflow error: check for non-terminating recursive function. Consider rewriting as tail-recursive.")
        }
    }

    mutating func evaluate(_ node: Node, _ input: Value?, _ env: Environment) throws(JSONataError) -> Value? {
        try guardLimits(node)
        depth += 1
        defer { depth -= 1 }
        var result: Value?
        switch node.kind {
        case .string(let s): result = .string(s)
        case .number(let d): result = .number(d)
        case .literal(let v): result = v
        case .regex(let r): result = .regex(r)
        case .name(let name): result = Self.lookup(input, name)
        case .variable(let name): result = variable(name, input, env)
        case .wildcard: result = Self.wildcard(input)
        case .descendant: result = descendants(input)
        case .parent:
            result = node.slot.flatMap { env.lookup($0.label) }
        case .path(let steps): result = try evaluatePath(node, steps, input, env)
        case .binary(let op, let lhs, let rhs): result = try binary(op, lhs, rhs, input, env, position: node.position)
        case .negate(let operand):
            let value = try evaluate(operand, input, env)
            guard let value else { result = nil; break }
            guard let d = value.numeric else {
                throw JSONataError(code: "D1002", position: node.position, token: "-", message: "Cannot negate a non-numeric value")
            }
            result = .number(-d)
        case .array(let items):
            let box = ArrayBox(sequence: false)
            for item in items {
                guard let value = try evaluate(item, input, env) else { continue }
                if case .array = item.kind {
                    box.items.append(value)
                } else if let elements = value.elements {
                    try account(for: elements.count, position: node.position)
                    box.items.append(contentsOf: elements)
                } else {
                    box.items.append(value)
                }
                if box.items.count > limits.maxOutputItems {
                    throw JSONataError(code: "U1002", position: node.position, message: "Result exceeds the output size limit of \(limits.maxOutputItems) items")
                }
            }
            if node.consArray { box.isConstructed = true }
            result = .array(box)
        case .object(let pairs): result = try group(pairs, input, env, position: node.position, literalKeys: node.literalKeys)
        case .block(let expressions):
            let scope = Environment(parent: env)
            for expression in expressions { result = try evaluate(expression, input, scope) }
        case .condition(let test, let then, let otherwise):
            if Self.truthy(try evaluate(test, input, env)) {
                result = try evaluate(then, input, env)
            } else if let otherwise {
                result = try evaluate(otherwise, input, env)
            }
        case .bind(let name, let valueNode):
            result = try evaluate(valueNode, input, env)
            env.bind(name, result)
            // A function (or a structure that may hold one) bound here may close over this scope.
            switch result {
            case .function?, .object?, .array?: if boundScopes.last !== env { boundScopes.append(env) }
            default: break
            }
        case .call(let callee, let argumentNodes):
            result = try call(callee, argumentNodes, input, env, position: node.position)
        case .partial(let callee, let argumentNodes):
            guard case .function(let f)? = try evaluate(callee, input, env) else {
                if case .path(let steps) = callee.kind, steps.count == 1, case .name(let name) = steps[0].kind, Functions.builtins[name] != nil {
                    throw JSONataError(code: "T1007", position: node.position, token: name, message: "Attempted to partially apply a non-function. Did you mean ${$\(name)}?")
                }
                throw JSONataError(code: "T1008", position: node.position, message: "Attempted to partially apply a non-function")
            }
            var arguments: [Value?] = []
            for argument in argumentNodes {
                arguments.append(try argument.map { n throws(JSONataError) in try evaluate(n, input, env) } ?? nil)
            }
            let holes = argumentNodes.map { $0 == nil }
            result = .function(FunctionValue(.partial(f, zip(arguments, holes).map { $1 ? nil : ($0 ?? .null) })))
        case .lambda(let parameters, let body, let signature):
            result = .function(FunctionValue(.lambda(parameters: parameters, body: body, environment: env, signature: signature, input: input)))
        case .apply(let lhs, let rhs):
            result = try chain(lhs, rhs, input, env, position: node.position)
        case .sort:
            throw JSONataError(code: "S0201", position: node.position, message: "A sort must follow a path step")
        case .transform(let pattern, let update, let delete):
            result = transform(pattern, update, delete, env, position: node.position)
        case .placeholder:
            result = nil
        }
        for predicate in node.predicates {
            result = try filter(predicate, result, env)
        }
        if !node.isPath, let group = node.group {
            result = try self.group(group, result, env, position: node.position)
        }
        if let box = result?.box, box.isSequence, !box.isTupleStream {
            if node.keepArray { box.keepSingleton = true }
            if box.items.isEmpty { return nil }
            if box.items.count == 1 && !box.keepSingleton { return box.items[0] }
        }
        return result
    }

    // MARK: - names and variables

    /// A name step on a value (no evaluator state: both tiers call it directly).
    static func lookup(_ input: Value?, _ key: String) -> Value? {
        guard let input else { return nil }
        switch input {
        case .jsonObject(let o):
            return o[key].map(Value.init)
        case .object(let o):
            return o[key]
        case .jsonArray(let a):
            let out = ArrayBox.sequence()
            for element in a {
                guard case .object(let o) = element, let v = o[key] else {
                    if case .array = element, let nested = lookup(Value(element), key) { append(flattening: nested, to: out) }
                    continue
                }
                if case .array(let inner) = v { out.items.append(contentsOf: inner.map(Value.init)) } else { out.items.append(Value(v)) }
            }
            return .array(out)
        case .array(let box):
            let out = ArrayBox.sequence()
            for element in box.items {
                if let v = lookup(element, key) { append(flattening: v, to: out) }
            }
            return .array(out)
        default:
            return nil
        }
    }

    private static func append(flattening value: Value, to box: ArrayBox) {
        if let elements = value.elements { box.items.append(contentsOf: elements) } else { box.items.append(value) }
    }

    private func variable(_ name: String, _ input: Value?, _ env: Environment) -> Value? {
        if name.isEmpty {
            // `$` is the context; a top-level array input is seen through its wrapper.
            if let box = input?.box, box.outerWrapper { return box.items.first }
            return input
        }
        if let bound = env.binding(name) { return bound }
        if let builtin = Functions.builtinValues[name] { return builtin }
        return nil
    }

    /// A wildcard step on a value (no evaluator state).
    static func wildcard(_ input: Value?) -> Value? {
        let out = ArrayBox.sequence()
        guard let input else { return nil }
        if let members = input.members {
            for (_, value) in members {
                if let elements = value.elements { out.items.append(contentsOf: flatten(elements)) } else { out.items.append(value) }
            }
        } else if let elements = input.elements {
            // An array's values are its elements; nested arrays are flattened.
            for element in elements {
                if let nested = element.elements { out.items.append(contentsOf: flatten(nested)) } else { out.items.append(element) }
            }
        }
        return .array(out)
    }

    private static func flatten(_ values: [Value]) -> [Value] {
        var out: [Value] = []
        for v in values {
            if let e = v.elements { out.append(contentsOf: flatten(e)) } else { out.append(v) }
        }
        return out
    }

    private func descendants(_ input: Value?) -> Value? {
        guard let input else { return nil }
        let out = ArrayBox.sequence()
        collectDescendants(input, into: out)
        if out.items.count == 1 { return out.items[0] }
        return .array(out)
    }

    private func collectDescendants(_ value: Value, into out: ArrayBox) {
        if !value.isArray { out.items.append(value) }
        if let elements = value.elements {
            for e in elements { collectDescendants(e, into: out) }
        } else if let members = value.members {
            for (_, v) in members { collectDescendants(v, into: out) }
        }
    }

    // MARK: - truthiness and equality

    /// JSONata's boolean casting (`$boolean`).
    static func truthy(_ value: Value?) -> Bool {
        guard let value else { return false }
        switch value {
        case .null: return false
        case .bool(let b): return b
        case .number(let d): return d != 0
        case .exact(let n): return n.double != 0
        case .string(let s): return !s.isEmpty
        case .jsonArray, .array:
            let elements = value.elements ?? []
            if elements.count == 1 { return truthy(elements[0]) }
            return elements.contains { truthy($0) }
        case .jsonObject(let o): return !o.isEmpty
        case .object(let o): return !o.members.isEmpty
        case .function, .regex: return false
        }
    }

    /// Deep equality of two values.
    static func equal(_ a: Value, _ b: Value) -> Bool {
        if let x = a.numeric, let y = b.numeric {
            if case .exact(let p) = a, case .exact(let q) = b { return p == q }
            return x == y
        }
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        // Strings are equal when their code points are (JavaScript's `===`), not when they are
        // canonically equivalent (Swift's `==`).
        case (.string(let x), .string(let y)): return ExactText(x) == ExactText(y)
        default: break
        }
        if let x = a.elements, let y = b.elements {
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        }
        if let x = a.members, let y = b.members {
            guard x.count == y.count else { return false }
            for (k, v) in x {
                guard let other = b.field(k), equal(v, other) else { return false }
            }
            return true
        }
        return false
    }
}
