/// Function calls, application of lambdas, partials and `~>` chains.
extension Evaluator {
    mutating func call(_ callee: Node, _ argumentNodes: [Node], _ input: Value?, _ env: Environment, position: Int) throws(JSONataError) -> Value? {
        let target = try evaluate(callee, input, env)
        guard case .function(let function)? = target else {
            if case .path(let steps) = callee.kind, steps.count == 1, case .name(let name) = steps[0].kind, Functions.builtins[name] != nil {
                throw JSONataError(code: "T1005", position: position, token: name, message: "Attempted to invoke a non-function. Did you mean ${$\(name)}?")
            }
            throw JSONataError(code: "T1006", position: position, message: "Attempted to invoke a non-function")
        }
        var arguments: [Value?] = []
        arguments.reserveCapacity(argumentNodes.count)
        for argument in argumentNodes { arguments.append(try evaluate(argument, input, env)) }
        currentInput = input
        return try apply(function, arguments, context: input, position: position)
    }

    /// Invokes a function with arguments; `context` feeds `-` (context-default) parameters.
    mutating func apply(_ function: FunctionValue, _ arguments: [Value?], context: Value? = nil, position: Int = 0) throws(JSONataError) -> Value? {
        switch function.body {
        case .native(let native):
            var arguments = arguments
            if let signature = native.signature {
                arguments = try Functions.coerce(arguments, to: signature, context: context, name: native.name, position: position)
            }
            // Implementations may read every declared parameter; missing ones are undefined.
            while arguments.count < native.arity { arguments.append(nil) }
            return try native.implementation(arguments, &self)
        case .lambda(let parameters, let body, let closure, let signature, let input):
            var arguments = arguments
            if let signature {
                arguments = try Functions.coerce(arguments, to: signature, context: context, name: "lambda", position: position)
            }
            let scope = Environment(parent: closure)
            for (i, name) in parameters.enumerated() {
                scope.bind(name, i < arguments.count ? arguments[i] : nil)
            }
            return try evaluate(body, input, scope)
        case .partial(let inner, let bound):
            var supplied = arguments.makeIterator()
            var full: [Value?] = []
            for b in bound {
                if let b { full.append(b) } else { full.append(supplied.next() ?? nil) }
            }
            while let extra = supplied.next() { full.append(extra) }
            return try apply(inner, full, context: context, position: position)
        case .compiled(let lambda):
            return try lambda.call(arguments, &self)
        }
    }

    /// `lhs ~> rhs`: passes `lhs` as the first argument of the function `rhs`, or composes functions.
    mutating func chain(_ lhsNode: Node, _ rhsNode: Node, _ input: Value?, _ env: Environment, position: Int) throws(JSONataError) -> Value? {
        let lhs = try evaluate(lhsNode, input, env)
        if case .call(let callee, let argumentNodes) = rhsNode.kind {
            guard case .function(let function)? = try evaluate(callee, input, env) else {
                throw JSONataError(code: "T2006", position: position, message: "The right side of the function application operator ~> must be a function")
            }
            var arguments: [Value?] = [lhs]
            for argument in argumentNodes { arguments.append(try evaluate(argument, input, env)) }
            let result = try apply(function, arguments, context: input, position: position)
            if rhsNode.keepArray, let box = result?.box, box.isSequence { box.keepSingleton = true }
            return result
        }
        let rhs = try evaluate(rhsNode, input, env)
        if case .regex(let regex)? = rhs {
            // A regex applied to a string yields its first match (truthy) or undefined.
            guard case .string(let text)? = lhs, let first = try regex.matches(in: text, deadline: deadline).first else { return nil }
            let match = ObjectBox()
            match["match"] = .string(first.match)
            match["start"] = .number(Double(first.index))
            match["end"] = .number(Double(first.index + first.match.count))
            match["groups"] = .plainArray(first.groups.map { .string($0) })
            return .object(match)
        }
        guard case .function(let function)? = rhs else {
            throw JSONataError(code: "T2006", position: position, message: "The right side of the function application operator ~> must be a function")
        }
        if case .function(let first)? = lhs {
            // Function composition: a new function applying `first` then `function`.
            let composed = NativeFunction("compose", nil) { arguments, evaluator throws(JSONataError) in
                let intermediate = try evaluator.apply(first, arguments)
                return try evaluator.apply(function, [intermediate])
            }
            return .function(FunctionValue(.native(composed)))
        }
        return try apply(function, [lhs], context: input, position: position)
    }
}
