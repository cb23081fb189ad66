import JSONValue

/// Paths, steps, predicates, sorting and grouping.
extension Evaluator {
    mutating func evaluatePath(_ node: Node, _ steps: [Node], _ input: Value?, _ env: Environment) throws(JSONataError) -> Value? {
        // As in the reference implementation, an undefined input is a sequence of one undefined item.
        var inputSequence: [Value?]
        if let input, let elements = input.elements, let first = steps.first, !Self.isVariable(first) {
            inputSequence = elements.asOptionals
        } else {
            inputSequence = [input]
        }
        var result: Value? = nil
        var tuples: [Tuple]?
        for (i, step) in steps.enumerated() {
            if step.tuple || tuples != nil {
                // Focus (@) and index (#) bindings: from here on the path carries a stream of tuples.
                tuples = try evaluateTupleStep(step, inputSequence, tuples, env)
                continue
            }
            if i == 0 && step.consArray {
                // A leading array constructor is evaluated once, against the whole input.
                result = try evaluate(step, input, env)
            } else if case .sort(let terms) = step.kind {
                result = try sort(inputSequence, terms, env, position: step.position)
                for stage in step.stages { result = try filter(stage, result, env) }
            } else {
                result = try evaluateStep(step, inputSequence, env, isLast: i == steps.count - 1)
            }
            guard let current = result else { break }
            if let box = current.box, box.items.isEmpty { break }
            if i == 0 && step.consArray {
                inputSequence = current.elements?.asOptionals ?? [current]
            } else {
                inputSequence = current.box.map { $0.isSequence ? $0.items.asOptionals : [current] } ?? [current]
            }
        }
        if let tuples {
            if let group = node.group {
                return try groupTuples(group, tuples, env, position: node.position)
            }
            if node.returnsTuples {
                let stream = ArrayBox(tuples.map { tuple in
                    let object = ObjectBox()
                    for (k, v) in tuple { object[k] = v ?? .null }
                    return .object(object)
                }, sequence: true)
                stream.isTupleStream = true
                return .array(stream)
            }
            result = .sequence(tuples.compactMap { $0["@"] ?? nil })
        }
        if node.keepSingletonArray {
            var box: ArrayBox
            if let existing = result?.box {
                box = existing
                if box.isConstructed && !box.isSequence {
                    box = ArrayBox.sequence([result!])
                }
            } else if let r = result {
                if case .jsonArray(let elements) = r { box = ArrayBox(elements.map(Value.init), sequence: false) } else { box = ArrayBox.sequence([r]) }
            } else {
                box = ArrayBox.sequence()
            }
            box.keepSingleton = true
            result = .array(box)
        }
        if let group = node.group {
            result = try self.group(group, result, env, position: node.position)
        }
        return result
    }

    /// One tuple of a tuple stream: the context (`@`) and the variables bound so far.
    typealias Tuple = [String: Value?]

    private func frame(_ tuple: Tuple, _ env: Environment) -> Environment {
        let scope = Environment(parent: env)
        for (name, value) in tuple where name != "@" { scope.bind(name, value) }
        return scope
    }

    private mutating func evaluateTupleStep(_ step: Node, _ input: [Value?], _ bindings: [Tuple]?, _ env: Environment) throws(JSONataError) -> [Tuple] {
        let incoming: [Tuple] = bindings ?? input.map { ["@": $0] }
        var out: [Tuple] = []
        if case .sort(let terms) = step.kind {
            out = try sortTuples(incoming, terms, env, position: step.position)
        } else {
            for tuple in incoming {
                let context = tuple["@"] ?? nil
                guard let value = try evaluate(step, context, frame(tuple, env)) else { continue }
                if let stream = value.box, stream.isTupleStream {
                    // A nested path's tuples carry their bindings into this stream.
                    for case .object(let bindings) in stream.items {
                        var next = tuple
                        for (k, v) in bindings.members { next[k] = .some(v) }
                        out.append(next)
                    }
                    continue
                }
                let items = value.elements ?? [value]
                for (index, item) in items.enumerated() {
                    var next = tuple
                    if let focus = step.focus {
                        next[focus] = .some(item)
                        next["@"] = .some(context)
                    } else {
                        next["@"] = .some(item)
                    }
                    if let name = step.index, step.indexAfterStages == nil { next[name] = .some(.number(Double(index))) }
                    if let ancestor = step.ancestor { next[ancestor.label] = .some(context) }
                    out.append(next)
                }
            }
        }
        for (stageIndex, stage) in step.stages.enumerated() {
            if let after = step.indexAfterStages, after == stageIndex, let name = step.index {
                for i in out.indices { out[i][name] = .some(.number(Double(i))) }
            }
            out = try filterTuples(stage, out, env)
        }
        if let after = step.indexAfterStages, after >= step.stages.count, let name = step.index {
            for i in out.indices { out[i][name] = .some(.number(Double(i))) }
        }
        return out
    }

    /// Grouping over a tuple stream: tuples with the same key are merged, their bindings appended.
    private mutating func groupTuples(_ pairs: [(Node, Node)], _ tuples: [Tuple], _ env: Environment, position: Int) throws(JSONataError) -> Value? {
        var groups: [(key: String, tuples: [Tuple], pairIndex: Int)] = []
        var index: [String: Int] = [:]
        for tuple in tuples {
            let scope = frame(tuple, env)
            for (pairIndex, pair) in pairs.enumerated() {
                guard let key = try evaluate(pair.0, tuple["@"] ?? nil, scope) else { continue }
                guard case .string(let name) = key else {
                    throw JSONataError(code: "T1003", position: position, message: "Key in object structure must evaluate to a string")
                }
                if let existing = index[name] {
                    groups[existing].tuples.append(tuple)
                } else {
                    index[name] = groups.count
                    groups.append((name, [tuple], pairIndex))
                }
            }
        }
        let object = ObjectBox()
        for group in groups {
            var merged = group.tuples[0]
            for tuple in group.tuples.dropFirst() {
                for (name, value) in tuple { merged[name] = .some(Functions.append(merged[name] ?? nil, value)) }
            }
            if let value = try evaluate(pairs[group.pairIndex].1, merged["@"] ?? nil, frame(merged, env)) {
                object[group.key] = value
            }
        }
        return .object(object)
    }

    private mutating func filterTuples(_ predicate: Node, _ tuples: [Tuple], _ env: Environment) throws(JSONataError) -> [Tuple] {
        if case .number(let d) = predicate.kind {
            var index = Int(clamping: d.rounded(.down))
            if index < 0 { index += tuples.count }
            return index >= 0 && index < tuples.count ? [tuples[index]] : []
        }
        var out: [Tuple] = []
        for (index, tuple) in tuples.enumerated() {
            let result = try evaluate(predicate, tuple["@"] ?? nil, frame(tuple, env))
            if let n = result?.numeric {
                var i = Int(clamping: n.rounded(.down))
                if i < 0 { i += tuples.count }
                if i == index { out.append(tuple) }
            } else if Self.truthy(result) {
                out.append(tuple)
            }
        }
        return out
    }

    private mutating func sortTuples(_ tuples: [Tuple], _ terms: [(Node, Bool)], _ env: Environment, position: Int) throws(JSONataError) -> [Tuple] {
        var keyed: [(Tuple, [Value?])] = []
        for tuple in tuples {
            var keys: [Value?] = []
            for (term, _) in terms { keys.append(try evaluate(term, tuple["@"] ?? nil, frame(tuple, env))) }
            keyed.append((tuple, keys))
        }
        let sorted = Self.stableSort(keyed) { a, b in
            for (i, (_, descending)) in terms.enumerated() {
                guard let x = a.1[i], let y = b.1[i] else { continue }
                var order = 0
                if let p = x.numeric, let q = y.numeric { order = p < q ? -1 : (p > q ? 1 : 0) }
                else if case .string(let p) = x, case .string(let q) = y { order = p < q ? -1 : (p > q ? 1 : 0) }
                if order != 0 { return descending ? order > 0 : order < 0 }
            }
            return false
        }
        return sorted.map(\.0)
    }

    private static func isVariable(_ node: Node) -> Bool {
        if case .variable = node.kind { return true }
        return false
    }

    private mutating func evaluateStep(_ step: Node, _ input: [Value?], _ env: Environment, isLast: Bool) throws(JSONataError) -> Value? {
        var results: [Value] = []
        results.reserveCapacity(input.count)
        for item in input {
            var value = try evaluate(step, item, env)
            for stage in step.stages { value = try filter(stage, value, env) }
            if let value { results.append(value) }
        }
        let merged = Self.mergeStep(results, isLast: isLast)
        try account(for: merged.box?.items.count ?? 1, position: step.position)
        if let box = merged.box, box.isSequence, box.items.count > limits.maxOutputItems {
            throw JSONataError(code: "U1002", position: step.position, message: "Result exceeds the output size limit of \(limits.maxOutputItems) items")
        }
        return merged
    }

    /// One step's results as the step's value: a single plain result (or, at the last step, a single
    /// array) as it is; otherwise a new sequence with arrays spliced in (constructed ones kept whole).
    static func mergeStep(_ results: [Value], isLast: Bool) -> Value {
        if results.count == 1 {
            if isLast, results[0].isArray, !results[0].isSequence { return results[0] }
            if !results[0].isArray { return results[0] }
        }
        let out = ArrayBox.sequence()
        for value in results {
            if let box = value.box {
                if box.isConstructed { out.items.append(value) } else { out.items.append(contentsOf: box.items) }
            } else if case .jsonArray(let a) = value {
                out.items.append(contentsOf: a.map(Value.init))
            } else {
                out.items.append(value)
            }
        }
        return .array(out)
    }

    /// Applies a predicate `[…]` to a value: an index (number) or a boolean filter.
    mutating func filter(_ predicate: Node, _ input: Value?, _ env: Environment) throws(JSONataError) -> Value? {
        let literalIndex: Double? = if case .number(let d) = predicate.kind { d } else { nil }
        return try Self.filter(input, literalIndex: literalIndex) { item throws(JSONataError) in try evaluate(predicate, item, env) }
    }

    /// A predicate `[…]` applied to `input`, both tiers' form: `test` evaluates the predicate on an
    /// item; `literalIndex` is the predicate when it is a number literal (an index, not evaluated).
    static func filter(
        _ input: Value?, literalIndex: Double?, _ test: (Value) throws(JSONataError) -> Value?
    ) throws(JSONataError) -> Value? {
        guard let input else { return .array(.sequence()) }
        // One value that is not an array (a path step's result on one item): tested without an array of it.
        if !input.isArray, literalIndex == nil {
            let times = timesKept(try test(input), at: 0, of: 1)
            return .array(ArrayBox(Array(repeating: input, count: times), sequence: true))
        }
        let items: [Value] = input.isArray ? input.elements! : [input]
        let out = ArrayBox.sequence()
        if let d = literalIndex {
            let index = filterIndex(d, count: items.count)
            if index >= 0 && index < items.count {
                let item = items[index]
                if let elements = item.elements { out.items.append(contentsOf: elements) } else { out.items.append(item) }
            }
            return .array(out)
        }
        for (index, item) in items.enumerated() {
            for _ in 0..<timesKept(try test(item), at: index, of: items.count) { out.items.append(item) }
        }
        return .array(out)
    }

    /// How many times a filter keeps the item at `position` of `count` for which its predicate gave
    /// `result`: a number is an index, numbers are indexes (an item is kept once per match), anything
    /// else is tested for truth.
    static func timesKept(_ result: Value?, at position: Int, of count: Int) -> Int {
        if let n = result?.numeric { return filterIndex(n, count: count) == position ? 1 : 0 }
        if let elements = result?.elements, !elements.isEmpty, elements.allSatisfy({ $0.isNumber }) {
            return elements.count { filterIndex($0.numeric!, count: count) == position }
        }
        return truthy(result) ? 1 : 0
    }

    /// A predicate's number as an index: rounded down, negative from the end.
    static func filterIndex(_ n: Double, count: Int) -> Int {
        let index = Int(clamping: n.rounded(.down))
        return index < 0 ? index + count : index
    }

    private mutating func sort(_ input: [Value?], _ terms: [(Node, Bool)], _ env: Environment, position: Int) throws(JSONataError) -> Value? {
        try Self.sort(input, descending: terms.map(\.1), position: position) { term, item throws(JSONataError) in
            try evaluate(terms[term].0, item, env)
        }
    }

    /// An order-by step `^(…)` over a path's sequence, both tiers' form: `key(term, item)` evaluates
    /// a term on an item; `descending` says, per term, which way it sorts.
    static func sort(
        _ input: [Value?], descending terms: [Bool], position: Int, _ key: (Int, Value) throws(JSONataError) -> Value?
    ) throws(JSONataError) -> Value? {
        // The positions of the defined items.
        let present = input.indices.filter { input[$0] != nil }
        let order = try sortOrder(count: present.count, descending: terms, position: position) { term, k throws(JSONataError) in
            try key(term, input[present[k]].unsafelyUnwrapped)
        }
        return .sequence(order.map { input[present[$0]].unsafelyUnwrapped })
    }

    /// The order-by's order of `count` items, as their positions: `key(term, k)` evaluates a term on
    /// the k-th item (each once); `descending` says, per term, which way it sorts.
    static func sortOrder(
        count: Int, descending terms: [Bool], position: Int, _ key: (Int, Int) throws(JSONataError) -> Value?
    ) throws(JSONataError) -> [Int] {
        // The k-th item's key for term t at k × termCount + t.
        let termCount = terms.count
        var keys: [Value?] = []
        keys.reserveCapacity(count * termCount)
        for k in 0..<count {
            for term in 0..<termCount { keys.append(try key(term, k)) }
        }
        // Indexes are sorted, not the items: a merge sort moves every element log n times.
        var order = Array(0..<count)
        if let typed = TypedSortKeys(keys, termCount: termCount) {
            // Keys computed beforehand make the comparison pure: any sort gives the stable order when
            // ties go by position.
            typed.sort(&order, descending: terms)
            return order
        }
        var failure: JSONataError?
        func before(_ a: Int, _ b: Int) -> Bool {
            for (i, descending) in terms.enumerated() {
                let x = keys[a * termCount + i], y = keys[b * termCount + i]
                if x == nil && y == nil { continue }
                guard let x else { return false }
                guard let y else { return true }
                var order = 0
                if let p = x.numeric, let q = y.numeric {
                    order = p < q ? -1 : (p > q ? 1 : 0)
                } else if case .string(let p) = x, case .string(let q) = y {
                    order = CodePointText.order(p, q)
                } else if (x.isNumber || x.stringValue != nil) && (y.isNumber || y.stringValue != nil) {
                    failure = JSONataError(code: "T2007", position: position, message: "Type mismatch when comparing values in order-by clause")
                    return false
                } else {
                    failure = JSONataError(code: "T2008", position: position, message: "The expressions within an order-by clause must evaluate to numeric or string values")
                    return false
                }
                if order == 0 { continue }
                return descending ? order > 0 : order < 0
            }
            return false
        }
        // Stable merge sort keeps equal keys in input order.
        order = stableSort(order) { before($0, $1) }
        if let failure { throw failure }
        return order
    }

    /// A stable merge sort, as jsonata-js sorts: each comparison calls `areInIncreasingOrder` once (a
    /// comparator is often a lambda), and there are n log n of them, not the n² an insertion sort makes.
    static func stableSort<T, E: Error>(_ items: [T], by areInIncreasingOrder: (T, T) throws(E) -> Bool) throws(E) -> [T] {
        guard items.count > 1 else { return items }
        var source = items
        var target = items
        var width = 1
        while width < source.count {
            var start = 0
            while start < source.count {
                let middle = min(start + width, source.count), end = min(start + 2 * width, source.count)
                var left = start, right = middle, out = start
                while left < middle && right < end {
                    // The right element goes first only when it is strictly before the left one: stable.
                    if try areInIncreasingOrder(source[right], source[left]) {
                        target[out] = source[right]
                        right += 1
                    } else {
                        target[out] = source[left]
                        left += 1
                    }
                    out += 1
                }
                while left < middle {
                    target[out] = source[left]
                    left += 1
                    out += 1
                }
                while right < end {
                    target[out] = source[right]
                    right += 1
                    out += 1
                }
                start = end
            }
            swap(&source, &target)
            width *= 2
        }
        return source
    }

    /// Object construction and grouping: `{key: value, …}` over each item of the input.
    mutating func group(
        _ pairs: [(Node, Node)], _ input: Value?, _ env: Environment, position: Int, literalKeys: [String]? = nil
    ) throws(JSONataError) -> Value? {
        try Self.group(pairCount: pairs.count, input, position: position, literalKeys: literalKeys) { pair, part, item throws(JSONataError) in
            try evaluate(part == .key ? pairs[pair].0 : pairs[pair].1, item, env)
        }
    }

    /// Which half of an object constructor's pair ``group(pairCount:_:position:literalKeys:_:)`` evaluates.
    enum PairPart { case key, value }

    /// Object construction and grouping, both tiers' form: `evaluate(pair, part, item)` evaluates a
    /// pair's key on an item, or its value on a group's items.
    static func group(
        pairCount: Int, _ input: Value?, position: Int, literalKeys: [String]?,
        _ evaluate: (Int, PairPart, Value?) throws(JSONataError) -> Value?
    ) throws(JSONataError) -> Value? {
        var items: [Value?] = input.flatMap { $0.isArray ? $0.elements?.asOptionals : [$0] } ?? []
        if items.isEmpty { items = [nil] }
        // Distinct literal keys: every item falls in every key's group, so each value is evaluated
        // once, on all the items (one item is itself, several a plain array of their elements, as
        // below); members in constructor order.
        if let literalKeys {
            let data: Value? = items.count == 1 ? items[0] : Self.groupData(items.compactMap { $0 })
            let object = ObjectBox(capacity: pairCount)
            for i in 0..<pairCount {
                if let value = try evaluate(i, .value, data) { object.appendNew(literalKeys[i], value) }
            }
            return .object(object)
        }
        var groups: [(key: String, items: [Value], pairIndex: Int)] = []
        var groupIndex: [String: Int] = [:]
        for item in items {
            for pairIndex in 0..<pairCount {
                let key = try evaluate(pairIndex, .key, item)
                guard let key else { continue }
                guard case .string(let name) = key else {
                    throw JSONataError(code: "T1003", position: position, token: key.toJSON()?.description, message: "Key in object structure must evaluate to a string; got: \(key.toJSON()?.description ?? "function")")
                }
                // One hash of the key: the group's index, or the next one recorded for a new key.
                let existing = Self.indexOrRecord(&groupIndex[name, default: -1], next: groups.count)
                if let existing {
                    if groups[existing].pairIndex != pairIndex {
                        throw JSONataError(code: "D1009", position: position, token: name, message: "Multiple key definitions evaluate to same key: \(name)")
                    }
                    if let item { groups[existing].items.append(item) }
                } else {
                    groups.append((name, item.map { [$0] } ?? [], pairIndex))
                }
            }
        }
        let object = ObjectBox(capacity: groups.count)
        for entry in groups {
            // The group's items appended as `Functions.append` would, one by one: one item is itself,
            // several are a plain array of their elements (an array item's elements spliced in).
            let data: Value? = entry.items.count <= 1 ? entry.items.first : Self.groupData(entry.items)
            // Group keys are distinct.
            if let value = try evaluate(entry.pairIndex, .value, data) { object.appendNew(entry.key, value) }
        }
        return .object(object)
    }

    /// Several items of a group as one plain array, arrays among them spliced in (as `$append` joins
    /// them). When each is input JSON or a scalar, the array is JSON, which paths then read in place.
    private static func groupData(_ items: [Value]) -> Value {
        var json: [JSON] = []
        json.reserveCapacity(items.count)
        for item in items {
            switch item {
            case .jsonObject(let object): json.append(.object(object))
            case .jsonArray(let elements): json.append(contentsOf: elements)
            case .string(let text): json.append(.string(text))
            case .bool(let flag): json.append(.bool(flag))
            case .null: json.append(.null)
            case .exact(let number): json.append(.number(number))
            case .number(let double) where double.isFinite: json.append(.number(JSONNumber(double)))
            default: return .plainArray(items.flatMap { $0.elements ?? [$0] })
            }
        }
        return .jsonArray(json)
    }

    /// `slot`'s group index, or `nil` after recording `next` in it when it holds none yet (-1).
    static func indexOrRecord(_ slot: inout Int, next: Int) -> Int? {
        if slot >= 0 { return slot }
        slot = next
        return nil
    }
}
