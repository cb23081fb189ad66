import JSONValue

/// `$eval`, `$single`, `$zip`, `$sift`, `$spread`, `$shuffle`, `$base64encode`/`decode`,
/// `$encodeUrl`/`$encodeUrlComponent`/`$decodeUrl`/`$decodeUrlComponent`, `$random`, `$formatBase`.
extension Functions {
    static let moreFunctions: [NativeFunction] = [
        NativeFunction("eval", "<sx?:x>") { a, evaluator throws(JSONataError) in
            guard let source = str(a[0]) else { return nil }
            let expression: JSONataExpression
            do throws(JSONataError) {
                expression = try JSONataExpression(source)
            } catch {
                throw JSONataError(code: "D3120", message: "Syntax error in expression passed to function eval: \(error.message)")
            }
            var input = a.count > 1 ? a[1] : nil
            if input == nil { input = evaluator.currentInput }
            do throws(JSONataError) {
                return try evaluator.evaluate(expression.root, input, Environment(parent: evaluator.rootEnvironment))
            } catch {
                throw JSONataError(code: "D3121", message: "Dynamic error evaluating the expression passed to function eval: \(error.message)")
            }
        },
        NativeFunction("single", "<af?>") { a, evaluator throws(JSONataError) in
            guard let list = a[0]?.elements else { return nil }
            var found: Value?
            var count = 0
            for (i, item) in list.enumerated() {
                var keep = true
                if case .function(let f)? = a.count > 1 ? a[1] : nil {
                    let args: [Value?] = f.arity >= 3 ? [item, .number(Double(i)), .plainArray(list)] : f.arity == 2 ? [item, .number(Double(i))] : [item]
                    keep = Evaluator.truthy(try evaluator.apply(f, args))
                }
                if keep {
                    count += 1
                    guard count == 1 else { throw JSONataError(code: "D3138", message: "The $single() function expected exactly 1 matching result. Instead it matched more.") }
                    found = item
                }
            }
            guard count == 1 else { throw JSONataError(code: "D3139", message: "The $single() function expected exactly 1 matching result. Instead it matched 0.") }
            return found
        },
        NativeFunction("zip", "<a+>") { a, _ in
            let lists = a.map { $0?.elements ?? [] }
            guard let shortest = lists.map(\.count).min() else { return .plainArray([]) }
            return .plainArray((0..<shortest).map { i in .plainArray(lists.map { $0[i] }) })
        },
        NativeFunction("sift", "<o-f?:o>") { a, evaluator throws(JSONataError) in
            guard let members = a[0]?.members, case .function(let f)? = a.count > 1 ? a[1] : nil else { return nil }
            let out = ObjectBox()
            for (k, v) in members {
                let args: [Value?] = f.arity >= 3 ? [v, .string(k), a[0]] : f.arity == 2 ? [v, .string(k)] : [v]
                if Evaluator.truthy(try evaluator.apply(f, args)) { out[k] = v }
            }
            return out.members.isEmpty ? nil : .object(out)
        },
        NativeFunction("spread", "<x-:a<o>>") { a, _ in
            guard let v = a[0] else { return nil }
            if v.isFunction { return v }
            var out: [Value] = []
            for item in items(v) {
                guard let members = item.members else {
                    out.append(item)
                    continue
                }
                for (k, value) in members {
                    let single = ObjectBox()
                    single[k] = value
                    out.append(.object(single))
                }
            }
            return .sequence(out)
        },
        NativeFunction("shuffle", "<a:a>") { a, _ in
            guard let list = a[0]?.elements else { return nil }
            return .plainArray(list.shuffled())
        },
        NativeFunction("random", "<:n>") { _, _ in .number(Double.random(in: 0..<1)) },
        NativeFunction("base64encode", "<s-:s>") { a, _ in
            str(a[0]).map { .string(Base64.encode(Array($0.utf8))) }
        },
        NativeFunction("base64decode", "<s-:s>") { a, _ in
            guard let s = str(a[0]), let bytes = Base64.decode(s) else { return nil }
            return .string(String(decoding: bytes, as: UTF8.self))
        },
        NativeFunction("encodeUrlComponent", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = str(a[0]) else { return nil }
            return .string(try PercentEncoding.encode(s, keep: "-_.!~*'()"))
        },
        NativeFunction("encodeUrl", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = str(a[0]) else { return nil }
            return .string(try PercentEncoding.encode(s, keep: "-_.!~*'();/?:@&=+$,#"))
        },
        NativeFunction("decodeUrlComponent", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = str(a[0]) else { return nil }
            return .string(try PercentEncoding.decode(s, reserved: ""))
        },
        NativeFunction("decodeUrl", "<s-:s>") { a, _ throws(JSONataError) in
            guard let s = str(a[0]) else { return nil }
            return .string(try PercentEncoding.decode(s, reserved: ";/?:@&=+$,#"))
        },
        NativeFunction("formatBase", "<n-n?:s>") { a, _ throws(JSONataError) in
            guard let x = num(a[0]) else { return nil }
            try finite(x, "$formatBase")
            let radix = a.count > 1 ? Int(clamping: num(a[1]) ?? 10) : 10
            guard (2...36).contains(radix) else {
                throw JSONataError(code: "D3100", message: "The radix of the formatBase function must be between 2 and 36. It was given \(radix)")
            }
            return .string(String(Int(clamping: roundHalfEven(x, 0)), radix: radix))
        },
    ]
}

/// RFC 4648 base64 without Foundation.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x3) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0xF) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for c in text.utf8 where c != UInt8(ascii: "=") {
            guard let v = alphabet.firstIndex(of: c) else { return nil }
            values.append(UInt8(v))
        }
        var out: [UInt8] = []
        var i = 0
        while i + 1 < values.count {
            out.append(values[i] << 2 | values[i + 1] >> 4)
            if i + 2 < values.count { out.append((values[i + 1] & 0xF) << 4 | values[i + 2] >> 2) }
            if i + 3 < values.count { out.append((values[i + 2] & 0x3) << 6 | values[i + 3]) }
            i += 4
        }
        return out
    }
}

/// `encodeURI`/`encodeURIComponent` and their inverses, as JavaScript defines them.
enum PercentEncoding {
    static func encode(_ s: String, keep: String) throws(JSONataError) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if (0xD800...0xDFFF).contains(scalar.value) {
                throw JSONataError(code: "D3140", message: "Malformed URL passed to $encodeUrl(): \"\(s)\"")
            }
            if scalar.isASCII, let ascii = Character(scalar).asciiValue,
                (ascii >= 0x30 && ascii <= 0x39) || (ascii | 0x20 >= 0x61 && ascii | 0x20 <= 0x7A) || keep.unicodeScalars.contains(scalar)
            {
                out.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { out += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true) }
            }
        }
        return out
    }

    static func decode(_ s: String, reserved: String) throws(JSONataError) -> String {
        var bytes: [UInt8] = []
        let input = Array(s.utf8)
        var i = 0
        while i < input.count {
            if input[i] == UInt8(ascii: "%") {
                guard i + 2 < input.count, let value = UInt8(String(decoding: input[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) else {
                    throw JSONataError(code: "D3140", message: "Malformed URL passed to $decodeUrl(): \"\(s)\"")
                }
                if value < 0x80, reserved.utf8.contains(value) {
                    bytes.append(contentsOf: input[i...(i + 2)])
                } else {
                    bytes.append(value)
                }
                i += 3
            } else {
                bytes.append(input[i])
                i += 1
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw JSONataError(code: "D3140", message: "Malformed URL passed to $decodeUrl(): \"\(s)\"")
        }
        return decoded
    }
}
