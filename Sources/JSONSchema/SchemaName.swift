/// A string from a schema (a property name, an `enum` member) compared with instance strings by code
/// points, as JSON requires — not by Swift's canonical equivalence — and quickly.
struct SchemaName {
    let text: String
    private let isASCII: Bool

    init(_ text: String) {
        self.text = text
        self.isASCII = text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether `other` has exactly the same code points.
    ///
    /// For an ASCII name, equal UTF-8 length plus canonical equality implies identical bytes: the only
    /// non-ASCII characters canonically equivalent to ASCII (e.g. U+212A KELVIN SIGN) are longer in UTF-8.
    @inline(__always)
    func matches(_ other: String) -> Bool {
        guard other.utf8.count == text.utf8.count else { return false }
        return isASCII ? other == text : other.utf8.elementsEqual(text.utf8)
    }
}
