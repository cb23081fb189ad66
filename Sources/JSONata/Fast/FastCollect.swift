import JSONValue

/// A path of names through arrays (`shipping_lines.price`), followed in place: the interpreter's
/// path rules (``Evaluator/mergeStep(_:isLast:)`` after each step, then ``FastSteps/normalize(_:)``)
/// for the case where every item a step reads is an object or a scalar. Anything else — an item that
/// is itself an array, which the interpreter's lookup maps over — is left to the general path.
enum FastCollect {
    enum Result {
        case undefined
        /// One value: the whole result, as the interpreter gives it.
        case one(UnsafePointer<JSON>)
        /// Several values: the interpreter's result is a sequence of them.
        case many([UnsafePointer<JSON>])
    }

    /// The values `names` lead to from `start`; `nil` when the general path must answer (or a limit
    /// was reached: `frame.visit` then decides, as in the general path). With `stages`, the predicates
    /// of each name step (`data[0].card`, `lines[qty > 0].sku`), applied to the step's result on each
    /// item (``filter(_:_:_:_:_:)``); `startStages` filter the start's items first (a variable's own
    /// predicates). A predicate that fails hands the evaluation back.
    static func collect(
        _ hints: PositionHints, startStages: [FastPredicate] = [], stages: [[FastPredicate]]? = nil, from start: UnsafePointer<JSON>,
        _ frame: inout FastFrame
    ) -> Result? {
        var sequence = items(of: start)
        if !startStages.isEmpty {
            // The start's own predicates (a variable's) filter its items as one sequence.
            guard frame.visit(sequence.count), let kept = select(sequence, startStages, &frame) else { return nil }
            sequence = kept
            if hints.count == 0 || sequence.isEmpty { return result(of: sequence) }
        }
        for k in 0..<hints.count {
            guard frame.visit(sequence.count) else { return nil }
            if let stages, !stages[k].isEmpty {
                // A filter's result is a sequence: spliced into the step's, never kept whole.
                guard let kept = filter(sequence, hints, k, stages[k], &frame) else { return nil }
                if kept.isEmpty || k == hints.count - 1 { return result(of: kept) }
                sequence = kept
                continue
            }
            var results: [UnsafePointer<JSON>] = []
            results.reserveCapacity(sequence.count)
            for item in sequence {
                let value = JSONInPlace(item)
                switch value.kind {
                case .object:
                    let (keys, values) = value.members
                    if let i = hints.position(k, in: keys) { results.append(values.baseAddress! + i) }
                case .array:
                    return nil
                default:
                    continue
                }
            }
            // One step's results merged: a single value stays as it is (at the last step, even an
            // array); otherwise arrays are spliced into the sequence.
            let isLast = k == hints.count - 1
            if results.count == 1 {
                let isArray = JSONInPlace(results[0]).kind == .array
                if !isArray || isLast {
                    if isLast { return .one(results[0]) }
                    sequence = results
                    continue
                }
            }
            var merged: [UnsafePointer<JSON>] = []
            merged.reserveCapacity(results.count)
            for result in results {
                if case .array = JSONInPlace(result).kind {
                    let elements = JSONInPlace(result).elements
                    for i in elements.indices { merged.append(elements.baseAddress! + i) }
                } else {
                    merged.append(result)
                }
            }
            if merged.isEmpty || isLast { return result(of: merged) }
            sequence = merged
        }
        return .undefined
    }

    /// A path's final sequence as its result: none is undefined, one item is itself.
    private static func result(of sequence: [UnsafePointer<JSON>]) -> Result {
        switch sequence.count {
        case 0: .undefined
        case 1: .one(sequence[0])
        default: .many(sequence)
        }
    }

    /// Name `k` of `hints` on each item of `sequence`, its value's items filtered by `stages` as
    /// ``Evaluator/filter(_:literalIndex:_:)`` filters them, all that pass in order; `nil` when the
    /// general path must answer (an item or a value's item is an array, a limit, a predicate's error).
    private static func filter(
        _ sequence: [UnsafePointer<JSON>], _ hints: PositionHints, _ k: Int, _ stages: [FastPredicate], _ frame: inout FastFrame
    ) -> [UnsafePointer<JSON>]? {
        var results: [UnsafePointer<JSON>] = []
        for item in sequence {
            let value = JSONInPlace(item)
            switch value.kind {
            case .object:
                let (keys, values) = value.members
                guard let i = hints.position(k, in: keys) else { continue }
                let found = items(of: values.baseAddress! + i)
                guard frame.visit(found.count), let kept = select(found, stages, &frame) else { return nil }
                results.append(contentsOf: kept)
            case .array:
                return nil
            default:
                continue
            }
        }
        return results
    }

    /// The items (none of them an array) that pass every one of `stages`; `nil` when the general path
    /// must answer (an item is an array, a predicate fails: then the evaluation is handed back).
    private static func select(_ items: [UnsafePointer<JSON>], _ stages: [FastPredicate], _ frame: inout FastFrame) -> [UnsafePointer<JSON>]? {
        guard !items.contains(where: { JSONInPlace($0).kind == .array }) else { return nil }
        var kept = items
        do {
            for stage in stages { kept = try stage.select(kept, &frame) }
        } catch {
            return frame.handBack()
        }
        return frame.failed ? nil : kept
    }

    /// The items a path step sees in a value: an array's elements, or the value itself.
    static func items(of value: UnsafePointer<JSON>) -> [UnsafePointer<JSON>] {
        guard case .array = JSONInPlace(value).kind else { return [value] }
        let elements = JSONInPlace(value).elements
        return elements.indices.map { elements.baseAddress! + $0 }
    }

    /// What `hints` lead to from `start`, read in place — by pointer to the end, or through arrays on
    /// the way — as JSON: a sequence of several is their array (as ``FastSteps/resultJSON(_:)`` hands
    /// it on). `nil` when the general path must answer.
    static func json(_ hints: PositionHints, from start: UnsafePointer<JSON>?, _ frame: inout FastFrame) -> JSON?? {
        switch FastJSON.find(hints, from: start) {
        case .found(let pointer): return .some(pointer?.pointee)
        case .throughArray:
            switch start.flatMap({ collect(hints, from: $0, &frame) }) {
            case .undefined?: return .some(nil)
            case .one(let pointer)?: return .some(pointer.pointee)
            case .many(let pointers)?: return .some(.array(pointers.map { $0.pointee }))
            case nil: return nil
            }
        }
    }

    /// ``json(_:from:_:)`` as the interpreter's value: a sequence stays a sequence.
    static func value(_ hints: PositionHints, from start: UnsafePointer<JSON>?, _ frame: inout FastFrame) -> Value?? {
        switch FastJSON.find(hints, from: start) {
        case .found(let pointer): return .some(pointer.map { Value($0.pointee) })
        case .throughArray: return start.flatMap { collect(hints, from: $0, &frame) }.map(value)
        }
    }

    /// ``json(_:from:_:)`` from JSON held elsewhere (a variable's value), whose storage outlives the pointers.
    static func json(_ hints: PositionHints, in json: JSON, _ frame: inout FastFrame) -> JSON?? {
        withUnsafePointer(to: json) { self.json(hints, from: $0, &frame) }
    }

    /// ``value(_:from:_:)`` from JSON held elsewhere.
    static func value(_ hints: PositionHints, in json: JSON, _ frame: inout FastFrame) -> Value?? {
        withUnsafePointer(to: json) { value(hints, from: $0, &frame) }
    }

    /// The result as the interpreter's value.
    static func value(_ result: Result) -> Value? {
        switch result {
        case .undefined: nil
        case .one(let pointer): Value(pointer.pointee)
        case .many(let pointers): .array(ArrayBox.sequence(pointers.map { Value($0.pointee) }))
        }
    }
}
