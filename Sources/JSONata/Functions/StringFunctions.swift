import JSONValue

extension Functions {
    static func str(_ v: Value?) -> String? {
        if case .string(let s)? = v { return s }
        return nil
    }

    static func num(_ v: Value?) -> Double? { v?.numeric }

    /// The longest string a built-in builds from a count given to it (`$pad`'s width): 16 Mi characters.
    static let maxBuiltString = 1 << 24

    /// `$substring(s, start, length)` of arguments its signature admits.
    static func substring(_ text: Value?, _ start: Value?, _ length: Value?) -> Value? {
        guard let s = str(text), let startD = num(start) else { return nil }
        let count = CodePointText.length(s)
        var start = Int(clamping: startD)
        if start < 0 { start = max(0, count + start) }
        start = min(start, count)
        var end = count
        if let length = num(length) {
            end = length <= 0 ? start : min(count, start &+ Int(clamping: length))
        }
        return .string(CodePointText.slice(s, start, max(start, end)))
    }

    /// `$substringBefore` (`before`) or `$substringAfter` of arguments their signature admits.
    static func substring(_ text: Value?, around separator: Value?, before: Bool) -> Value? {
        guard let s = str(text), let sep = str(separator) else { return nil }
        return .string(CodePointText.around(sep, in: s, before: before))
    }

    /// `$pad(s, width, padding)` of arguments its signature admits.
    static func pad(_ text: Value?, _ widthValue: Value?, _ paddingValue: Value?) throws(JSONataError) -> Value? {
        guard let s = str(text), let width = num(widthValue) else { return nil }
        var padding = str(paddingValue) ?? " "
        if padding.isEmpty { padding = " " }
        guard width.magnitude <= Double(maxBuiltString) else {
            throw JSONataError(code: "D3140", message: "$pad: a width of \(JSONNumber.format(width)) is beyond the limit of \(maxBuiltString) characters")
        }
        let missing = Int(clamping: width.magnitude) - CodePointText.length(s)
        guard missing > 0 else { return .string(s) }
        let paddingLength = CodePointText.length(padding)
        var fill = String(repeating: padding, count: missing / paddingLength)
        fill += CodePointText.slice(padding, 0, missing % paddingLength)
        let exact = fill
        return .string(width > 0 ? s + exact : exact + s)
    }

    /// `$contains(s, pattern)` for a pattern that is text (or undefined).
    static func contains(_ s: String, _ pattern: Value?) -> Value? {
        guard let t = str(pattern) else { return nil }
        return .bool(t.isEmpty || !CodePointText.occurrences(of: t, in: s, limit: 1).isEmpty)
    }

    /// `$split(s, separator)`'s parts for a separator that is text.
    static func split(_ s: String, by separator: String) -> [String] {
        separator.isEmpty ? s.map(String.init) : CodePointText.split(s, by: separator)
    }

    /// `$join(strings, separator)` of arguments its signature admits.
    static func join(_ strings: Value?, _ separator: Value?) -> Value? {
        let sep = str(separator) ?? ""
        // An input array: its strings joined in place, without converting each to a value.
        if case .jsonArray(let elements)? = strings {
            var joined = ""
            var first = true
            for case .string(let text) in elements {
                if !first { joined += sep }
                joined += text
                first = false
            }
            return .string(joined)
        }
        guard let items = strings?.elements else { return nil }
        return .string(items.compactMap { str($0) }.joined(separator: sep))
    }

    static let stringFunctions: [NativeFunction] = [
        NativeFunction("string", "<x-b?:s>") { a, _ throws(JSONataError) in
            guard let v = a.first ?? nil else { return nil }
            if case .function = v { return .string("") }
            if a.count > 1, case .bool(true)? = a[1], let json = normalizedJSON(v) { return .string(json.serialized(pretty: true)) }
            return .string(try string(v))
        },
        NativeFunction("length", "<s-:n>") { a, _ in
            str(a.first ?? nil).map { .number(Double(CodePointText.length($0))) }
        },
        NativeFunction("substring", "<s-nn?:s>") { a, _ in substring(a[0], a.count > 1 ? a[1] : nil, a.count > 2 ? a[2] : nil) },
        NativeFunction("substringBefore", "<s-s:s>") { a, _ in substring(a[0], around: a.count > 1 ? a[1] : nil, before: true) },
        NativeFunction("substringAfter", "<s-s:s>") { a, _ in substring(a[0], around: a.count > 1 ? a[1] : nil, before: false) },
        NativeFunction("uppercase", "<s-:s>") { a, _ in str(a[0]).map { .string($0.uppercased()) } },
        NativeFunction("lowercase", "<s-:s>") { a, _ in str(a[0]).map { .string($0.lowercased()) } },
        NativeFunction("trim", "<s-:s>") { a, _ in
            guard let s = str(a[0]) else { return nil }
            return .string(CodePointText.trim(s))
        },
        NativeFunction("pad", "<s-ns?:s>") { a, _ throws(JSONataError) in try pad(a[0], a.count > 1 ? a[1] : nil, a.count > 2 ? a[2] : nil) },
        NativeFunction("contains", "<s-(sf):b>") { a, evaluator throws(JSONataError) in
            guard let s = str(a[0]) else { return nil }
            if case .regex(let r)? = a.count > 1 ? a[1] : nil { return .bool(!(try r.matches(in: s, deadline: evaluator.deadline)).isEmpty) }
            return contains(s, a.count > 1 ? a[1] : nil)
        },
        NativeFunction("split", "<s-(sf)n?:a<s>>") { a, evaluator throws(JSONataError) in
            guard let s = str(a[0]) else { return nil }
            var parts: [String]
            if case .regex(let r)? = a.count > 1 ? a[1] : nil {
                parts = []
                var last = s.startIndex
                for m in try r.matches(in: s, deadline: evaluator.deadline) {
                    parts.append(String(s[last..<m.range.lowerBound]))
                    last = m.range.upperBound
                }
                parts.append(String(s[last...]))
            } else {
                guard let sep = str(a.count > 1 ? a[1] : nil) else { return nil }
                parts = split(s, by: sep)
            }
            if a.count > 2, let limit = num(a[2]) {
                guard limit >= 0 else { throw JSONataError(code: "D3020", message: "Third argument of split function must evaluate to a positive number") }
                parts = Array(parts.prefix(Int(clamping: limit)))
            }
            // Strings only: the array is JSON, which JSON-mode callers take as it is.
            return .jsonArray(parts.map { .string($0) })
        },
        NativeFunction("join", "<a<s>s?:s>") { a, _ in join(a[0], a.count > 1 ? a[1] : nil) },
        NativeFunction("replace", "<s-(sf)(sf)n?:s>") { a, evaluator throws(JSONataError) in
            guard let s = str(a[0]) else { return nil }
            guard a.count > 2 else { throw typeError("replace", 2) }
            let limit = a.count > 3 ? num(a[3]).map { Int(clamping: $0) } : nil
            if case .regex(let r)? = a[1] {
                var result = ""
                var last = s.startIndex
                var count = 0
                for m in try r.matches(in: s, deadline: evaluator.deadline) {
                    if let limit, count >= limit { break }
                    if m.match.isEmpty {
                        throw JSONataError(code: "D1004", message: "Regular expression matches zero length string")
                    }
                    result += s[last..<m.range.lowerBound]
                    if case .function(let f)? = a[2] {
                        let matchObject = ObjectBox()
                        matchObject["match"] = .string(m.match)
                        matchObject["index"] = .number(Double(m.index))
                        matchObject["groups"] = .plainArray(m.groups.map { .string($0) })
                        guard case .string(let replacement)? = try evaluator.apply(f, [.object(matchObject)]) else {
                            throw JSONataError(code: "D3012", message: "Attempted to replace a matched string with a non-string value")
                        }
                        result += replacement
                    } else if let template = str(a[2]) {
                        result += substituteGroups(template, match: m.match, groups: m.groups)
                    }
                    last = m.range.upperBound
                    count += 1
                }
                result += s[last...]
                return .string(result)
            }
            guard let pattern = str(a[1]) else { return nil }
            guard !pattern.isEmpty else { throw JSONataError(code: "D3010", message: "Second argument of replace function cannot be an empty string") }
            guard let replacement = str(a[2]) else { throw typeError("replace", 2) }
            if let limit {
                guard limit >= 0 else { throw JSONataError(code: "D3011", message: "Fourth argument of replace function must evaluate to a positive number") }
                return .string(CodePointText.replace(pattern, in: s, with: replacement, limit: limit))
            }
            return .string(CodePointText.replace(pattern, in: s, with: replacement))
        },
        NativeFunction("match", "<s-f<s:o>n?:a<o>>") { a, evaluator throws(JSONataError) in
            guard let s = str(a[0]), case .regex(let r)? = a.count > 1 ? a[1] : nil else { return nil }
            var found = try r.matches(in: s, deadline: evaluator.deadline)
            if a.count > 2, let limit = num(a[2]) { found = Array(found.prefix(Int(clamping: limit))) }
            return .sequence(found.map { m in
                let o = ObjectBox()
                o["match"] = .string(m.match)
                o["index"] = .number(Double(m.index))
                o["groups"] = .plainArray(m.groups.map { .string($0) })
                return .object(o)
            })
        },
    ]

    /// Replaces `$0`, `$1`… in a replacement template (`$$` is a literal `$`).
    static func substituteGroups(_ template: String, match: String, groups: [String]) -> String {
        var out = ""
        let chars = Array(template)
        var i = 0
        while i < chars.count {
            if chars[i] == "$", i + 1 < chars.count {
                if chars[i + 1] == "$" {
                    out.append("$")
                    i += 2
                    continue
                }
                if let d = chars[i + 1].wholeNumberValue {
                    var n = d
                    var j = i + 2
                    while j < chars.count, let next = chars[j].wholeNumberValue, n * 10 + next <= groups.count {
                        n = n * 10 + next
                        j += 1
                    }
                    if n == 0 { out += match } else if n <= groups.count { out += groups[n - 1] }
                    i = j
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }
}
