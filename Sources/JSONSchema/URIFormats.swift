/// RFC 3986 URIs and RFC 3987 IRIs (`uri`, `uri-reference`, `iri`, `iri-reference`) and RFC 6570
/// URI templates, checked by a small recursive-descent scanner.
enum URIFormats {
    /// Scans `scalars[i..<end]`; sub-scanners for the user info and host look at parts of the same
    /// buffer, so checking a URI allocates nothing.
    struct Scanner {
        let scalars: UnsafeBufferPointer<Unicode.Scalar>
        let end: Int
        let unicode: Bool
        var i: Int

        init(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, from start: Int = 0, to end: Int? = nil, unicode: Bool) {
            self.scalars = scalars
            self.i = start
            self.end = end ?? scalars.count
            self.unicode = unicode
        }

        var atEnd: Bool { i >= end }
        var peek: Unicode.Scalar? { atEnd ? nil : scalars[i] }

        static func isAlpha(_ s: Unicode.Scalar) -> Bool { ("a"..."z").contains(s) || ("A"..."Z").contains(s) }
        static func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        static func isHex(_ s: Unicode.Scalar) -> Bool { isDigit(s) || ("a"..."f").contains(s) || ("A"..."F").contains(s) }
        /// The `extra` and `stopAt` sets of the components.
        static let nothing = ASCIISet(""), colon = ASCIISet(":"), pathExtra = ASCIISet(":@/"), queryExtra = ASCIISet(":@/?"),
            pathStop = ASCIISet("?#"), queryStop = ASCIISet("#")

        /// RFC 3987 ucschar (and iprivate, accepted everywhere for simplicity).
        func isUCS(_ s: Unicode.Scalar) -> Bool {
            guard unicode, !s.isASCII else { return false }
            let v = s.value
            return (0xA0...0xD7FF).contains(v) || (0xF900...0xFDCF).contains(v) || (0xFDF0...0xFFEF).contains(v)
                || (0x10000...0xEFFFD).contains(v) || (0xE000...0xF8FF).contains(v) || (0xF0000...0x10FFFD).contains(v)
        }

        /// Consumes one `pct-encoded`; false when `%` is not followed by two hex digits.
        mutating func percentEncoded() -> Bool {
            guard i + 2 < end, Self.isHex(scalars[i + 1]), Self.isHex(scalars[i + 2]) else { return false }
            i += 3
            return true
        }

        /// Unreserved characters and sub-delims: allowed in every component.
        static let plain = ASCIISet("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=")

        /// Consumes characters allowed in a component: unreserved, sub-delims, `extra`, pct-encoded.
        /// (No `stopAt` character is allowed in a component, so one set test admits the usual ones.)
        mutating func component(extra: ASCIISet, stopAt: ASCIISet) -> Bool {
            let allowed = Self.plain.union(extra)
            while i < end {
                let s = scalars[i]
                if allowed.contains(s) {
                    i += 1
                } else if stopAt.contains(s) {
                    return true
                } else if s == "%" {
                    guard percentEncoded() else { return false }
                } else if isUCS(s) {
                    i += 1
                } else {
                    return false
                }
            }
            return true
        }

        mutating func scheme() -> Bool {
            let start = i
            guard let first = peek, Self.isAlpha(first) else { return false }
            i += 1
            while let s = peek, Self.isAlpha(s) || Self.isDigit(s) || s == "+" || s == "-" || s == "." { i += 1 }
            guard peek == ":" else {
                i = start
                return false
            }
            i += 1
            return true
        }

        mutating func authority() -> Bool {
            let start = i
            while let s = peek, s != "/", s != "?", s != "#" { i += 1 }
            let hostEnd = i
            var hostStart = start
            if let at = (start..<hostEnd).last(where: { scalars[$0] == "@" }) {
                var user = Scanner(scalars, from: start, to: at, unicode: unicode)
                guard user.component(extra: Self.colon, stopAt: Self.nothing) else { return false }
                hostStart = at + 1
            }
            if hostStart < hostEnd && scalars[hostStart] == "[" {
                guard let close = (hostStart + 1..<hostEnd).first(where: { scalars[$0] == "]" }) else { return false }
                let literal = String(String.UnicodeScalarView(scalars[(hostStart + 1)..<close]))
                guard IPv6Format.isIPv6(literal) || literal.lowercased().hasPrefix("v") else { return false }
                if close + 1 < hostEnd {
                    guard scalars[close + 1] == ":" && (close + 2..<hostEnd).allSatisfy({ Self.isDigit(scalars[$0]) }) else { return false }
                }
                return true
            }
            var nameEnd = hostEnd
            if let colon = (hostStart..<hostEnd).last(where: { scalars[$0] == ":" }) {
                guard (colon + 1..<hostEnd).allSatisfy({ Self.isDigit(scalars[$0]) }) else { return false }
                nameEnd = colon
            }
            var reg = Scanner(scalars, from: hostStart, to: nameEnd, unicode: unicode)
            return reg.component(extra: Self.nothing, stopAt: Self.nothing)
        }

        mutating func pathQueryFragment() -> Bool {
            guard component(extra: Self.pathExtra, stopAt: Self.pathStop) else { return false }
            if peek == "?" {
                i += 1
                guard component(extra: Self.queryExtra, stopAt: Self.queryStop) else { return false }
            }
            if peek == "#" {
                i += 1
                guard component(extra: Self.queryExtra, stopAt: Self.nothing) else { return false }
            }
            return atEnd
        }

        mutating func hierarchy() -> Bool {
            if peek == "/" && i + 1 < end && scalars[i + 1] == "/" {
                i += 2
                guard authority() else { return false }
            }
            return pathQueryFragment()
        }
    }

    /// Runs `body` on the code points of `s`, in temporary (stack, when small) memory.
    private static func withScalars<R>(_ s: String, _ body: (UnsafeBufferPointer<Unicode.Scalar>) -> R) -> R {
        var s = s
        return s.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: max(bytes.count, 1)) { buffer in
                var count = 0
                if bytes.allSatisfy({ $0 < 0x80 }) {
                    // ASCII: each byte is a code point.
                    for byte in bytes {
                        buffer.initializeElement(at: count, to: Unicode.Scalar(byte))
                        count += 1
                    }
                } else {
                    for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                        buffer.initializeElement(at: count, to: scalar)
                        count += 1
                    }
                }
                return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
            }
        }
    }

    static func isURI(_ s: String, unicode: Bool = false) -> Bool {
        withScalars(s) { isURI($0, unicode: unicode) }
    }

    private static func isURI(_ scalars: UnsafeBufferPointer<Unicode.Scalar>, unicode: Bool) -> Bool {
        var scanner = Scanner(scalars, unicode: unicode)
        guard scanner.scheme() else { return false }
        return scanner.hierarchy()
    }

    static func isURIReference(_ s: String, unicode: Bool = false) -> Bool {
        withScalars(s) { scalars in
            if isURI(scalars, unicode: unicode) { return true }
            // A relative reference's first path segment cannot contain ':' (it would read as a scheme).
            let firstSegment = scalars.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if scalars.first != "/" && firstSegment.contains(":") { return false }
            var scanner = Scanner(scalars, unicode: unicode)
            return scanner.hierarchy()
        }
    }

    /// RFC 6570 level-4 syntax.
    static func isURITemplate(_ s: String) -> Bool {
        var scalars = s.unicodeScalars[...]
        while let s = scalars.first {
            if s == "{" {
                guard let close = scalars.firstIndex(of: "}") else { return false }
                guard isExpression(Array(scalars[scalars.index(after: scalars.startIndex)..<close])) else { return false }
                scalars = scalars[scalars.index(after: close)...]
                continue
            }
            if s == "}" || s.value < 0x21 || s.value == 0x7F || "\"<>\\^`|".unicodeScalars.contains(s) { return false }
            scalars = scalars.dropFirst()
        }
        return true
    }

    private static func isExpression(_ body: [Unicode.Scalar]) -> Bool {
        var body = body[...]
        if let first = body.first, "+#./;?&=,!@|".unicodeScalars.contains(first) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        for spec in body.split(separator: ",", omittingEmptySubsequences: false) {
            var name = spec[...]
            if name.last == "*" {
                name = name.dropLast()
            } else if let colon = name.firstIndex(of: ":") {
                let length = name[(colon + 1)...]
                guard (1...4).contains(length.count), length.allSatisfy(Scanner.isDigit), length.first != "0" else { return false }
                name = name[..<colon]
            }
            guard !name.isEmpty, name.first != ".", name.last != ".", !String(String.UnicodeScalarView(name)).contains("..") else { return false }
            var i = name.startIndex
            while i < name.endIndex {
                let c = name[i]
                if c == "%" {
                    guard name.distance(from: i, to: name.endIndex) >= 3, Scanner.isHex(name[i + 1]), Scanner.isHex(name[i + 2]) else { return false }
                    i += 3
                    continue
                }
                guard Scanner.isAlpha(c) || Scanner.isDigit(c) || c == "_" || c == "." else { return false }
                i += 1
            }
        }
        return true
    }
}

/// RFC 4291 text form of IPv6 addresses (with an optional embedded IPv4 tail).
enum IPv6Format {
    static func isIPv6(_ s: String) -> Bool {
        guard !s.isEmpty, s.unicodeScalars.allSatisfy({ $0.isASCII }) else { return false }
        var text = Substring(s)
        var ipv4Groups = 0
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard StandardFormats.isIPv4(String(text[text.index(after: lastColon)...])) else { return false }
            text = text[...lastColon] + "0"
            ipv4Groups = 1
        }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        func groups(_ part: Substring) -> [Substring]? {
            if part.isEmpty { return [] }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for p in pieces {
                guard (1...4).contains(p.count), p.allSatisfy({ $0.isHexDigit }) else { return nil }
            }
            return pieces
        }
        // An IPv4 tail (two groups) was replaced by one placeholder group.
        let needed = ipv4Groups == 1 ? 7 : 8
        if halves.count == 1 {
            guard let g = groups(halves[0]) else { return false }
            return g.count == needed
        }
        guard let left = groups(halves[0]), let right = groups(halves[1]) else { return false }
        return left.count + right.count <= needed - 1
    }
}

extension Substring {
    fileprivate func components(separatedBy separator: String) -> [Substring] {
        var parts: [Substring] = []
        var rest = self
        while let r = rest.firstRange(of: separator) {
            parts.append(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}

/// A set of ASCII characters as two 64-bit masks: a lookup per character instead of a scan of a string.
struct ASCIISet: Sendable {
    private var low: UInt64 = 0, high: UInt64 = 0

    init(_ characters: String) {
        for byte in characters.utf8 where byte < 128 {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }
    }

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 64 ? low & (1 << UInt64(v)) != 0 : v < 128 ? high & (1 << UInt64(v - 64)) != 0 : false
    }

    func union(_ other: ASCIISet) -> ASCIISet { ASCIISet(low: low | other.low, high: high | other.high) }
}
