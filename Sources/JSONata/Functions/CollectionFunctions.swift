import JSONValue

extension Functions {
    static let collectionFunctions: [NativeFunction] = [
        NativeFunction("boolean", "<x-:b>") { a, _ in
            guard let v = a[0] else { return nil }
            return .bool(Evaluator.truthy(v))
        },
        NativeFunction("not", "<x-:b>") { a, _ in
            guard let v = a[0] else { return nil }
            return .bool(!Evaluator.truthy(v))
        },
        NativeFunction("exists", "<x:b>") { a, _ in .bool((a.first ?? nil) != nil) },
        NativeFunction("type", "<x:s>") { a, _ in
            guard let v = a.first ?? nil else { return nil }
            switch v {
            case .null: return .string("null")
            case .bool: return .string("boolean")
            case .number, .exact: return .string("number")
            case .string: return .string("string")
            case .array, .jsonArray: return .string("array")
            case .object, .jsonObject: return .string("object")
            case .function, .regex: return .string("function")
            }
        },
        NativeFunction("append", "<xx:a>") { a, evaluator throws(JSONataError) in
            let result = append(a[0], a.count > 1 ? a[1] : nil)
            try evaluator.account(for: result?.elements?.count ?? 1)
            return result
        },
        NativeFunction("reverse", "<a:a>") { a, _ in
            guard let items = a[0]?.elements else { return nil }
            return .plainArray(items.reversed())
        },
        NativeFunction("distinct", "<x:x>") { a, _ in
            guard let v = a[0] else { return nil }
            // As jsonata-js: an array of one is returned as it is, and a sequence stays a sequence (so a
            // single distinct value of a path comes out as that value, not an array of it).
            guard let items = v.elements, items.count > 1 else { return v }
            var out: [Value] = []
            // Strings (the usual case: codes, SKUs, rates as text) are found by hash; other values
            // are compared with those kept so far.
            var strings: Set<ExactText> = []
            for item in items {
                if case .string(let text) = item {
                    if strings.insert(ExactText(text)).inserted { out.append(item) }
                } else if !out.contains(where: { Evaluator.equal($0, item) }) {
                    out.append(item)
                }
            }
            return v.isSequence ? .sequence(out) : .plainArray(out)
        },
        NativeFunction("keys", "<x-:a<s>>") { a, _ in
            guard let v = a[0] else { return nil }
            // One input object: its keys, which are distinct, without converting its members.
            if case .jsonObject(let object) = v {
                let keys = object.keys
                return keys.isEmpty ? nil : .sequence(keys.map { .string($0) })
            }
            var keys: [String] = []
            for item in items(v) {
                for (k, _) in item.members ?? [] where !keys.contains(k) { keys.append(k) }
            }
            return keys.isEmpty ? nil : .sequence(keys.map { .string($0) })
        },
        NativeFunction("lookup", "<x-s:x>") { a, evaluator in
            guard let v = a[0], let key = str(a.count > 1 ? a[1] : nil) else { return nil }
            return Evaluator.lookup(v, key)
        },
        NativeFunction("merge", "<a<o>:o>") { a, _ in
            guard let v = a[0] else { return nil }
            let objects = items(v)
            if let merged = mergedJSON(objects) { return merged }
            let out = ObjectBox()
            for item in objects {
                for (k, value) in item.members ?? [] { out[k] = value }
            }
            return .object(out)
        },
        NativeFunction("sort", "<af?:a>") { a, evaluator throws(JSONataError) in
            guard let list = a[0]?.elements else { return nil }
            if a.count > 1, case .function(let function)? = a[1] {
                // Indexes are sorted, not the items; a compiled comparator takes the two straight into
                // its slots. The evaluator is reached by pointer: captured by the comparator, the
                // parameter was copied in and out around every call.
                let f = Callback(function)
                // A comparator of fields (`$a.date > $b.date`): keys read once per item, then compared.
                if let order = try f.keyedOrder(of: list, &evaluator) { return .plainArray(order.map { list[$0] }) }
                let order = try withUnsafeMutablePointer(to: &evaluator) { evaluator throws(JSONataError) in
                    try Evaluator.stableSort(Array(list.indices)) { x, y throws(JSONataError) in
                        Evaluator.truthy(try f.call(&evaluator.pointee, list[y], list[x], count: 2))
                    }
                }
                return .plainArray(order.map { list[$0] })
            }
            if list.allSatisfy(\.isNumber) { return .plainArray(Evaluator.stableSort(list) { $0.numeric! < $1.numeric! }) }
            if list.allSatisfy({ str($0) != nil }) { return .plainArray(Evaluator.stableSort(list) { CodePointText.order(str($0)!, str($1)!) < 0 }) }
            throw JSONataError(code: "D3070", message: "The single argument form of the sort function can only be applied to an array of strings or an array of numbers")
        },
        NativeFunction("error", "<s?:x>") { a, _ throws(JSONataError) in
            throw JSONataError(code: "D3137", message: str(a.first ?? nil) ?? "$error() function evaluated")
        },
        NativeFunction("assert", "<bs?:x>") { a, _ throws(JSONataError) in
            guard case .bool(let ok)? = a[0] else { throw JSONataError(code: "T0410", message: "Argument 1 of function \"assert\" does not match function signature") }
            if !ok { throw JSONataError(code: "D3141", message: str(a.count > 1 ? a[1] : nil) ?? "$assert() statement failed") }
            return nil
        },
        NativeFunction("millis", "<:n>") { _, evaluator in .number(Double(evaluator.startMillis)) },
    ]

    /// `$merge` of objects that are all JSON (input objects, constructors of JSON members): built as
    /// one JSON object, later members replacing earlier ones in place, without converting members
    /// to values and back. `nil` when an item is a constructed object.
    private static func mergedJSON(_ objects: [Value]) -> Value? {
        if objects.count == 1, case .jsonObject = objects[0] { return objects[0] }
        var keys: [String] = []
        var values: [JSON] = []
        let capacity = objects.reduce(0) { total, object in
            if case .jsonObject(let members) = object { total + members.count } else { total }
        }
        keys.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        var index: [String: Int]?
        for object in objects {
            guard case .jsonObject(let members) = object else { return nil }
            for (key, value) in members {
                if index == nil, keys.count > 16 { index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) }) }
                if let i = index.map({ $0[key] }) ?? keys.firstIndex(of: key) {
                    values[i] = value
                } else {
                    index?[key] = keys.count
                    keys.append(key)
                    values.append(value)
                }
            }
        }
        return .jsonObject(JSONObject(uniqueKeys: keys, values: values, indexed: keys.count > 16))
    }
}
