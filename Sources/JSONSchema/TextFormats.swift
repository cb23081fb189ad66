import BoundedRegex
/// `duration`, `json-pointer`, `relative-json-pointer`, `regex` and `idn-email`.
enum TextFormats {
    /// RFC 3339 Appendix A `duration`: units in order, each optional tail only after its predecessor.
    static func isDuration(_ s: String) -> Bool {
        var chars = Array(s)[...]
        guard chars.first == "P", chars.count > 1 else { return false }
        chars = chars.dropFirst()
        func number() -> Bool {
            let digits = chars.prefix { $0.isASCII && $0.isNumber }
            chars = chars.dropFirst(digits.count)
            return !digits.isEmpty
        }
        func units(_ allowed: [Character]) -> Bool {
            var next = 0
            var any = false
            while let first = chars.first, first.isASCII, first.isNumber {
                guard number(), let unit = chars.first, let index = allowed[next...].firstIndex(of: unit) else { return false }
                // Each unit may only be followed by the next one (Y→M→D, H→M→S): no gaps.
                if any && index != next { return false }
                chars = chars.dropFirst()
                next = index + 1
                any = true
                if next >= allowed.count { break }
            }
            return any
        }
        if chars.last == "W" {
            return number() && chars == ["W"]
        }
        if chars.first != "T" {
            guard units(["Y", "M", "D"]) else { return false }
        }
        if chars.first == "T" {
            chars = chars.dropFirst()
            guard units(["H", "M", "S"]) else { return false }
        }
        return chars.isEmpty
    }

    static func isJSONPointer(_ s: String) -> Bool { JSONPointerSyntax.isValid(s) }

    /// A non-negative integer followed by `#` or a JSON Pointer.
    static func isRelativeJSONPointer(_ s: String) -> Bool {
        let digits = s.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits == "0" || !digits.hasPrefix("0") else { return false }
        let rest = String(s.dropFirst(digits.count))
        return rest == "#" || JSONPointerSyntax.isValid(rest)
    }

    /// ECMA-262 syntax: Swift's regex parser plus the constructs ECMA-262 does not have.
    static func isECMARegex(_ s: String) -> Bool {
        let chars = Array(s)
        var i = 0
        var inClass = false
        while i < chars.count {
            let c = chars[i]
            if c == "\\" {
                guard i + 1 < chars.count else { return false }
                let e = chars[i + 1]
                let allowed = "dDwWsSbBfnrtv0cxukpP123456789^$\\.*+?()[]{}|/-"
                if !allowed.contains(e) { return false }
                i += 2
                continue
            }
            if c == "[" { inClass = true } else if c == "]" { inClass = false }
            if !inClass && c == "(" && i + 1 < chars.count && chars[i + 1] == "?" {
                let rest = String(chars[(i + 2)...])
                guard rest.hasPrefix(":") || rest.hasPrefix("=") || rest.hasPrefix("!") || rest.hasPrefix("<=") || rest.hasPrefix("<!")
                    || (rest.hasPrefix("<") && !rest.hasPrefix("<="))
                else { return false }
            }
            i += 1
        }
        do {
            _ = try BoundedRegex(s)
            return true
        } catch .syntax {
            return false
        } catch {
            // Valid ECMA-262 that the matcher does not implement (lookbehind, script properties).
            return true
        }
    }

    /// An email address whose local part and domain may be internationalized (RFC 6531).
    static func isIDNEmail(_ s: String) -> Bool {
        guard let at = s.lastIndex(of: "@") else { return false }
        let local = s[..<at], domain = String(s[s.index(after: at)...])
        if local.count >= 2 && local.hasPrefix("\"") && local.hasSuffix("\"") { return Hostnames.isIDNHostname(domain) }
        guard !local.isEmpty, !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..") else { return false }
        let forbidden = Set("()<>[]:;@\\,\" ")
        guard local.allSatisfy({ !forbidden.contains($0) && !($0.asciiValue.map { $0 < 0x20 } ?? false) }) else { return false }
        return Hostnames.isIDNHostname(domain)
    }
}

/// RFC 6901 syntax: empty, or `/`-prefixed tokens whose `~` is followed by `0` or `1`.
enum JSONPointerSyntax {
    static func isValid(_ s: String) -> Bool {
        guard s.isEmpty || s.hasPrefix("/") else { return false }
        let chars = Array(s)
        for (i, c) in chars.enumerated() where c == "~" {
            guard i + 1 < chars.count, chars[i + 1] == "0" || chars[i + 1] == "1" else { return false }
        }
        return true
    }
}
