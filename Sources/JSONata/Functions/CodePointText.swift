/// String work for the built-ins done on UTF-8 bytes and code points, as JSONata (JavaScript) counts
/// them: `$length`, `$substring` and `$pad` count code points (jsonata-js uses `Array.from`), not
/// Swift's grapheme clusters, and `$split`, `$trim`, `$contains`, `$replace`, `$substringBefore` and
/// `$substringAfter` look for bytes, never building `Character`s (Swift's `"e\u{301}".contains("e")`
/// is false; JavaScript's is true).
enum CodePointText {
    /// JavaScript's string order (by UTF-16 code units): -1, 0 or 1. Read on the UTF-8 bytes, whose
    /// order is code point order — UTF-16's, except that a supplementary character (lead byte
    /// 0xF0–0xF4) sorts by its surrogates, before U+E000–U+FFFF (lead byte 0xEE, 0xEF). Strings are
    /// not normalized first, as JavaScript does not (Swift's `<` compares canonical equivalents).
    static func order(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n && x[i] == y[i] { i += 1 }
                if i == n { return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1) }
                let p = x[i], q = y[i]
                if p >= 0xF0 && (q == 0xEE || q == 0xEF) { return -1 }
                if q >= 0xF0 && (p == 0xEE || p == 0xEF) { return 1 }
                return p < q ? -1 : 1
            }
        }
    }

    /// The number of code points.
    static func length(_ s: String) -> Int {
        // Every code point has exactly one byte that is not a continuation byte (10xxxxxx).
        var s = s
        return s.withUTF8 { bytes in
            var count = 0
            for byte in bytes where byte & 0xC0 != 0x80 { count &+= 1 }
            return count
        }
    }

    /// Code points `start..<end` (already clamped to the string's length), cut from the UTF-8 bytes.
    static func slice(_ s: String, _ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        if start == 0 && s.utf8.count == end { return s }
        var s = s
        return s.withUTF8 { bytes in
            // The byte offset of code point `n`, scanning on from code point `seen` at byte `offset`.
            func offset(of n: Int, from seen: Int, at offset: Int) -> Int {
                var seen = seen, i = offset
                while i < bytes.count {
                    if bytes[i] & 0xC0 != 0x80 {
                        if seen == n { return i }
                        seen &+= 1
                    }
                    i &+= 1
                }
                return bytes.count
            }
            let from = offset(of: start, from: 0, at: 0)
            let to = offset(of: end, from: start, at: from)
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<to]), as: UTF8.self)
        }
    }

    /// Whether every byte is ASCII (one code point per byte).
    static func isASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    }

    /// The byte offsets where the non-empty `pattern` starts in `s`, left to right and not overlapping,
    /// at most `limit` of them: UTF-8 bytes compared, as JavaScript compares code units (valid UTF-8
    /// can only match at code point boundaries), never `Character`s.
    static func occurrences(of pattern: String, in s: String, limit: Int = .max) -> [Int] {
        var s = s, pattern = pattern
        return s.withUTF8 { text in
            pattern.withUTF8 { sought in
                var found: [Int] = []
                scan(text, for: sought, limit: limit) { found.append($0) }
                return found
            }
        }
    }

    /// Calls `found` with the byte offset of each occurrence of `sought` in `text`, left to right and
    /// not overlapping, at most `limit` of them; none for an empty `sought`.
    private static func scan(_ text: UnsafeBufferPointer<UInt8>, for sought: UnsafeBufferPointer<UInt8>, limit: Int, _ found: (Int) -> Void) {
        guard !sought.isEmpty, limit > 0 else { return }
        let first = sought[0]
        var i = 0, count = 0
        let last = text.count - sought.count
        while i <= last {
            if text[i] == first && (sought.count == 1 || memcmp(text.baseAddress! + i, sought.baseAddress!, sought.count) == 0) {
                found(i)
                count += 1
                if count == limit { return }
                i += sought.count
            } else {
                i += 1
            }
        }
    }

    /// The parts of `s` between occurrences of the non-empty `separator`, empty parts kept.
    static func split(_ s: String, by separator: String) -> [String] {
        var parts: [String] = []
        split(s, by: separator) { parts.append($0) }
        return parts
    }

    /// Each part of `s` between occurrences of the non-empty `separator`, in order, empty parts kept,
    /// found in one pass over the bytes (no list of positions first).
    static func split(_ s: String, by separator: String, _ part: (String) -> Void) {
        var s = s, separator = separator
        s.withUTF8 { text in
            separator.withUTF8 { sought in
                var partStart = 0
                scan(text, for: sought, limit: .max) { start in
                    part(String(decoding: UnsafeBufferPointer(rebasing: text[partStart..<start]), as: UTF8.self))
                    partStart = start + sought.count
                }
                part(String(decoding: UnsafeBufferPointer(rebasing: text[partStart...]), as: UTF8.self))
            }
        }
    }

    /// `$replace` with a string pattern: the first `limit` occurrences of the non-empty `pattern`
    /// replaced by `replacement`, taken literally.
    static func replace(_ pattern: String, in s: String, with replacement: String, limit: Int = .max) -> String {
        let starts = occurrences(of: pattern, in: s, limit: limit)
        if starts.isEmpty { return s }
        var s = s, replacement = replacement
        return s.withUTF8 { text in
            replacement.withUTF8 { inserted in
                var output: [UInt8] = []
                output.reserveCapacity(text.count + starts.count * max(0, inserted.count - pattern.utf8.count))
                var copied = 0
                for start in starts {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied..<start]))
                    output.append(contentsOf: inserted)
                    copied = start + pattern.utf8.count
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: text[copied...]))
                return String(decoding: output, as: UTF8.self)
            }
        }
    }

    /// The text before (`before`) or after the first occurrence of `separator`; `s` itself when there
    /// is none. An empty separator occurs at the start.
    static func around(_ separator: String, in s: String, before: Bool) -> String {
        if separator.isEmpty { return before ? "" : s }
        guard let start = occurrences(of: separator, in: s, limit: 1).first else { return s }
        var s = s
        return s.withUTF8 { text in
            let range = before ? 0..<start : (start + separator.utf8.count)..<text.count
            return String(decoding: UnsafeBufferPointer(rebasing: text[range]), as: UTF8.self)
        }
    }

    /// `$trim`: runs of spaces, tabs, carriage returns and line feeds become one space, and none is
    /// left at either end.
    static func trim(_ s: String) -> String {
        var s = s
        return s.withUTF8 { text in
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
            var start = 0, end = text.count
            while start < end && isSpace(text[start]) { start += 1 }
            while end > start && isSpace(text[end - 1]) { end -= 1 }
            // Nothing to collapse inside: the trimmed range as it is.
            var collapses = false
            var i = start
            while i < end {
                if isSpace(text[i]) && (text[i] != 0x20 || isSpace(text[i + 1])) {
                    collapses = true
                    break
                }
                i += 1
            }
            if !collapses {
                if start == 0 && end == text.count { return String(decoding: text, as: UTF8.self) }
                return String(decoding: UnsafeBufferPointer(rebasing: text[start..<end]), as: UTF8.self)
            }
            return String(unsafeUninitializedCapacity: end - start) { output in
                var count = 0, i = start
                while i < end {
                    if isSpace(text[i]) {
                        output[count] = 0x20
                        count += 1
                        while i < end && isSpace(text[i]) { i += 1 }
                    } else {
                        output[count] = text[i]
                        count += 1
                        i += 1
                    }
                }
                return count
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
