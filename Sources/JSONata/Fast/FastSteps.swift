import JSONValue

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
    /// several items; that case goes back to it). Builds the JSON object directly when every member
    /// is JSON that reads back as the same value (see ``faithfulJSON(_:)``), else an `ObjectBox` as the
    /// interpreter does.
    static func object(keys: [String], values: [FastExpr]) -> FastCode {
        { frame, input throws(JSONataError) in
            var item = input
            if let input, input.isArray {
                let elements = input.elements ?? []
                guard elements.count <= 1 else {
                    // Several items: the constructor groups them.
                    return try Evaluator.group(pairCount: keys.count, input, position: 0, literalKeys: keys) { pair, part, item throws(JSONataError) in
                        part == .key ? .string(keys[pair]) : try values[pair].run(&frame, item)
                    }
                }
                item = elements.first
            }
            var present: [String]?
            var members: [JSON] = []
            members.reserveCapacity(keys.count)
            for i in keys.indices {
                guard let value = try values[i].run(&frame, item) else {
                    if present == nil { present = Array(keys[..<i]) }
                    continue
                }
                guard let json = faithfulJSON(value) else {
                    return .object(try boxed(keys, values, from: i, value, done: present ?? Array(keys[..<i]), members, &frame, item))
                }
                members.append(json)
                present?.append(keys[i])
            }
            return .jsonObject(JSONObject(uniqueKeys: present ?? keys, values: members, indexed: false))
        }
    }

    /// Finishes an object constructor as an `ObjectBox` from member `index` (whose value is `value`).
    private static func boxed(
        _ keys: [String], _ values: [FastExpr], from index: Int, _ value: Value, done: [String], _ members: [JSON],
        _ frame: inout FastFrame, _ item: Value?
    ) throws(JSONataError) -> ObjectBox {
        let object = ObjectBox(capacity: keys.count)
        for (key, json) in zip(done, members) { object.appendNew(key, Value(json)) }
        object.appendNew(keys[index], value)
        for i in (index + 1)..<keys.count {
            if let value = try values[i].run(&frame, item) { object.appendNew(keys[i], value) }
        }
        return object
    }

    /// An array constructor: JSON directly when every element is faithful JSON, else an `ArrayBox`.
    static func array(_ codes: [FastExpr], keepsNested: [Bool]) -> FastCode {
        { frame, input throws(JSONataError) in
            var elements: [JSON] = []
            var box: ArrayBox?
            for i in codes.indices {
                guard let value = try codes[i].run(&frame, input) else { continue }
                var appended: [Value] = []
                if keepsNested[i] {
                    appended = [value]
                } else if case .jsonArray(let items) = value, box == nil {
                    elements.append(contentsOf: items)
                    continue
                } else if let items = value.elements {
                    guard frame.visit(items.count) else { throw FastProgram.bailOut }
                    appended = items
                } else {
                    appended = [value]
                }
                for item in appended {
                    if box == nil, let json = faithfulJSON(item) {
                        elements.append(json)
                    } else {
                        if box == nil { box = ArrayBox(elements.map(Value.init), sequence: false) }
                        box?.items.append(item)
                    }
                }
            }
            if let box { return .array(box) }
            return .jsonArray(elements)
        }
    }

    /// `array`'s result marked as an array constructor's, as the interpreter marks a path's last
    /// constructor: path steps keep it whole instead of merging its items.
    static func constructed(_ array: @escaping FastCode) -> FastCode {
        { frame, input throws(JSONataError) in
            let box: ArrayBox
            switch try array(&frame, input) {
            case .array(let built)?: box = built
            case .jsonArray(let elements)?: box = ArrayBox(elements.map(Value.init), sequence: false)
            case let other: return other
            }
            box.isConstructed = true
            return .array(box)
        }
    }

    /// Every argument as faithful JSON (undefined stays `nil`), or `nil` when one is not.
    /// Constructed objects are not converted (`nil`): a host function called in a loop with the same
    /// large object (`$lookup($groups, $)`) would convert all of it on every call; its general call
    /// takes the object as it is.
    static func faithfulJSON(_ values: [Value?]) -> [JSON?]? {
        var arguments: [JSON?] = []
        arguments.reserveCapacity(values.count)
        for value in values {
            guard let value else {
                arguments.append(nil)
                continue
            }
            if case .object = value { return nil }
            guard let json = faithfulJSON(value) else { return nil }
            arguments.append(json)
        }
        return arguments
    }

    /// `value` as JSON when reading that JSON back gives the same value: plain data, finite numbers,
    /// and plain constructed arrays of such values. `nil` for anything else.
    static func faithfulJSON(_ value: Value) -> JSON? {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .string(let text): return .string(text)
        case .exact(let number): return .number(number)
        case .number(let double):
            // Made from the double, the JSON number reads back as that double (`isBinary`).
            guard double.isFinite else { return nil }
            return .number(JSONNumber(double))
        case .jsonArray(let elements): return .array(elements)
        case .jsonObject(let object): return .object(object)
        case .array(let box):
            guard !box.isSequence, !box.isConstructed, !box.keepSingleton, !box.outerWrapper, !box.isTupleStream else { return nil }
            return faithfulArray(box.items)
        case .object(let box): return faithfulObject(box)
        case .function, .regex: return nil
        }
    }

    /// A constructed object (a grouping's, `$merge`'s, …) as a JSON object when each member converts as
    /// an object constructor's member does in JSON mode (``resultJSON(_:)``: a sequence of several
    /// items is their array).
    private static func faithfulObject(_ box: ObjectBox) -> JSON? {
        var keys: [String] = []
        var values: [JSON] = []
        keys.reserveCapacity(box.members.count)
        values.reserveCapacity(box.members.count)
        for (key, value) in box.members {
            guard let json = resultJSON(value) else { return nil }
            keys.append(key)
            values.append(json)
        }
        return .object(JSONObject(uniqueKeys: keys, values: values, indexed: keys.count > 16))
    }

    /// `items` as a JSON array when each is faithful JSON.
    private static func faithfulArray(_ items: [Value]) -> JSON? {
        var elements: [JSON] = []
        elements.reserveCapacity(items.count)
        for item in items {
            guard let json = faithfulJSON(item) else { return nil }
            elements.append(json)
        }
        return .array(elements)
    }

    /// A value-mode result handed to JSON-mode code (an object member, an array item, the answer) as
    /// JSON. Like ``faithfulJSON(_:)``, and besides: a sequence of two or more items (what a path
    /// through an array gives) is the array of its items, since every JSON-mode consumer treats the two
    /// alike (a member's value, items spliced into an array, `$string`, truthiness). A sequence that
    /// must keep singletons, a tuple stream or a wrapped input stay the interpreter's.
    static func resultJSON(_ value: Value) -> JSON? {
        if case .array(let box) = value, box.isSequence, box.items.count >= 2, !box.keepSingleton, !box.isTupleStream,
            !box.outerWrapper, !box.isConstructed
        {
            return faithfulArray(box.items)
        }
        return faithfulJSON(value)
    }

    /// A path of names (after an optional leading variable) read in place: the input object's members
    /// are followed by pointer, without copying the objects on the way, and only the value at the end
    /// is copied. Arrays on the way need sequence semantics: then `general` (the full path) answers.
    static func names(_ names: [String], start: FastExpr?, general: @escaping FastCode) -> FastCode {
        guard JSONInPlace.layoutHolds else { return general }
        let hints = PositionHints(names: names)
        return { frame, input throws(JSONataError) in
            let base = try start?.run(&frame, input) ?? input
            if let json = base?.inputJSON, let found = FastCollect.value(hints, in: json, &frame) { return found }
            return try general(&frame, input)
        }
    }

    /// A path of names from a variable's slot (`$a.price`): when the slot holds an input object and
    /// the names lead to a value without arrays on the way, that value, read from the object in place
    /// (without copying the slot's value on the way); anything else is `general`'s.
    static func names(_ names: [String], inSlot slot: Int, general: @escaping FastCode) -> FastCode {
        guard JSONInPlace.layoutHolds else { return general }
        let hints = PositionHints(names: names)
        return { frame, input throws(JSONataError) in
            if case .jsonObject(let object)? = frame.slots[slot], case .found(let found) = FastJSON.find(hints, in: object.unsafeMembers) {
                return found.map { Value($0.pointee) }
            }
            return try general(&frame, input)
        }
    }

    /// A path of compiled steps: each is evaluated on every item of the sequence before it, except an
    /// order-by (`sorts[i]`), which sorts that sequence as a whole. `wholeInputFirst`: the first step
    /// takes the input as a whole (a variable, or a leading array constructor), not each of its items.
    static func path(_ steps: [FastExpr], sorts: [FastSort?], wholeInputFirst: Bool) -> FastCode {
        let last = steps.count - 1
        let sorts: [FastSort?]? = sorts.contains { $0 != nil } ? sorts : nil
        return { frame, input throws(JSONataError) in
            var sequence: [Value?]
            if let input, !wholeInputFirst, let elements = input.elements {
                sequence = elements.asOptionals
            } else {
                // The common case: one item at each step, no sequences to build.
                var current = input
                var i = 0
                while i <= last {
                    if let sorts, sorts[i] != nil { break }
                    let value = try steps[i].run(&frame, current)
                    guard let value else { return nil }
                    // An array: the general form goes on from this step, whose result it is given
                    // (evaluating the step again would do its work twice).
                    if value.isArray { return try general(steps, sorts, from: i, [current], computed: value, &frame) }
                    if i == last { return value }
                    current = value
                    i += 1
                }
                if i > last { return current }
                sequence = [current]
                return try general(steps, sorts, from: i, sequence, &frame)
            }
            return try general(steps, sorts, from: 0, sequence, &frame)
        }
    }

    /// `evaluatePath` from step `start`, with `sequence` the input of that step; `computed`: that
    /// step's result on the one item of `sequence`, already evaluated.
    private static func general(
        _ steps: [FastExpr], _ sorts: [FastSort?]?, from start: Int, _ input: [Value?], computed: Value? = nil, _ frame: inout FastFrame
    ) throws(JSONataError) -> Value? {
        var sequence = input
        var result: Value?
        for i in start..<steps.count {
            guard frame.visit(sequence.count) else { throw FastProgram.bailOut }
            if i == start, let computed {
                guard i < steps.count - 1 else {
                    result = Evaluator.mergeStep([computed], isLast: true)
                    break
                }
                var next: [Value?] = []
                Self.merge(computed, into: &next)
                if next.isEmpty { return nil }
                sequence = next
                continue
            } else if let sort = sorts?[i] {
                result = try sort.apply(&frame, sequence)
            } else if i < steps.count - 1 {
                // A step before the last: its results merged straight into the next step's sequence, as
                // `mergeStep` would merge them (without the sequence value it would make).
                var next: [Value?] = []
                next.reserveCapacity(sequence.count)
                for item in sequence {
                    guard let value = try steps[i].run(&frame, item) else { continue }
                    Self.merge(value, into: &next)
                }
                if next.isEmpty { return nil }
                sequence = next
                continue
            } else {
                var results: [Value] = []
                results.reserveCapacity(sequence.count)
                for item in sequence {
                    if let value = try steps[i].run(&frame, item) { results.append(value) }
                }
                result = Evaluator.mergeStep(results, isLast: true)
            }
            guard let current = result else { break }
            if let box = current.box, box.items.isEmpty { break }
            sequence = current.box.map { $0.isSequence ? $0.items.asOptionals : [current] } ?? [current]
        }
        return normalize(result)
    }
}

extension FastSteps {
    /// A step's result appended to the next step's sequence as ``Evaluator/mergeStep(_:isLast:)``
    /// merges it: the items of an array (a constructed array stays one item), anything else itself.
    @inline(__always)
    static func merge(_ value: Value, into sequence: inout [Value?]) {
        if let box = value.box {
            if box.isConstructed { sequence.append(value) } else { for item in box.items { sequence.append(item) } }
        } else if case .jsonArray(let elements) = value {
            for element in elements { sequence.append(Value(element)) }
        } else {
            sequence.append(value)
        }
    }
}

/// A predicate `[…]` compiled for the fast tier: an index literal, or an expression to test each item.
struct FastPredicate: Sendable {
    let literalIndex: Double?
    let test: FastExpr?
    /// The test as an operand on each item read in place, for ``select(_:_:)`` only.
    var inPlace: FastCompiler.Argument?

    /// The items (input JSON, none of them an array) that pass, by ``Evaluator/filter(_:literalIndex:_:)``'s
    /// rules (``Evaluator/timesKept(_:at:of:)``). A test read in place that cannot be evaluated sets
    /// `frame.failed`.
    func select(_ items: [UnsafePointer<JSON>], _ frame: inout FastFrame) throws(JSONataError) -> [UnsafePointer<JSON>] {
        if let inPlace {
            var kept: [UnsafePointer<JSON>] = []
            for (position, item) in items.enumerated() {
                var itemValue: Value??
                let result = inPlace.value(&frame, item, &itemValue)
                if frame.failed { return [] }
                let times = Evaluator.timesKept(result, at: position, of: items.count)
                for _ in 0..<times { kept.append(item) }
            }
            return kept
        }
        guard let test else {
            let i = Evaluator.filterIndex(literalIndex ?? 0, count: items.count)
            return items.indices.contains(i) ? [items[i]] : []
        }
        var kept: [UnsafePointer<JSON>] = []
        for (position, item) in items.enumerated() {
            let times = Evaluator.timesKept(try test.run(&frame, Value(item.pointee)), at: position, of: items.count)
            for _ in 0..<times { kept.append(item) }
        }
        return kept
    }

    /// The predicate applied to `value` (``Evaluator/filter(_:literalIndex:_:)``).
    func apply(_ frame: inout FastFrame, _ value: Value?) throws(JSONataError) -> Value? {
        guard let test else { return try Evaluator.filter(value, literalIndex: literalIndex) { _ in nil } }
        return try Evaluator.filter(value, literalIndex: nil) { item throws(JSONataError) in try test.run(&frame, item) }
    }
}

/// An order-by step `^(…)` compiled for the fast tier, with the predicates that follow it.
struct FastSort: Sendable {
    let terms: [FastExpr]
    let descending: [Bool]
    let stages: [FastPredicate]
    let position: Int

    /// The sequence sorted (``Evaluator/sort(_:descending:position:_:)``), then filtered by the stages.
    func apply(_ frame: inout FastFrame, _ sequence: [Value?]) throws(JSONataError) -> Value? {
        var result = try Evaluator.sort(sequence, descending: descending, position: position) { term, item throws(JSONataError) in
            try terms[term].run(&frame, item)
        }
        for stage in stages { result = try stage.apply(&frame, result) }
        return result
    }
}
