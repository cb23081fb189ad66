/// A string from a schema (a property name, an `enum` member) compared with instance strings by code
/// points, as JSON requires — not by Swift's canonical equivalence — and quickly.
struct SchemaName {
    let text: String
    private let isASCII: Bool
    private let length: Int
    /// The string's two words: identical words are the same string (the same small-string contents
    /// or the same storage), which answers most matches without looking at the bytes.
    private let words: (UInt64, UInt64)
    private let utf8: [UInt8]

    init(_ text: String) {
        self.text = text
        self.isASCII = text.utf8.allSatisfy { $0 < 0x80 }
        self.length = text.utf8.count
        self.words = unsafeBitCast(text, to: (UInt64, UInt64).self)
        self.utf8 = Array(text.utf8)
    }

    /// Whether the string with these UTF-8 bytes has exactly the same code points (the same bytes).
    @inline(__always)
    func matches(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == length else { return false }
        return utf8.withUnsafeBufferPointer { $0.elementsEqual(bytes) }
    }

    /// Whether `other` has exactly the same code points.
    ///
    /// For an ASCII name, equal UTF-8 length plus canonical equality implies identical bytes: the only
    /// non-ASCII characters canonically equivalent to ASCII (e.g. U+212A KELVIN SIGN) are longer in UTF-8.
    @inline(__always)
    func matches(_ other: String) -> Bool {
        if unsafeBitCast(other, to: (UInt64, UInt64).self) == words { return true }
        guard other.utf8.count == length else { return false }
        return isASCII ? other == text : other.utf8.elementsEqual(text.utf8)
    }
}
