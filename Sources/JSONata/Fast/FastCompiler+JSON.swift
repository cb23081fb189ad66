import JSONValue

/// JSON mode: the shapes that move data — paths of names read in place, object and array
/// constructors, `&`, conditions, blocks and calls of bound lambdas — work on JSON directly: the
/// context is a pointer into the input, results are JSON. Every other node is compiled once, in value
/// mode, and its result converted (``fallback(_:)``).
extension FastCompiler {
    mutating func compileJSON(_ node: Node) throws(Unsupported) -> JSONCode {
        if let grouped = try groupedInPlace(node) { return grouped.box.run }
        // A loop-invariant part is cached as a value (FastCompiler+Hoisting.swift).
        switch node.kind {
        case .name, .variable:
            if hoistingLoop(node) == nil, !node.predicates.isEmpty, let plan = try walkPlan([node][...]) { return try walkInPlace(node, plan).box.run }
        default:
            break
        }
        guard Self.isPlain(node), hoistingLoop(node) == nil else { return try fallback(node) }
        if let json = Self.constantJSON(node) { return { _, _ in json } }
        switch node.kind {
        case .variable(let name):
            if name.isEmpty { return { _, context in context?.pointee } }
            if name == "$" { return { frame, _ in frame.rootPointer?.pointee } }
            let slot = try valueSlot(name)
            return { frame, _ in
                guard let value = frame.slots[slot] else { return nil }
                guard let json = FastSteps.resultJSON(value) else { return frame.handBack() }
                return json
            }
        case .name(let name):
            return FastJSON.names([name], fromRoot: false, general: try fallback(node))
        case .path(let steps):
            return try pathJSON(node, steps)
        case .object(let pairs):
            guard let keys = node.literalKeys else { return try fallback(node) }
            return FastJSON.object(keys: keys, members: try pairs.map { pair throws(Unsupported) in try member(pair.1) }, contextSlot: nil)
        case .array(let items):
            let codes = try items.map { item throws(Unsupported) in JSONExpr(try compileJSON(item)) }
            return FastJSON.array(codes, keepsNested: items.map { if case .array = $0.kind { true } else { false } })
        case .condition(let test, let then, let otherwise):
            let testCode = try compileJSON(test)
            let thenCode = try compileJSON(then)
            let otherwiseCode = try otherwise.map { node throws(Unsupported) in JSONExpr(try compileJSON(node)) }
            return { frame, context in
                if Evaluator.truthy(testCode(&frame, context).map(Value.init)) { return thenCode(&frame, context) }
                return otherwiseCode?.run(&frame, context)
            }
        case .binary("&", let lhs, let rhs):
            let left = try compileJSON(lhs)
            let right = try compileJSON(rhs)
            return { frame, context in
                let a = left(&frame, context)
                let b = right(&frame, context)
                do {
                    return .string(try FastJSON.string(a) + FastJSON.string(b))
                } catch {
                    return frame.handBack()
                }
            }
        case .binary(let op, let lhs, let rhs) where Self.inPlaceOperators.contains(op):
            // Operands read in place; the result (a boolean, or a number JSON may not carry) converted.
            let operation = try self.operation(op, lhs, rhs, position: node.position)
            return { frame, context in
                guard let value = operation.run(&frame, context) else { return nil }
                guard let json = FastSteps.resultJSON(value) else { return frame.handBack() }
                return json
            }
        case .block(let statements):
            let block = try self.block(statements, inJSON: true, last: { compiler, node throws(Unsupported) in JSONExpr(try compiler.compileJSON(node)) })
            return { frame, context in
                do {
                    for statement in block.statements { try statement.run(&frame, context, nil) }
                } catch {
                    return frame.handBack()
                }
                return block.last?.run(&frame, context)
            }
        case .call(let callee, let argumentNodes):
            return try callJSON(node, callee, argumentNodes)
        default:
            return try fallback(node)
        }
    }

    /// A literal (string, number, `true`/`false`/`null`) as the JSON that reads back as its value;
    /// `nil` for other nodes and for numbers JSON would not carry faithfully.
    static func constantJSON(_ node: Node) -> JSON? {
        switch node.kind {
        case .string(let text): .string(text)
        case .number(let number): FastSteps.faithfulJSON(.number(number))
        case .literal(let value): FastSteps.faithfulJSON(value)
        default: nil
        }
    }

    /// An object constructor's member: literals, variables and single names are computed in the
    /// constructor's loop (see ``FastJSON/object(keys:members:contextSlot:)``), anything else is a compiled piece.
    private mutating func member(_ node: Node) throws(Unsupported) -> FastJSON.Member {
        guard Self.isPlain(node) else { return .code(JSONExpr(try fallback(node))) }
        if let json = Self.constantJSON(node) { return .constant(json) }
        switch node.kind {
        case .variable(let name) where !name.isEmpty && name != "$":
            return .slot(try valueSlot(name))
        case .name(let name):
            return .name(name, general: JSONExpr(try fallback(node)))
        case .object(let pairs):
            guard let keys = node.literalKeys else { throw Unsupported() }
            return .object(keys: keys, members: try pairs.map { pair throws(Unsupported) in try member(pair.1) }, contextSlot: nil)
        case .call(let callee, let arguments):
            if let inlined = try inlinedCall(callee, arguments) { return inlined }
            return .code(JSONExpr(try compileJSON(node)))
        default:
            return .code(JSONExpr(try compileJSON(node)))
        }
    }

    /// The call of a bound lambda whose body calls can build in place (``KnownLambda/inlineObject``),
    /// as a member: each argument where its parameter was, on the call's context.
    private mutating func inlinedCall(_ callee: Node, _ argumentNodes: [Node]) throws(Unsupported) -> FastJSON.Member? {
        guard case .variable(let name) = callee.kind, Self.isPlain(callee), !name.isEmpty, name != "$",
            case .lambda(let lambda)? = try resolve(name), let inline = lambda.inlineObject, argumentNodes.count == lambda.parameterSlots.count
        else { return nil }
        let arguments = try argumentNodes.map { node throws(Unsupported) in try member(node) }
        let members: [FastJSON.Member] = inline.members.map { member in
            switch member {
            case .parameter(let i): arguments[i]
            case .constant(let json): .constant(json)
            case .slot(let slot): .slot(slot)
            }
        }
        return .object(keys: inline.keys, members: members, contextSlot: lambda.contextSlot)
    }

    /// Calls in JSON mode: arguments evaluated in JSON mode (read in place), then a bound lambda's body,
    /// a direct built-in or any native function. Calls without arguments may need the context as a
    /// value: those run in value mode.
    private mutating func callJSON(_ node: Node, _ callee: Node, _ argumentNodes: [Node]) throws(Unsupported) -> JSONCode {
        guard case .variable(let name) = callee.kind, Self.isPlain(callee), !name.isEmpty, name != "$", !argumentNodes.isEmpty else {
            return try fallback(node)
        }
        if case .object(let keys, let members, let contextSlot)? = try inlinedCall(callee, argumentNodes) {
            return FastJSON.object(keys: keys, members: members, contextSlot: contextSlot)
        }
        let known: KnownLambda? = if case .lambda(let lambda)? = try resolve(name) { lambda } else { nil }
        let operands = try argumentNodes.map { node throws(Unsupported) in try argument(node, ofNative: known == nil) }
        if let lambda = known {
            let call = Self.lambdaCall(lambda)
            if operands.count == 1, let parameter = lambda.parameterSlots.first {
                // One argument: straight into the parameter's slot, no argument array.
                let operand = operands[0]
                let others = Array(lambda.parameterSlots.dropFirst())
                let body = Self.lambdaBody(lambda)
                return { frame, context in
                    var contextValue: Value??
                    let value = operand.value(&frame, context, &contextValue)
                    if frame.failed { return nil }
                    frame.slots[parameter] = value
                    for slot in others { frame.slots[slot] = nil }
                    return body(&frame)
                }
            }
            let evaluate = Self.arguments(operands)
            return { frame, context in
                var values = evaluate(&frame, context, 0)
                defer { frame.recycle(&values) }
                return frame.failed ? nil : call(&frame, values)
            }
        }
        let slot = try valueSlot(name)
        let builtin: FunctionValue? = if case .function(let function)? = Functions.builtinValues[name] { function } else { nil }
        if let builtin, operands.count == 1, let direct = FastBuiltins.direct[name] {
            // One argument, no argument array.
            let operand = operands[0]
            return Self.direct(builtin, in: slot, general: try callJSON(native: slot, operands, position: node.position)) { frame, context, contextValue in
                operand.value(&frame, context, &contextValue)
            } call: { value throws(JSONataError) in try direct.call(value) }
        }
        if let builtin, operands.count == 2, let direct = FastBuiltins.direct2(name, literal: Self.literalPicture(argumentNodes)) {
            let first = operands[0], second = operands[1]
            return Self.direct(builtin, in: slot, general: try callJSON(native: slot, operands, position: node.position)) { frame, context, contextValue in
                (first.value(&frame, context, &contextValue), second.value(&frame, context, &contextValue))
            } call: { values throws(JSONataError) in try direct.call(values.0, values.1) }
        }
        if let builtin, operands.count == 3, let direct = FastBuiltins.direct3(name, literal: Self.literalPicture(argumentNodes)) {
            let first = operands[0], second = operands[1], third = operands[2]
            return Self.direct(builtin, in: slot, general: try callJSON(native: slot, operands, position: node.position)) { frame, context, contextValue in
                (first.value(&frame, context, &contextValue), second.value(&frame, context, &contextValue), third.value(&frame, context, &contextValue))
            } call: { values throws(JSONataError) in try direct.call(values.0, values.1, values.2) }
        }
        return try callJSON(native: slot, operands, position: node.position)
    }

    /// A call of a direct built-in form: its operands evaluated without an argument array, then `call`;
    /// the general call when the slot holds something else or the direct form does not handle them.
    private static func direct<Operands>(
        _ builtin: FunctionValue, in slot: Int, general: @escaping JSONCode,
        operands: @escaping @Sendable (inout FastFrame, UnsafePointer<JSON>?, inout Value??) -> Operands,
        call: @escaping @Sendable (Operands) throws(JSONataError) -> Value??
    ) -> JSONCode {
        { frame, context in
            guard frame.holds(builtin, in: slot) else { return general(&frame, context) }
            var contextValue: Value??
            let values = operands(&frame, context, &contextValue)
            if frame.failed { return nil }
            return answer(&frame, context, general) { () throws(JSONataError) in try call(values) }
        }
    }

    /// A direct built-in's answer as JSON: not handled (`nil`) runs the general call; an error or a
    /// value JSON cannot carry hands the evaluation back.
    private static func answer(
        _ frame: inout FastFrame, _ context: UnsafePointer<JSON>?, _ general: JSONCode, _ call: () throws(JSONataError) -> Value??
    ) -> JSON? {
        let answer: Value??
        do {
            answer = try call()
        } catch {
            return frame.handBack()
        }
        guard let answer else { return general(&frame, context) }
        guard let result = answer else { return nil }
        guard let json = FastSteps.faithfulJSON(result) else { return frame.handBack() }
        return json
    }

    /// A call of whatever native function the slot holds, in JSON mode.
    private func callJSON(
        native slot: Int, _ operands: [Argument], position: Int
    ) throws(Unsupported) -> JSONCode {
        let evaluate = Self.arguments(operands)
        return { frame, context in
            // A host function named freely (`$lookup`) takes JSON arguments that fit its signature as they are.
            if let host = frame.freeFunctions[slot].native,
                let result = host._withUnsafeGuaranteedRef({ Self.hostCallOnJSON($0, operands, &frame, context) })
            {
                return result
            }
            guard let native = frame.nativeFunction(in: slot) else { return frame.handBack() }
            let values = evaluate(&frame, context, native.arity)
            if frame.failed { return nil }
            let result: Value?
            do {
                var arguments = try Self.prepared(native, consume values, context: { context.map { Value($0.pointee) } }, position: position)
                // A host function works on JSON: its answer is the result as it is.
                if let (host, json) = Self.hostCall(native, arguments) { return try host(json) }
                defer {
                    CompiledLambda.endCall(of: arguments)
                    frame.recycle(&arguments)
                }
                result = FastSteps.normalize(try native.implementation(arguments, &frame.evaluator))
            } catch {
                return frame.handBack()
            }
            guard let result else { return nil }
            guard let json = FastSteps.resultJSON(result) else { return frame.handBack() }
            return json
        }
    }

    /// A host function's call with its operands evaluated straight to JSON, when they fit its
    /// signature one to one; `nil` otherwise (the general call then runs: evaluation has no effects).
    /// Sets `frame.failed` when an operand cannot be evaluated or the function throws.
    static func hostCallOnJSON(
        _ native: NativeFunction, _ operands: [Argument], _ frame: inout FastFrame, _ context: UnsafePointer<JSON>?
    ) -> JSON?? {
        guard let host = native.jsonImplementation else { return nil }
        var arguments: [JSON?] = []
        arguments.reserveCapacity(max(operands.count, native.arity))
        var contextValue: Value??
        for i in operands.indices {
            guard let json = operands[i].json(&frame, context, &contextValue) else { return nil }
            if frame.failed { return .some(nil) }
            arguments.append(json)
        }
        if let signature = native.signature, !Functions.acceptsDirectly(json: arguments, signature) { return nil }
        while arguments.count < native.arity { arguments.append(nil) }
        do {
            return .some(try host(arguments))
        } catch {
            return .some(frame.handBack())
        }
    }

    /// The names of a plain path of names (from the context, or from `$$`), if `node` is one.
    static func names(_ node: Node) -> (names: [String], fromRoot: Bool)? {
        guard isPlain(node) else { return nil }
        if case .name(let name) = node.kind { return ([name], false) }
        guard case .path(let steps) = node.kind else { return nil }
        return names(steps[...])
    }

    /// The names of path steps that are all plain names, after an optional leading `$$`.
    static func names(_ steps: ArraySlice<Node>) -> (names: [String], fromRoot: Bool)? {
        var fromRoot = false
        var names: [String] = []
        for (i, step) in zip(steps.indices, steps) {
            guard isPlain(step) else { return nil }
            switch step.kind {
            case .variable("$") where i == steps.startIndex: fromRoot = true
            case .name(let name): names.append(name)
            default: return nil
            }
        }
        return names.isEmpty ? nil : (names, fromRoot)
    }

    /// The node in value mode, its result as JSON. A result that JSON cannot carry faithfully (a
    /// sequence, a function, a number that would read back differently) hands the evaluation to the
    /// interpreter.
    mutating func fallback(_ node: Node) throws(Unsupported) -> JSONCode {
        let code = try compile(node)
        return { frame, context in
            do {
                guard let value = try code(&frame, context.map { Value($0.pointee) }) else { return nil }
                // Converting a large array is work the time limit must see (`[1..10000000]`, found by fuzzing).
                if let box = value.box, !frame.visit(box.items.count) { return frame.handBack() }
                guard let json = FastSteps.resultJSON(value) else { return frame.handBack() }
                return json
            } catch {
                return frame.handBack()
            }
        }
    }

    /// Paths in JSON mode: names (from the context or `$$`) read in place, optionally ending in an
    /// object constructor applied to each item found (`line_items.{…}`).
    private mutating func pathJSON(_ node: Node, _ steps: [Node]) throws(Unsupported) -> JSONCode {
        if let inPlace = try pathInPlace(node, steps) { return inPlace.box.run }
        return try fallback(node)
    }

    /// ``pathJSON(_:_:)`` when it reads the path in place (names from the context, `$$` or a variable,
    /// optionally filtered or mapped to a last step); `nil`, before compiling anything, when the path
    /// is the value mode's to evaluate. (Boxed: an optional closure would be held reabstracted, and
    /// called through thunks.)
    mutating func pathInPlace(_ node: Node, _ steps: [Node]) throws(Unsupported) -> JSONExpr? {
        // Names, some filtered by predicates (`records[IsDeleted = false]`, `data[0].card.brand`,
        // `$events[code = "DL"].timestamp`), then at most one step run on each item that passes.
        if let plan = try walkPlan(steps[...]) { return try walkInPlace(node, plan) }
        var start = 0
        var fromRoot = false
        if case .variable(let name) = steps.first?.kind {
            guard name == "$" else {
                guard !name.isEmpty, Self.isPlain(steps[0]), steps.count > 1, case .slot(let slot)? = try resolve(name) else { return nil }
                if let names = Self.names(steps.dropFirst()), !names.fromRoot {
                    return JSONExpr(FastJSON.variableNames(slot, names.names, general: try fallback(node)))
                }
                // Names from the variable, then a step run on each item.
                guard steps.count > 2, let names = Self.names(steps.dropFirst().dropLast()), !names.fromRoot,
                    let last = steps.last, Self.isPlain(last), Self.isMappedInJSON(last)
                else { return nil }
                let (step, caches) = try inLoop { compiler throws(Unsupported) in JSONExpr(try compiler.mappedStep(last)) }
                return JSONExpr(Self.clearing(caches, FastJSON.variableMap(slot, names.names, step: step, general: try fallback(node))))
            }
            fromRoot = true
            start = 1
        }
        var names: [String] = []
        for step in steps[start...] {
            guard Self.isPlain(step), case .name(let name) = step.kind else { break }
            names.append(name)
        }
        // Names, then an order-by, then at most one step run on each sorted item (names, or a mapped
        // step): the items are sorted as pointers into the input (`lines^(date).sku`).
        if !names.isEmpty, names.count < steps.count - start, case .sort(let terms) = steps[start + names.count].kind {
            let sortStep = steps[start + names.count]
            guard Self.isPlainApartFromPredicatesAndGroup(sortStep), sortStep.predicates.isEmpty, sortStep.group == nil else { return nil }
            let rest = steps[(start + names.count + 1)...]
            let restNames = rest.isEmpty ? nil : Self.names(rest)
            guard rest.isEmpty || (restNames.map { !$0.fromRoot } ?? false)
                || (rest.count == 1 && Self.isPlain(rest.first!) && Self.isMappedInJSON(rest.first!))
            else { return nil }
            // Terms and the last step run per item: a loop.
            let ((keys, step), caches) = try inLoop { compiler throws(Unsupported) in
                let keys = try terms.map { term throws(Unsupported) in try compiler.argument(term.0) }
                let step: JSONExpr? = if let restNames {
                    JSONExpr(FastJSON.names(restNames.names, fromRoot: false, general: try compiler.fallback(Node(.path(Array(rest)), position: rest.first!.position))))
                } else {
                    try rest.first.map { last throws(Unsupported) in JSONExpr(try compiler.mappedStep(last)) }
                }
                return (keys, step)
            }
            let sort = FastJSON.Sort(keys: keys, descending: terms.map(\.1), position: sortStep.position)
            return JSONExpr(Self.clearing(caches, FastJSON.sorted(names, fromRoot: fromRoot, sort, step: step, general: try fallback(node))))
        }
        let rest = steps.count - start - names.count
        if rest == 0 && !names.isEmpty {
            // Names only: no scopes inside, so the value-mode form (for arrays on the way) is safe to compile too.
            return JSONExpr(FastJSON.names(names, fromRoot: fromRoot, general: try fallback(node)))
        }
        guard rest == 1, !names.isEmpty, let last = steps.last, Self.isPlain(last), Self.isMappedInJSON(last) else { return nil }
        // The last step runs per item: a loop.
        let (step, caches) = try inLoop { compiler throws(Unsupported) in JSONExpr(try compiler.mappedStep(last)) }
        return JSONExpr(Self.clearing(caches, FastJSON.map(names, fromRoot: fromRoot, step: step, general: try fallback(node))))
    }

    /// A grouping over a path of names (`rows{sku: $sum(qty)}`) built in JSON mode: the items are
    /// read in place, keys evaluated on each, values on each group (``FastJSON/grouped(_:from:keys:values:general:)``);
    /// `nil` for anything else.
    mutating func groupedInPlace(_ node: Node) throws(Unsupported) -> JSONExpr? {
        guard let pairs = node.group, node.predicates.isEmpty, Self.isPlainApartFromPredicatesAndGroup(node), hoistingLoop(node) == nil else {
            return nil
        }
        // Names from the context or `$$`, or from a variable holding input JSON (`$lines{rate: …}`).
        let origin: FastJSON.Origin
        let names: [String]
        switch node.kind {
        case .name(let name):
            (origin, names) = (.context, [name])
        case .variable(let name) where !name.isEmpty && name != "$":
            guard case .slot(let slot)? = try resolve(name) else { return nil }
            (origin, names) = (.slot(slot), [])
        case .path(let steps):
            if case .variable(let name) = steps[0].kind, !name.isEmpty, name != "$" {
                guard Self.isPlain(steps[0]), case .slot(let slot)? = try resolve(name), let rest = Self.names(steps.dropFirst()), !rest.fromRoot
                else { return nil }
                (origin, names) = (.slot(slot), rest.names)
            } else {
                guard let found = Self.names(steps[...]) else { return nil }
                (origin, names) = (found.fromRoot ? .root : .context, found.names)
            }
        default:
            return nil
        }
        // Keys run per item and values per group: a loop.
        let ((keys, values), caches) = try inLoop { compiler throws(Unsupported) in
            (
                try pairs.map { pair throws(Unsupported) in try compiler.argument(pair.0) },
                try pairs.map { pair throws(Unsupported) in JSONExpr(try compiler.compileJSON(pair.1)) }
            )
        }
        let grouped = FastJSON.grouped(names, from: origin, keys: keys, values: values, general: try fallback(node))
        return JSONExpr(Self.clearing(caches, grouped))
    }

    /// A path's last step, run in JSON mode on each item the names before it lead to.
    mutating func mappedStep(_ last: Node) throws(Unsupported) -> JSONCode {
        guard case .object(let pairs) = last.kind, let keys = last.literalKeys else { return try compileJSON(last) }
        let members = try pairs.map { pair throws(Unsupported) in try member(pair.1) }
        return FastJSON.object(keys: keys, members: members, contextSlot: nil)
    }

    /// A name step whose only decorations are predicates (`stages`): filtered where it lies.
    static func isFilteredName(_ step: Node) -> Bool {
        guard case .name = step.kind else { return false }
        return isPlainApartFromPredicatesAndGroup(step, stages: true) && !step.stages.isEmpty && step.predicates.isEmpty && step.group == nil
    }

    /// Whether a path's last step after names runs in JSON mode on each item: an object constructor
    /// with literal keys, a block, a call, a condition or `&` (what ``compileJSON(_:)`` builds as JSON).
    static func isMappedInJSON(_ step: Node) -> Bool {
        switch step.kind {
        case .object: step.literalKeys != nil
        case .block, .call, .condition, .binary("&", _, _): true
        default: false
        }
    }
}
