/// A function a higher-order built-in calls once per item (`$map`, `$filter`, `$reduce`, `$each`,
/// `$sort`'s comparator), prepared once: a lambda the fast tier compiled takes its arguments straight
/// into its parameter slots, without an argument array or the dispatch of
/// ``Evaluator/apply(_:_:context:position:)`` on every call; any other function goes through `apply`.
struct Callback {
    let function: FunctionValue
    private let compiled: CompiledLambda?

    init(_ function: FunctionValue) {
        self.function = function
        compiled = if case .compiled(let lambda) = function.body { lambda } else { nil }
    }

    var arity: Int { function.arity }

    /// The order `$sort` gives `items` with this comparator, when it is a compiled lambda that compares
    /// its arguments' fields (``KeyedComparator``); `nil` otherwise.
    func keyedOrder(of items: [Value], _ evaluator: inout Evaluator) throws(JSONataError) -> [Int]? {
        try compiled?.keyedOrder(of: items, &evaluator)
    }

    /// The function called with the first `count` (at most three) of the arguments given.
    func call(
        _ evaluator: inout Evaluator, _ first: Value?, _ second: Value? = nil, _ third: Value? = nil, count: Int
    ) throws(JSONataError) -> Value? {
        if let compiled { return try compiled.call(first, second, third, count: count, &evaluator) }
        let arguments: [Value?] = switch count {
        case 1: [first]
        case 2: [first, second]
        default: [first, second, third]
        }
        return try evaluator.apply(function, arguments)
    }
}
