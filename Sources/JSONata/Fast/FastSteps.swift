/// The runtime pieces of fast code that mirror the interpreter's sequence rules (``Evaluator``'s
/// `evaluate`, `evaluatePath`, `evaluateStep` and `group`), for the shapes the fast subset admits.
enum FastSteps {
    /// What `evaluate` does to every node's result: a result sequence of one item is that item, an
    /// empty one is undefined.
    @inline(__always)
    static func normalize(_ value: Value?) -> Value? {
        guard case .array(let box)? = value, box.isSequence, !box.isTupleStream else { return value }
        if box.items.isEmpty { return nil }
        if box.items.count == 1 && !box.keepSingleton { return box.items[0] }
        return value
    }

    /// An object constructor with distinct literal keys over one item (the interpreter groups
    /// several items; that case goes back to it).
    static func object(keys: [String], values: [FastCode]) -> FastCode {
        { frame, input throws(JSONataError) in
            var item = input
            if let input, input.isArray {
                let elements = input.elements ?? []
                guard elements.count <= 1 else { throw FastProgram.bailOut }
                item = elements.first
            }
            let object = ObjectBox(capacity: keys.count)
            for i in keys.indices {
                if let value = try values[i](&frame, item) { object.appendNew(keys[i], value) }
            }
            return .object(object)
        }
    }

    /// A path of steps (names, a leading variable, object constructors after the first step).
    static func path(_ steps: [FastCode], startsWithVariable: Bool) -> FastCode {
        let last = steps.count - 1
        return { frame, input throws(JSONataError) in
            var sequence: [Value?]
            if let input, !startsWithVariable, let elements = input.elements {
                sequence = elements
            } else {
                // The common case: one item at each step, no sequences to build.
                var current = input
                var i = 0
                while i <= last {
                    let value = try steps[i](&frame, current)
                    guard let value else { return nil }
                    if value.isArray { break }
                    if i == last { return value }
                    current = value
                    i += 1
                }
                if i > last { return current }
                sequence = [current]
                return try general(steps, from: i, sequence, &frame)
            }
            return try general(steps, from: 0, sequence, &frame)
        }
    }

    /// `evaluatePath` from step `start`, with `sequence` the input of that step.
    private static func general(_ steps: [FastCode], from start: Int, _ input: [Value?], _ frame: inout FastFrame) throws(JSONataError) -> Value? {
        var sequence = input
        var result: Value?
        for i in start..<steps.count {
            try frame.visit(sequence.count)
            var results: [Value] = []
            results.reserveCapacity(sequence.count)
            for item in sequence {
                if let value = try steps[i](&frame, item) { results.append(value) }
            }
            result = combine(results, isLast: i == steps.count - 1)
            guard let current = result else { break }
            if let box = current.box, box.items.isEmpty { break }
            sequence = current.box.map { $0.isSequence ? $0.items : [current] } ?? [current]
        }
        return normalize(result)
    }

    /// `evaluateStep`'s merge of one step's results.
    private static func combine(_ results: [Value], isLast: Bool) -> Value? {
        if results.count == 1 {
            if isLast, results[0].isArray, !results[0].isSequence { return results[0] }
            if !results[0].isArray { return results[0] }
        }
        let out = ArrayBox.sequence()
        for value in results {
            if let box = value.box {
                if box.isConstructed { out.items.append(value) } else { out.items.append(contentsOf: box.items) }
            } else if case .jsonArray(let elements) = value {
                out.items.append(contentsOf: elements.map(Value.init))
            } else {
                out.items.append(value)
            }
        }
        return .array(out)
    }
}
