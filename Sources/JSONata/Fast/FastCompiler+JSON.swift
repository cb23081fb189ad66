import JSONValue

/// JSON mode: the shapes that move data — paths of names read in place, object and array
/// constructors, `&`, conditions, blocks and calls of bound lambdas — work on JSON directly: the
/// context is a pointer into the input, results are JSON. Every other node is compiled once, in value
/// mode, and its result converted (``fallback(_:)``).
extension FastCompiler {
    mutating func compileJSON(_ node: Node) throws(Unsupported) -> JSONCode {
        guard Self.isPlain(node) else { throw Unsupported() }
        switch node.kind {
        case .string(let text):
            let json = JSON.string(text)
            return { _, _ in json }
        case .number(let number):
            guard let json = FastSteps.faithfulJSON(.number(number)) else { return try fallback(node) }
            return { _, _ in json }
        case .literal(let value):
            guard let json = FastSteps.faithfulJSON(value) else { return try fallback(node) }
            return { _, _ in json }
        case .variable(let name):
            if name.isEmpty { return { _, context in context?.pointee } }
            if name == "$" { return { frame, _ in frame.rootPointer?.pointee } }
            return try fallback(node)
        case .name(let name):
            return FastJSON.names([name], fromRoot: false, general: try compile(node))
        case .path(let steps):
            return try pathJSON(node, steps)
        case .object(let pairs):
            guard let keys = node.literalKeys else { throw Unsupported() }
            let members = try pairs.map { pair throws(Unsupported) in JSONExpr(try compileJSON(pair.1)) }
            return FastJSON.object(keys: keys, members: members)
        case .array(let items):
            let codes = try items.map { item throws(Unsupported) in JSONExpr(try compileJSON(item)) }
            return FastJSON.array(codes, keepsNested: items.map { if case .array = $0.kind { true } else { false } })
        case .condition(let test, let then, let otherwise):
            let testCode = try compileJSON(test)
            let thenCode = try compileJSON(then)
            let otherwiseCode = try otherwise.map { node throws(Unsupported) in JSONExpr(try compileJSON(node)) }
            return { frame, context throws(JSONataError) in
                if Evaluator.truthy(try testCode(&frame, context).map(Value.init)) { return try thenCode(&frame, context) }
                return try otherwiseCode?.run(&frame, context)
            }
        case .binary("&", let lhs, let rhs):
            let left = try compileJSON(lhs)
            let right = try compileJSON(rhs)
            return { frame, context throws(JSONataError) in
                let a = try left(&frame, context)
                let b = try right(&frame, context)
                return .string(try FastJSON.string(a) + FastJSON.string(b))
            }
        case .block(let statements):
            let block = try self.block(statements, last: { compiler, node throws(Unsupported) in JSONExpr(try compiler.compileJSON(node)) })
            return { frame, context throws(JSONataError) in
                for statement in block.statements { try statement(&frame, context, nil) }
                return try block.last?.run(&frame, context)
            }
        case .call(let callee, let argumentNodes):
            if case .variable(let name) = callee.kind, Self.isPlain(callee), !name.isEmpty, name != "$", case .lambda(let lambda)? = try resolve(name) {
                let arguments = try argumentNodes.map { node throws(Unsupported) in FastExpr(try compile(node)) }
                let call = Self.lambdaCall(lambda, arguments)
                let needsContext = !arguments.isEmpty
                return { frame, context throws(JSONataError) in
                    try call(&frame, needsContext ? context.map { Value($0.pointee) } : nil)
                }
            }
            return try fallback(node)
        default:
            return try fallback(node)
        }
    }

    /// The node in value mode, its result as JSON. A result that JSON cannot carry faithfully (a
    /// sequence, a function, a number that would read back differently) hands the evaluation to the
    /// interpreter.
    mutating func fallback(_ node: Node) throws(Unsupported) -> JSONCode {
        let code = try compile(node)
        return { frame, context throws(JSONataError) in
            guard let value = try code(&frame, context.map { Value($0.pointee) }) else { return nil }
            guard let json = FastSteps.faithfulJSON(value) else { throw FastProgram.bailOut }
            return json
        }
    }

    /// Paths in JSON mode: names (from the context or `$$`) read in place, optionally ending in an
    /// object constructor applied to each item found (`line_items.{…}`).
    private mutating func pathJSON(_ node: Node, _ steps: [Node]) throws(Unsupported) -> JSONCode {
        var start = 0
        var fromRoot = false
        if case .variable(let name) = steps.first?.kind {
            guard name == "$" else { return try fallback(node) }
            fromRoot = true
            start = 1
        }
        var names: [String] = []
        for step in steps[start...] {
            guard Self.isPlain(step), case .name(let name) = step.kind else { break }
            names.append(name)
        }
        let rest = steps.count - start - names.count
        if rest == 0 && !names.isEmpty {
            // Names only: no scopes inside, so the value-mode form (for arrays on the way) is safe to compile too.
            return FastJSON.names(names, fromRoot: fromRoot, general: try compile(node))
        }
        guard rest == 1, !names.isEmpty, let last = steps.last, Self.isPlain(last), case .object(let pairs) = last.kind, let keys = last.literalKeys else {
            return try fallback(node)
        }
        let members = try pairs.map { pair throws(Unsupported) in JSONExpr(try compileJSON(pair.1)) }
        return FastJSON.map(names, fromRoot: fromRoot, object: FastJSON.object(keys: keys, members: members))
    }
}
