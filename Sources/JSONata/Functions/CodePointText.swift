/// String work for the built-ins done on UTF-8 bytes and code points, as JSONata (JavaScript) counts
/// them: `$length`, `$substring` and `$pad` count code points (jsonata-js uses `Array.from`), not
/// Swift's grapheme clusters, and `$split`/`$trim` look for bytes, never building `Character`s.
enum CodePointText {
    /// The number of code points.
    static func length(_ s: String) -> Int {
        s.unicodeScalars.count
    }

    /// Code points `start..<end` (already clamped to the string's length).
    static func slice(_ s: String, _ start: Int, _ end: Int) -> String {
        guard start < end else { return "" }
        let utf8 = s.utf8
        if utf8.count == end && start == 0 { return s }
        if isASCII(s) {
            let from = utf8.index(utf8.startIndex, offsetBy: start), to = utf8.index(utf8.startIndex, offsetBy: end)
            return String(s[from..<to])
        }
        let scalars = s.unicodeScalars
        let from = scalars.index(scalars.startIndex, offsetBy: start)
        let to = scalars.index(from, offsetBy: end - start)
        return String(scalars[from..<to])
    }

    /// Whether every byte is ASCII (one code point per byte).
    static func isASCII(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in bytes.allSatisfy { $0 < 0x80 } }
    }

    /// The parts of `s` between occurrences of the non-empty `separator`, empty parts kept, found by
    /// comparing UTF-8 bytes (valid UTF-8 can only match at code point boundaries).
    static func split(_ s: String, by separator: String) -> [String] {
        var s = s, separator = separator
        return s.withUTF8 { text in
            separator.withUTF8 { sep in
                var parts: [String] = []
                let first = sep[0]
                var partStart = 0, i = 0
                let last = text.count - sep.count
                while i <= last {
                    if text[i] == first && (sep.count == 1 || memcmp(text.baseAddress! + i, sep.baseAddress!, sep.count) == 0) {
                        parts.append(String(decoding: UnsafeBufferPointer(rebasing: text[partStart..<i]), as: UTF8.self))
                        i += sep.count
                        partStart = i
                    } else {
                        i += 1
                    }
                }
                parts.append(String(decoding: UnsafeBufferPointer(rebasing: text[partStart...]), as: UTF8.self))
                return parts
            }
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
