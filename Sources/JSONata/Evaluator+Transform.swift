/// Transform expressions `| pattern | update [, delete] |`: a function that deep-copies its input,
/// then merges `update` into (and removes `delete` from) every object `pattern` selects.
extension Evaluator {
    func transform(_ pattern: Node, _ update: Node, _ delete: Node?, _ env: Environment, position: Int) -> Value {
        let function = NativeFunction("transform", "<(oa):x>") { arguments, evaluator throws(JSONataError) in
            guard let input = arguments.first ?? nil else { return nil }
            let copy = Self.deepCopy(input)
            guard let matches = try evaluator.evaluate(pattern, copy, env) else { return copy }
            for match in matches.elements ?? [matches] {
                guard case .object(let target) = match else { continue }
                if let changes = try evaluator.evaluate(update, match, env) {
                    guard let members = changes.members else {
                        throw JSONataError(code: "T2011", position: position, message: "The insert/update clause of the transform expression must evaluate to an object")
                    }
                    for (k, v) in members { target[k] = v }
                }
                if let delete, let removals = try evaluator.evaluate(delete, match, env) {
                    let names = removals.elements ?? [removals]
                    guard names.allSatisfy({ $0.stringValue != nil }) else {
                        throw JSONataError(code: "T2012", position: position, message: "The delete clause of the transform expression must evaluate to a string or array of strings")
                    }
                    for case .string(let name) in names { target[name] = nil }
                }
            }
            // A nested object changed under its parents: JSON kept for them while the pattern and the
            // clauses ran (a host function may have converted them) is out of date.
            Self.forgetJSON(copy)
            return copy
        }
        return .function(FunctionValue(.native(function)))
    }

    /// Drops the JSON kept for every constructed object in `value` (see ``ObjectBox/json``).
    private static func forgetJSON(_ value: Value) {
        switch value {
        case .object(let box):
            box.json = nil
            for (_, member) in box.members { forgetJSON(member) }
        case .array(let box):
            for item in box.items { forgetJSON(item) }
        default:
            break
        }
    }

    /// A copy in which every object and array is a fresh mutable box.
    static func deepCopy(_ value: Value) -> Value {
        switch value {
        case .jsonObject, .object:
            let box = ObjectBox()
            for (k, v) in value.members ?? [] { box[k] = deepCopy(v) }
            return .object(box)
        case .jsonArray, .array:
            return .plainArray((value.elements ?? []).map(deepCopy))
        default:
            return value
        }
    }
}
