/// A lambda written as an argument of a native function (`$map(lines, function($l) { … })`,
/// `$sort(entries, function($a, $b) { … })`), compiled by the fast tier: its parameters are slots of
/// the evaluation's storage and its body is fast code, run in a frame of its own over that storage
/// when the native function calls it through ``Evaluator/apply(_:_:context:position:)``.
///
/// The slots it reads belong to the call it was made for, so it may only be called during that call:
/// when the call returns it is marked dead, and a later call (the function escaped through the native
/// function's result) hands the evaluation to the interpreter, whose lambdas close over real scopes.
final class CompiledLambda: @unchecked Sendable {
    let parameterSlots: [Int]
    private let body: FastExpr
    private let storage: FastStorage
    /// The context where the lambda was written (a lambda's body runs on it).
    private let input: Value?
    private(set) var live = true
    /// The body as a comparator of keys, when it is one (``KeyedComparator``).
    let keyed: KeyedComparator?

    init(parameterSlots: [Int], body: FastExpr, storage: FastStorage, input: Value?, keyed: KeyedComparator? = nil) {
        self.parameterSlots = parameterSlots
        self.body = body
        self.storage = storage
        self.input = input
        self.keyed = keyed
    }

    /// Marks the lambda dead if `value` is one: the call it was an argument of has returned.
    static func endCall(of arguments: [Value?]) {
        for case .function(let function)? in arguments {
            if case .compiled(let lambda) = function.body { lambda.live = false }
        }
    }

    func call(_ arguments: [Value?], _ evaluator: inout Evaluator) throws(JSONataError) -> Value? {
        guard live else { throw FastProgram.bailOut }
        for i in parameterSlots.indices { storage.slots[parameterSlots[i]] = i < arguments.count ? arguments[i] : nil }
        return try run(&evaluator)
    }

    /// ``call(_:_:)`` with the first `count` (at most three) of the arguments given, without an array.
    func call(_ first: Value?, _ second: Value?, _ third: Value?, count: Int, _ evaluator: inout Evaluator) throws(JSONataError) -> Value? {
        guard live else { throw FastProgram.bailOut }
        let slots = storage.slots
        for i in parameterSlots.indices {
            slots[parameterSlots[i]] = switch i {
            case 0 where count > 0: first
            case 1 where count > 1: second
            case 2 where count > 2: third
            default: nil
            }
        }
        return try run(&evaluator)
    }

    /// The body, once the parameters are in their slots.
    private func run(_ evaluator: inout Evaluator) throws(JSONataError) -> Value? {
        try run(body, &evaluator)
    }

    /// `code` (the body, or a key of ``keyed``) once the parameters are in their slots.
    private func run(_ code: FastExpr, _ evaluator: inout Evaluator) throws(JSONataError) -> Value? {
        // The frame reaches the caller's evaluator by pointer: a comparator is called n log n times,
        // and a copy would retain and release the evaluator's scopes on every call.
        return try withUnsafeMutablePointer(to: &evaluator) { pointer throws(JSONataError) in
            var frame = FastFrame(storage: storage, evaluator: pointer)
            let result = try code.run(&frame, input)
            if frame.failed { throw FastProgram.bailOut }
            // The items this call visited, and the call itself, count towards the time limit.
            try frame.evaluator.account(for: frame.visited &+ 1)
            return result
        }
    }

    /// The order `$sort` gives `items` with this lambda as comparator, when its body compares keys
    /// (``keyed``): each key read once per item, then compared; `nil` otherwise.
    func keyedOrder(of items: [Value], _ evaluator: inout Evaluator) throws(JSONataError) -> [Int]? {
        guard let keyed else { return nil }
        guard live else { throw FastProgram.bailOut }
        // Key by key (``KeyedComparator/Operands``).
        var keys: [Value?] = []
        keys.reserveCapacity(keyed.keys.count * items.count)
        for key in keyed.keys {
            for item in items {
                storage.slots[key.slot] = item
                keys.append(try run(key.code, &evaluator))
            }
        }
        return try keyed.order(keys, count: items.count, &evaluator)
    }
}
