extension Functions {
    /// How many arguments a callback takes: the value, then index and array when it asks for them.
    private static func callbackCount(_ f: Callback) -> Int {
        switch f.arity {
        case 1: 1
        case 2: 2
        default: 3
        }
    }

    static let higherOrderFunctions: [NativeFunction] = [
        NativeFunction("map", "<af>") { a, evaluator throws(JSONataError) in
            guard let list = a[0]?.elements, case .function(let function)? = a.count > 1 ? a[1] : nil else { return nil }
            let f = Callback(function), count = callbackCount(f)
            var out: [Value] = []
            for (i, item) in list.enumerated() {
                if let r = try f.call(&evaluator, item, .number(Double(i)), count > 2 ? .plainArray(list) : nil, count: count) { out.append(r) }
            }
            return .sequence(out)
        },
        NativeFunction("filter", "<af>") { a, evaluator throws(JSONataError) in
            guard let list = a[0]?.elements, case .function(let function)? = a.count > 1 ? a[1] : nil else { return nil }
            let f = Callback(function), count = callbackCount(f)
            var out: [Value] = []
            for (i, item) in list.enumerated()
            where Evaluator.truthy(try f.call(&evaluator, item, .number(Double(i)), count > 2 ? .plainArray(list) : nil, count: count)) {
                out.append(item)
            }
            return .sequence(out)
        },
        NativeFunction("reduce", "<afj?:j>") { a, evaluator throws(JSONataError) in
            guard let list = a[0]?.elements, case .function(let function)? = a.count > 1 ? a[1] : nil else { return nil }
            let f = Callback(function)
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
                if f.arity > 3 {
                    accumulator = try evaluator.apply(function, [accumulator, list[index], .number(Double(index)), .plainArray(list)])
                } else {
                    accumulator = try f.call(&evaluator, accumulator, list[index], .number(Double(index)), count: f.arity)
                }
                index += 1
            }
            return accumulator
        },
        NativeFunction("each", "<o-f:a>") { a, evaluator throws(JSONataError) in
            guard let members = a[0]?.members, case .function(let function)? = a.count > 1 ? a[1] : nil else { return nil }
            let f = Callback(function), count = f.arity >= 2 ? 2 : 1
            var out: [Value] = []
            for (k, v) in members {
                if let r = try f.call(&evaluator, v, .string(k), count: count) { out.append(r) }
            }
            return .sequence(out)
        },
    ]
}
