import JSONValue

extension Functions {
    static let aggregateFunctions: [NativeFunction] = [
        NativeFunction("sum", "<a<n>:n>") { a, _ in
            guard let array = a[0] else { return nil }
            return foldNumbers(array, 0) { $0 + $1 }.map { .number($0.result) }
        },
        NativeFunction("count", "<a:n>") { a, _ in
            .number(Double(count(a.first ?? nil)))
        },
        // As `max()` and `min()` of the numbers: the first of equal ones, NaN compared as `<` does.
        NativeFunction("max", "<a<n>:n>") { a, _ in
            guard let array = a[0], let (result, count) = firstAndRest(array, { next, best in best < next ? next : best }), count > 0 else { return nil }
            return .number(result)
        },
        NativeFunction("min", "<a<n>:n>") { a, _ in
            guard let array = a[0], let (result, count) = firstAndRest(array, { next, best in next < best ? next : best }), count > 0 else { return nil }
            return .number(result)
        },
        NativeFunction("average", "<a<n>:n>") { a, _ in
            guard let array = a[0], let (total, count) = foldNumbers(array, 0, { $0 + $1 }), count > 0 else { return nil }
            return .number(total / Double(count))
        },
    ]

    /// The number of items `$count` sees: an array's elements, one for any other value, none for undefined.
    static func count(_ value: Value?) -> Int {
        switch value {
        case nil: 0
        case .array(let box)?: box.items.count
        case .jsonArray(let items)?: items.count
        default: 1
        }
    }

    /// `combine` over the numbers of an array (its elements as they are, without converting a JSON
    /// array), from `initial`, and how many elements there were; `nil` for a value that is not an array.
    static func foldNumbers(
        _ array: Value, _ initial: Double, _ combine: (Double, Double) -> Double
    ) -> (result: Double, count: Int)? {
        var result = initial
        switch array {
        case .array(let box):
            for item in box.items { result = combine(result, item.numeric ?? 0) }
            return (result, box.items.count)
        case .jsonArray(let items):
            for item in items { result = combine(result, item.numberValue?.double ?? 0) }
            return (result, items.count)
        default:
            return nil
        }
    }

    /// `choose(next, best)` over the numbers of an array, starting from the first.
    private static func firstAndRest(_ array: Value, _ choose: (Double, Double) -> Double) -> (result: Double, count: Int)? {
        var first = true
        return foldNumbers(array, 0) { best, next in
            if first {
                first = false
                return next
            }
            return choose(next, best)
        }
    }
}
