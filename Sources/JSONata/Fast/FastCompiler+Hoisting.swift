/// Loop-invariant code motion for the fast tier.
///
/// The per-item parts of a loop — a path's steps, predicates, a grouping's keys and values, a lambda
/// passed to a native function, the members of `items.{…}` — are compiled inside a ``FastCompiler/Loop``.
/// A part among them whose value cannot change from one item to the next is computed once per entry
/// into the loop and cached: `$sorted[amount = $max($sorted.amount)]` computes the maximum once, not
/// once per entry, so it is linear rather than quadratic.
///
/// A part is invariant when it reads neither its context (`name`, `$`, `*`) nor a variable bound inside
/// the loop (a lambda's parameter, a block's binding), and calls only built-ins whose answer depends on
/// their arguments alone (not `$random`, not higher-order functions, which call what they are given).
/// Paths, predicates and groupings inside it may read their own contexts. The cache is filled lazily,
/// on the first item that evaluates the part, so an empty loop evaluates nothing, and errors surface
/// where they would have. A name that an evaluation binds to something other than the built-in (a host
/// function, a binding) is checked when the cached part runs: the part is then evaluated every time.
extension FastCompiler {
    /// A loop being compiled: the scopes it starts above (variables bound in them are per item) and
    /// the cache slots of the parts hoisted to it, cleared each time the loop is entered.
    struct Loop {
        let scopeBase: Int
        var caches: [Int] = []
    }

    /// Built-ins whose answer is not a function of their arguments within one evaluation, or that
    /// call functions they are given.
    private static let impureBuiltins: Set<String> = [
        "random", "shuffle", "eval", "map", "filter", "reduce", "sort", "single", "sift", "each", "transform", "compose",
    ]

    /// `body` compiled as the per-item part of a loop; the caches of what was hoisted to it.
    mutating func inLoop<T>(_ body: (inout FastCompiler) throws(Unsupported) -> T) throws(Unsupported) -> (T, caches: [Int]) {
        loops.append(Loop(scopeBase: scopes.count))
        let result: T
        do {
            result = try body(&self)
        } catch {
            loops.removeLast()
            throw error
        }
        return (result, loops.removeLast().caches)
    }

    /// `code`, clearing the loop's caches each time it starts.
    static func clearing(_ caches: [Int], _ code: @escaping FastCode) -> FastCode {
        if caches.isEmpty { return code }
        return { frame, input throws(JSONataError) in
            clear(caches, &frame)
            return try code(&frame, input)
        }
    }

    /// ``clearing(_:_:)`` in JSON mode.
    static func clearing(_ caches: [Int], _ code: @escaping JSONCode) -> JSONCode {
        if caches.isEmpty { return code }
        return { frame, context in
            clear(caches, &frame)
            return code(&frame, context)
        }
    }

    @inline(__always)
    static func clear(_ caches: [Int], _ frame: inout FastFrame) {
        for cache in caches { frame.hoisted[cache] = nil }
    }

    /// The outermost loop being compiled that `node` is invariant in and worth caching for, if any.
    func hoistingLoop(_ node: Node) -> Int? {
        guard !loops.isEmpty, Self.isWorthCaching(node) else { return nil }
        return loops.indices.first { invariant(node, above: loops[$0].scopeBase, readsContext: false) }
    }

    /// `node` compiled outside loop `k` (and the loops inside it), its value cached per entry into loop `k`.
    mutating func hoisted(_ node: Node, loop k: Int) throws(Unsupported) -> FastCode {
        let inner = Array(loops[k...])
        loops.removeSubrange(k...)
        let compiled: FastCode
        do {
            compiled = try compile(node)
        } catch {
            loops.append(contentsOf: inner)
            throw error
        }
        loops.append(contentsOf: inner)
        let cache = hoistedCount
        hoistedCount += 1
        loops[k].caches.append(cache)
        var called: [(slot: Int, builtin: FunctionValue)] = []
        for name in Self.calledNames(node) {
            guard case .function(let builtin)? = Functions.builtinValues[name] else { throw Unsupported() }
            called.append((try valueSlot(name), builtin))
        }
        let guards = called
        return { frame, input throws(JSONataError) in
            if let value = frame.hoisted[cache] { return value }
            let value = try compiled(&frame, input)
            if guards.allSatisfy({ frame.holds($0.builtin, in: $0.slot) }) { frame.hoisted[cache] = .some(value) }
            return value
        }
    }

    /// Whether computing `node` costs more than reading a cache: it calls a function or walks a path.
    private static func isWorthCaching(_ node: Node) -> Bool {
        switch node.kind {
        case .call, .path: true
        case .binary(_, let lhs, let rhs): isWorthCaching(lhs) || isWorthCaching(rhs)
        case .negate(let operand): isWorthCaching(operand)
        case .condition(let test, let then, let otherwise): isWorthCaching(test) || isWorthCaching(then) || otherwise.map(isWorthCaching) == true
        case .array(let items): items.contains(where: isWorthCaching)
        case .object(let pairs): pairs.contains { isWorthCaching($0.0) || isWorthCaching($0.1) }
        default: false
        }
    }

    /// Whether `node`'s value depends on nothing bound in scopes from `base` up and, unless
    /// `readsContext`, not on its context; every function it calls is a pure built-in by name.
    private func invariant(_ node: Node, above base: Int, readsContext: Bool) -> Bool {
        guard Self.isPlainApartFromPredicatesAndGroup(node, stages: true) else { return false }
        // Predicates, stages and a grouping read the items of the node's own result.
        for predicate in node.predicates + node.stages where !invariant(predicate, above: base, readsContext: true) { return false }
        for (key, value) in node.group ?? [] {
            guard invariant(key, above: base, readsContext: true), invariant(value, above: base, readsContext: true) else { return false }
        }
        switch node.kind {
        case .string, .number, .literal, .regex:
            return true
        case .variable(let name):
            if name.isEmpty { return readsContext }
            if name == "$" { return true }
            return isBoundOutside(name, base: base)
        case .name, .wildcard:
            return readsContext
        case .path(let steps):
            // Later steps read the items of the steps before them.
            guard let first = steps.first, invariant(first, above: base, readsContext: readsContext) else { return false }
            return steps.dropFirst().allSatisfy { invariant($0, above: base, readsContext: true) }
        case .binary(_, let lhs, let rhs):
            return invariant(lhs, above: base, readsContext: readsContext) && invariant(rhs, above: base, readsContext: readsContext)
        case .negate(let operand):
            return invariant(operand, above: base, readsContext: readsContext)
        case .condition(let test, let then, let otherwise):
            return [test, then].allSatisfy { invariant($0, above: base, readsContext: readsContext) }
                && otherwise.map { invariant($0, above: base, readsContext: readsContext) } != false
        case .array(let items):
            return items.allSatisfy { invariant($0, above: base, readsContext: readsContext) }
        case .object(let pairs):
            return pairs.allSatisfy { invariant($0.0, above: base, readsContext: readsContext) && invariant($0.1, above: base, readsContext: readsContext) }
        case .call(let callee, let arguments):
            guard Self.isPlain(callee), case .variable(let name) = callee.kind, !name.isEmpty, name != "$",
                let builtin = Functions.builtins[name], !Self.impureBuiltins.contains(name), isFree(name)
            else { return false }
            if !readsContext, let signature = builtin.signature, signature.parameters.contains(where: \.contextDefault) {
                // A `-` parameter takes the context unless every parameter has its argument (and no
                // parameter is variadic): only then can matching not fall back on the context.
                guard arguments.count == signature.parameters.count, signature.directArity != nil else { return false }
            }
            return arguments.allSatisfy { invariant($0, above: base, readsContext: readsContext) }
        default:
            return false
        }
    }

    /// Whether `name` is bound in a scope below `base` (or is free): the loop cannot change it.
    private func isBoundOutside(_ name: String, base: Int) -> Bool {
        for index in scopes.indices.reversed() {
            if let binding = scopes[index].bound[name] {
                guard case .slot = binding else { return false }
                return index < base
            }
            if scopes[index].pending.contains(name) { return false }
        }
        return true
    }

    /// Whether no scope binds `name` (nor will): it reads what the evaluation gives it.
    private func isFree(_ name: String) -> Bool {
        scopes.allSatisfy { $0.bound[name] == nil && !$0.pending.contains(name) }
    }

    /// The names of the functions `node` calls (all free built-ins, by ``invariant(_:above:readsContext:)``).
    private static func calledNames(_ node: Node) -> Set<String> {
        var names: Set<String> = []
        func visit(_ node: Node) {
            for predicate in node.predicates + node.stages { visit(predicate) }
            for (key, value) in node.group ?? [] {
                visit(key)
                visit(value)
            }
            switch node.kind {
            case .path(let steps): steps.forEach(visit)
            case .binary(_, let lhs, let rhs):
                visit(lhs)
                visit(rhs)
            case .negate(let operand): visit(operand)
            case .condition(let test, let then, let otherwise):
                visit(test)
                visit(then)
                otherwise.map(visit)
            case .array(let items): items.forEach(visit)
            case .object(let pairs):
                for (key, value) in pairs {
                    visit(key)
                    visit(value)
                }
            case .call(let callee, let arguments):
                if case .variable(let name) = callee.kind { names.insert(name) }
                arguments.forEach(visit)
            default: break
            }
        }
        visit(node)
        return names
    }
}
