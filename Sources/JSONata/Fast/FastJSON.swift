import JSONValue

/// The runtime pieces of JSON mode (see ``FastCompiler/compileJSON(_:)``), each giving the JSON of
/// what the interpreter gives for the same shape.
enum FastJSON {
    /// A path of names read in place from the context (or from `$$`); only the value found is copied.
    /// Arrays on the way need sequence semantics: `general` (the path in value mode) answers those.
    static func names(_ names: [String], fromRoot: Bool, general: @escaping JSONCode) -> JSONCode {
        let hints = PositionHints(names: names)
        return { frame, context in
            // Through arrays too; a sequence of several is handed on as their array.
            FastCollect.json(hints, from: fromRoot ? frame.rootPointer : context, &frame) ?? general(&frame, context)
        }
    }

    /// A path of names as a call argument: read in place like ``names(_:fromRoot:general:)``, but
    /// the result is the value itself, so a sequence (from arrays on the way) is passed on as it is
    /// (``FastCollect`` builds it in place when every item on the way is an object).
    static func namesValue(_ names: [String], fromRoot: Bool, general: @escaping FastCode) -> ContextValueCode {
        let hints = PositionHints(names: names)
        return ContextValueCode { frame, context in
            if let found = FastCollect.value(hints, from: fromRoot ? frame.rootPointer : context, &frame) { return found }
            do {
                return try general(&frame, context.map { Value($0.pointee) })
            } catch {
                return frame.handBack()
            }
        }
    }

    enum Lookup {
        /// The value at the end of the names (`nil`: undefined).
        case found(UnsafePointer<JSON>?)
        /// An array before the last name.
        case throughArray
    }

    /// Follows the names of `hints` from `start` by pointer.
    static func find(_ hints: PositionHints, from start: UnsafePointer<JSON>?) -> Lookup {
        guard let start else { return .found(nil) }
        let value = JSONInPlace(start)
        switch value.kind {
        case .object: return find(hints, in: value.members)
        case .array: return .throughArray
        default: return .found(nil)
        }
    }

    /// Follows the names of `hints` from an object's members by pointer.
    static func find(
        _ hints: PositionHints, in members: (keys: UnsafeBufferPointer<String>, values: UnsafeBufferPointer<JSON>)
    ) -> Lookup {
        var (keys, values) = members
        var k = 0
        while true {
            guard let i = hints.position(k, in: keys) else { return .found(nil) }
            let member = values.baseAddress! + i
            k += 1
            if k == hints.count { return .found(member) }
            let value = JSONInPlace(member)
            switch value.kind {
            case .object: (keys, values) = value.members
            case .array: return .throughArray
            default: return .found(nil)
            }
        }
    }

    /// A path of names from a variable holding input JSON (`$a.first_name`, `$lines.amount`), read in
    /// place, through arrays too. Anything else the variable holds goes through `general` (the path in
    /// value mode).
    static func variableNames(_ slot: Int, _ names: [String], general: @escaping JSONCode) -> JSONCode {
        let hints = PositionHints(names: names)
        return { frame, context in
            guard let json = frame.slots[slot]?.inputJSON, let found = FastCollect.json(hints, in: json, &frame) else {
                return general(&frame, context)
            }
            return found
        }
    }

    /// An array constructor: each item's value, an array's elements spliced in (unless the item is
    /// itself an array constructor).
    static func array(_ items: [JSONExpr], keepsNested: [Bool]) -> JSONCode {
        let items = JSONExprs(items)
        return { frame, context in
            var elements: [JSON] = []
            for i in 0..<items.count {
                guard let value = items.run(i, &frame, context) else {
                    if frame.failed { return nil }
                    continue
                }
                if !keepsNested[i], case .array(let inner) = value {
                    elements.append(contentsOf: inner)
                } else {
                    elements.append(value)
                }
            }
            return .array(elements)
        }
    }

    /// `names.step`: a last step (an object constructor, a block, a call, …) applied to each item the
    /// names lead to — one result is itself, several are an array (a sequence), none is undefined.
    /// A step that gives an array for one of several items would have it spliced into the sequence:
    /// `general` (the whole path) answers then.
    static func map(_ names: [String], fromRoot: Bool, step: JSONExpr, general: @escaping JSONCode) -> JSONCode {
        let hints = PositionHints(names: names)
        return { frame, context in
            mapped(hints, from: fromRoot ? frame.rootPointer : context, step, &frame) ?? general(&frame, context)
        }
    }

    /// ``map(_:fromRoot:step:general:)`` from a variable holding input JSON (`$order.lines.{…}`).
    static func variableMap(_ slot: Int, _ names: [String], step: JSONExpr, general: @escaping JSONCode) -> JSONCode {
        let hints = PositionHints(names: names)
        return { frame, context in
            guard let start = frame.slots[slot]?.inputJSON else { return general(&frame, context) }
            // What the names lead to lies in the slot's value, which outlives the call.
            let result = withUnsafePointer(to: start) { mapped(hints, from: $0, step, &frame) }
            return result ?? general(&frame, context)
        }
    }

    /// `step` on each item the names lead to from `start`; `nil` when the general path must answer.
    private static func mapped(_ hints: PositionHints, from start: UnsafePointer<JSON>?, _ step: JSONExpr, _ frame: inout FastFrame) -> JSON?? {
        switch find(hints, from: start) {
        case .found(let found):
            guard let found else { return .some(nil) }
            guard case .array = JSONInPlace(found).kind else { return .some(step.run(&frame, found)) }
            let items = JSONInPlace(found).elements
            return each(items.indices.lazy.map { items.baseAddress! + $0 }, step, &frame)
        case .throughArray:
            // Through arrays on the way: the sequence the names give, read in place (`FastCollect`).
            switch start.flatMap({ FastCollect.collect(hints, from: $0, &frame) }) {
            case .undefined?: return .some(nil)
            case .one(let item)?:
                if case .array = JSONInPlace(item).kind { return nil }
                return .some(step.run(&frame, item))
            case .many(let items)?: return each(items, step, &frame)
            case nil: return nil
            }
        }
    }

    /// A grouping `names{key: value, …}` over the input objects the names lead to, as
    /// ``Evaluator/group(pairCount:_:position:literalKeys:_:)`` groups them: each item's keys in pair
    /// order, groups in the order their keys first appear, each value evaluated once on its group (one
    /// item is itself, several are their array). Items read in place, the result built as JSON. An
    /// undefined or empty input, or arrays among the items, go to `general`; a key that is not a string
    /// or that two pairs give (errors) hands the evaluation back.
    static func grouped(
        _ names: [String], from origin: Origin, keys: [FastCompiler.Argument], values: [JSONExpr], general: @escaping JSONCode
    ) -> JSONCode {
        let hints = PositionHints(names: names)
        let values = JSONExprs(values)
        return { frame, context in
            let answer = reading(origin, context, &frame) { start, frame in group(sequence(hints, from: start, &frame), keys, values, &frame) }
            if case .some(.some(let json)) = answer { return json }
            return general(&frame, context)
        }
    }

    /// The grouping of `found`'s items; `nil` when the general path must answer (no items, arrays
    /// among them).
    private static func group(
        _ found: Sequence?, _ keys: [FastCompiler.Argument], _ values: JSONExprs, _ frame: inout FastFrame
    ) -> JSON?? {
        guard case .items(let items)? = found, !items.isEmpty, !items.contains(where: { JSONInPlace($0).kind == .array }) else { return nil }
        guard frame.visit(items.count) else { return .some(frame.handBack()) }
        var groups: [(key: String, items: [UnsafePointer<JSON>], pair: Int)] = []
        var index: [String: Int] = [:]
        for item in items {
            for pair in keys.indices {
                var contextValue: Value??
                let key = keys[pair].value(&frame, item, &contextValue)
                if frame.failed { return .some(nil) }
                guard let key else { continue }
                guard case .string(let name) = key else { return .some(frame.handBack()) }
                if let existing = Evaluator.indexOrRecord(&index[name, default: -1], next: groups.count) {
                    guard groups[existing].pair == pair else { return .some(frame.handBack()) }
                    groups[existing].items.append(item)
                } else {
                    groups.append((name, [item], pair))
                }
            }
        }
        var memberKeys: [String] = []
        var memberValues: [JSON] = []
        memberKeys.reserveCapacity(groups.count)
        memberValues.reserveCapacity(groups.count)
        for group in groups {
            let value: JSON?
            if group.items.count == 1 {
                value = values.run(group.pair, &frame, group.items[0])
            } else {
                // The value's context lives for its evaluation only; what it builds is copied out.
                let data = JSON.array(group.items.map(\.pointee))
                value = withUnsafePointer(to: data) { values.run(group.pair, &frame, $0) }
            }
            if frame.failed { return .some(nil) }
            if let value {
                memberKeys.append(group.key)
                memberValues.append(value)
            }
        }
        return .some(.object(JSONObject(uniqueKeys: memberKeys, values: memberValues, indexed: memberKeys.count > 16)))
    }

    /// What a path of names gives as a sequence of items read in place.
    enum Sequence {
        case undefined
        case items([UnsafePointer<JSON>])
    }

    /// The items `hints` lead to from `start` (an array's elements, or the one value), through arrays
    /// on the way too; `nil` when only the general path can say (an array among arrays).
    static func sequence(_ hints: PositionHints, from start: UnsafePointer<JSON>?, _ frame: inout FastFrame) -> Sequence? {
        // No names: the start's own items.
        if hints.count == 0 { return start.map { .items(FastCollect.items(of: $0)) } ?? .undefined }
        switch find(hints, from: start) {
        case .found(let found?): return .items(FastCollect.items(of: found))
        case .found(nil): return .undefined
        case .throughArray:
            switch start.flatMap({ FastCollect.collect(hints, from: $0, &frame) }) {
            case .undefined?: return .undefined
            case .one(let item)?: return .items(FastCollect.items(of: item))
            case .many(let found)?: return .items(found)
            case nil: return nil
            }
        }
    }

    /// An order-by step's terms in JSON mode, each evaluated on an item in place.
    struct Sort {
        let keys: [FastCompiler.Argument]
        let descending: [Bool]
        let position: Int
    }

    /// `names^(…)` optionally followed by a step: the items the names lead to (input objects, found
    /// without arrays among them), sorted by ``Evaluator/sortOrder(count:descending:position:_:)``
    /// as pointers, then `step` on each, or the items themselves. Anything else goes to `general`;
    /// an error (a term of mixed types) hands the evaluation back.
    static func sorted(
        _ names: [String], fromRoot: Bool, _ sort: Sort, step: JSONExpr?, general: @escaping JSONCode
    ) -> JSONCode {
        let hints = PositionHints(names: names)
        return { frame, context in
            let items: [UnsafePointer<JSON>]
            switch sequence(hints, from: fromRoot ? frame.rootPointer : context, &frame) {
            case .undefined?: return nil
            case .items(let found)?: items = found
            case nil: return general(&frame, context)
            }
            // No item an array, so that a term sees each as the interpreter's sort does (scalars too:
            // `skus^($)`).
            guard !items.contains(where: { JSONInPlace($0).kind == .array }) else { return general(&frame, context) }
            guard frame.visit(items.count) else { return frame.handBack() }
            let order: [Int]
            do {
                order = try Evaluator.sortOrder(count: items.count, descending: sort.descending, position: sort.position) { term, k throws(JSONataError) in
                    var contextValue: Value??
                    let key = sort.keys[term].value(&frame, items[k], &contextValue)
                    if frame.failed { throw FastProgram.bailOut }
                    return key
                }
            } catch {
                return frame.handBack()
            }
            let sorted = order.map { items[$0] }
            if let step { return each(sorted, step, &frame) ?? general(&frame, context) }
            if sorted.isEmpty { return nil }
            return sorted.count == 1 ? sorted[0].pointee : .array(sorted.map(\.pointee))
        }
    }

    /// `step` on each item of a sequence, merged as ``Evaluator/mergeStep(_:isLast:)`` merges a last
    /// step's results: one result is itself (an array too), several are a sequence into which arrays
    /// are spliced — none is undefined (`.some(nil)`), one item that item, more their array. JSON-mode
    /// steps are never array constructors of a path, whose arrays would be kept whole, and their
    /// arrays are never marked constructed (``FastSteps/resultJSON(_:)`` refuses those). `nil` when
    /// the general path must answer: an item is an array.
    static func each(
        _ items: some Collection<UnsafePointer<JSON>>, _ step: JSONExpr, _ frame: inout FastFrame
    ) -> JSON?? {
        guard frame.visit(items.count) else { return .some(frame.handBack()) }
        var results: [JSON] = []
        results.reserveCapacity(items.count)
        var splices = false
        for item in items {
            if case .array = JSONInPlace(item).kind { return nil }
            guard let result = step.run(&frame, item) else {
                if frame.failed { return .some(nil) }
                continue
            }
            if case .array = result { splices = true }
            results.append(result)
        }
        if results.count <= 1 { return .some(results.first) }
        guard splices else { return .some(.array(results)) }
        var sequence: [JSON] = []
        sequence.reserveCapacity(results.count)
        for result in results {
            guard case .array(let elements) = result else {
                sequence.append(result)
                continue
            }
            guard frame.visit(elements.count) else { return .some(frame.handBack()) }
            sequence.append(contentsOf: elements)
        }
        if sequence.count <= 1 { return .some(sequence.first) }
        return .some(.array(sequence))
    }

    /// `$string` of a JSON-mode value, as `&` joins it.
    @inline(__always)
    static func string(_ value: JSON?) throws(JSONataError) -> String {
        if case .string(let text)? = value { return text }
        return try Functions.string(value.map(Value.init))
    }
}

/// Code that reads a JSON-mode context and gives a value (call arguments); like ``JSONCode`` it
/// does not throw but sets `frame.failed`.
struct ContextValueCode: Sendable {
    let run: @Sendable (inout FastFrame, UnsafePointer<JSON>?) -> Value?
}
