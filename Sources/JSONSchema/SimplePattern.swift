/// A matcher for the regular expressions contracts use most: a sequence of ASCII literals and ASCII
/// character classes with greedy quantifiers, optionally anchored (`^[A-Za-z0-9_-]+$`, `^[0-9]{4,8}$`).
///
/// It matches on UTF-8 bytes without allocating, orders of magnitude faster than a general `Regex`.
/// Patterns outside the subset (groups, alternation, `.`, negated classes, `\s`, lazy quantifiers,
/// anything non-ASCII) are not accepted, and the caller keeps using the general engine. Because every
/// accepted atom matches only ASCII characters, UTF-16 (ECMA-262) and Unicode-scalar semantics agree.
struct SimplePattern {
    /// One position of the pattern: a set of ASCII bytes repeated `min...max` times.
    struct Atom {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var min = 1
        var max = 1

        func contains(_ byte: UInt8) -> Bool {
            byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 ? high & (1 << UInt64(byte - 64)) != 0 : false
        }

        mutating func insert(_ byte: UInt8) {
            if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
        }

        mutating func insert(_ range: ClosedRange<UInt8>) {
            for byte in range { insert(byte) }
        }
    }

    let atoms: [Atom]
    let anchoredStart: Bool
    let anchoredEnd: Bool
    /// ``isDeterministic``, computed once.
    private var deterministic = false

    /// Parses `source` (ECMA-262 syntax); `nil` when it is outside the supported subset.
    init?(_ source: String) {
        var bytes = Array(source.utf8)[...]
        guard bytes.allSatisfy({ $0 < 128 }) else { return nil }
        anchoredStart = bytes.first == UInt8(ascii: "^")
        if anchoredStart { bytes.removeFirst() }
        var endAnchor = false
        if bytes.last == UInt8(ascii: "$"), bytes.dropLast().last != UInt8(ascii: "\\") {
            endAnchor = true
            bytes.removeLast()
        }
        anchoredEnd = endAnchor
        var atoms: [Atom] = []
        while let byte = bytes.popFirst() {
            var atom = Atom()
            switch byte {
            case UInt8(ascii: "["):
                guard let set = Self.parseClass(&bytes) else { return nil }
                atom = set
            case UInt8(ascii: "\\"):
                guard let escaped = bytes.popFirst(), Self.escape(escaped, into: &atom) else { return nil }
            case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "|"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "$"),
                UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "?"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "]"):
                return nil
            default:
                atom.insert(byte)
            }
            guard Self.parseQuantifier(&bytes, into: &atom) else { return nil }
            atoms.append(atom)
        }
        self.atoms = atoms
        deterministic = isDeterministic
    }

    /// `\d`, `\w` and escaped punctuation; other escapes are outside the subset.
    private static func escape(_ byte: UInt8, into atom: inout Atom) -> Bool {
        switch byte {
        case UInt8(ascii: "d"): atom.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
        case UInt8(ascii: "w"):
            atom.insert(UInt8(ascii: "0")...UInt8(ascii: "9"))
            atom.insert(UInt8(ascii: "A")...UInt8(ascii: "Z"))
            atom.insert(UInt8(ascii: "a")...UInt8(ascii: "z"))
            atom.insert(UInt8(ascii: "_"))
        default:
            let isPunctuation = (33...47).contains(byte) || (58...64).contains(byte) || (91...96).contains(byte) || (123...126).contains(byte)
            guard isPunctuation else { return false }
            atom.insert(byte)
        }
        return true
    }

    /// A positive class of ASCII characters and ranges, after its `[`.
    private static func parseClass(_ bytes: inout ArraySlice<UInt8>) -> Atom? {
        var atom = Atom()
        guard bytes.first != UInt8(ascii: "^"), bytes.first != UInt8(ascii: "]") else { return nil }
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "]") { return atom }
            var low = byte
            if byte == UInt8(ascii: "\\") {
                guard let escaped = bytes.popFirst() else { return nil }
                if escaped == UInt8(ascii: "d") || escaped == UInt8(ascii: "w") {
                    guard escape(escaped, into: &atom) else { return nil }
                    continue
                }
                var single = Atom()
                guard escape(escaped, into: &single) else { return nil }
                low = escaped
            } else if byte == UInt8(ascii: "[") {
                return nil
            }
            if bytes.first == UInt8(ascii: "-"), let after = bytes.dropFirst().first, after != UInt8(ascii: "]") {
                guard after != UInt8(ascii: "\\"), after != UInt8(ascii: "["), low <= after else { return nil }
                bytes.removeFirst(2)
                atom.insert(low...after)
            } else {
                atom.insert(low)
            }
        }
        return nil
    }

    /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (greedy only).
    private static func parseQuantifier(_ bytes: inout ArraySlice<UInt8>, into atom: inout Atom) -> Bool {
        switch bytes.first {
        case UInt8(ascii: "*"): (atom.min, atom.max) = (0, .max)
        case UInt8(ascii: "+"): (atom.min, atom.max) = (1, .max)
        case UInt8(ascii: "?"): (atom.min, atom.max) = (0, 1)
        case UInt8(ascii: "{"):
            guard let close = bytes.firstIndex(of: UInt8(ascii: "}")) else { return false }
            let body = String(decoding: bytes[bytes.index(after: bytes.startIndex)..<close], as: UTF8.self)
            let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            guard let low = Int(parts[0]) else { return false }
            switch parts.count {
            case 1: (atom.min, atom.max) = (low, low)
            case 2:
                if parts[1].isEmpty {
                    (atom.min, atom.max) = (low, .max)
                } else {
                    guard let high = Int(parts[1]), high >= low else { return false }
                    (atom.min, atom.max) = (low, high)
                }
            default: return false
            }
            bytes = bytes[bytes.index(after: close)...]
            return bytes.first != UInt8(ascii: "?") && bytes.first != UInt8(ascii: "{")
        default: return true
        }
        bytes.removeFirst()
        // Lazy (`+?`) and stacked quantifiers are outside the subset.
        guard let next = bytes.first else { return true }
        return next != UInt8(ascii: "?") && next != UInt8(ascii: "*") && next != UInt8(ascii: "+") && next != UInt8(ascii: "{")
    }

    /// Whether matching never backtracks usefully, so its cost is linear: anchored at the start, and
    /// every atom of variable count uses only bytes that cannot begin what follows it (the next atoms
    /// up to the first that must occur). Then the greedy first attempt decides, and the matcher is a
    /// tight loop per atom — quicker than an automaton's dependent table loads for such patterns
    /// (`^pi_[A-Za-z0-9]+$`, `^[0-9]{4}-[0-9]{2}$`).
    var isDeterministic: Bool {
        guard anchoredStart else { return false }
        for (i, atom) in atoms.enumerated() where atom.min != atom.max {
            var follow = Atom()
            for next in atoms[(i + 1)...] {
                follow.low |= next.low
                follow.high |= next.high
                if next.min > 0 { break }
            }
            if atom.low & follow.low != 0 || atom.high & follow.high != 0 { return false }
        }
        return true
    }

    /// Whether the pattern matches somewhere in `string` (at its start when anchored).
    func matches(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { matches(utf8: $0) }
    }

    /// Whether the string with these UTF-8 bytes matches.
    func matches(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if deterministic { return matchGreedily(bytes) }
        if anchoredStart { return match(bytes, atom: 0, at: 0) }
        for start in 0...bytes.count where match(bytes, atom: 0, at: start) { return true }
        return false
    }

    /// The match of a deterministic pattern: each atom takes all it can, and never gives any back.
    private func matchGreedily(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var position = 0
        for atom in atoms {
            let start = position
            let limit = atom.max == .max ? bytes.count : min(bytes.count, start &+ atom.max)
            while position < limit && atom.contains(bytes[position]) { position &+= 1 }
            if position &- start < atom.min { return false }
        }
        return !anchoredEnd || position == bytes.count
    }

    /// Greedy match of `atoms[atom...]` from `position`, backing off one byte at a time (atoms are ASCII-only,
    /// so a byte is a character).
    private func match(_ bytes: UnsafeBufferPointer<UInt8>, atom index: Int, at position: Int) -> Bool {
        guard index < atoms.count else { return !anchoredEnd || position == bytes.count }
        let atom = atoms[index]
        var end = position
        while end - position < atom.max, end < bytes.count, atom.contains(bytes[end]) { end += 1 }
        var count = end - position
        guard count >= atom.min else { return false }
        while true {
            if match(bytes, atom: index + 1, at: position + count) { return true }
            if count == atom.min { return false }
            count -= 1
        }
    }
}
