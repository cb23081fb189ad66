extension Functions {
    /// Arguments for a callback: value, then index and array when the callback takes them.
    private static func callbackArguments(_ f: FunctionValue, _ value: Value, _ index: Int, _ array: [Value]) -> [Value?] {
        switch f.arity {
        case 1: [value]
        case 2: [value, .number(Double(index))]
        default: [value, .number(Double(index)), .plainArray(array)]
        }
    }

    static let higherOrderFunctions: [NativeFunction] = [
        NativeFunction("map", "<af>") { a, evaluator throws(JSONataError) in
            guard let list = a[0]?.elements, case .function(let f)? = a.count > 1 ? a[1] : nil else { return nil }
            var out: [Value] = []
            for (i, item) in list.enumerated() {
                if let r = try evaluator.apply(f, callbackArguments(f, item, i, list)) { out.append(r) }
            }
            return .sequence(out)
        },
        NativeFunction("filter", "<af>") { a, evaluator throws(JSONataError) in
            guard let list = a[0]?.elements, case .function(let f)? = a.count > 1 ? a[1] : nil else { return nil }
            var out: [Value] = []
            for (i, item) in list.enumerated() where Evaluator.truthy(try evaluator.apply(f, callbackArguments(f, item, i, list))) {
                out.append(item)
            }
            return .sequence(out)
        },
        NativeFunction("reduce", "<afj?:j>") { a, evaluator throws(JSONataError) in
            guard let list = a[0]?.elements, case .function(let f)? = a.count > 1 ? a[1] : nil else { return nil }
            guard f.arity >= 2 else {
                throw JSONataError(code: "D3050", message: "The second argument of reduce function must be a function with at least two arguments")
            }
            var index = 0
            var accumulator: Value?
            if a.count > 2, let initial = a[2] {
                accumulator = initial
            } else if !list.isEmpty {
                accumulator = list[0]
                index = 1
            }
            while index < list.count {
                var arguments: [Value?] = [accumulator, list[index]]
                if f.arity > 2 { arguments.append(.number(Double(index))) }
                if f.arity > 3 { arguments.append(.plainArray(list)) }
                accumulator = try evaluator.apply(f, arguments)
                index += 1
            }
            return accumulator
        },
        NativeFunction("each", "<o-f:a>") { a, evaluator throws(JSONataError) in
            guard let members = a[0]?.members, case .function(let f)? = a.count > 1 ? a[1] : nil else { return nil }
            var out: [Value] = []
            for (k, v) in members {
                let arguments: [Value?] = f.arity >= 2 ? [v, .string(k)] : [v]
                if let r = try evaluator.apply(f, arguments) { out.append(r) }
            }
            return .sequence(out)
        },
    ]
}
