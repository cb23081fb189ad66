import JSONValue

/// A string compared and hashed by its exact UTF-8 bytes, as JavaScript compares strings (Swift's
/// `String` equality would merge canonically equivalent ones, which sort apart and are not `===`).
struct ExactText: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactText, b: ExactText) -> Bool { JSON.sameBytes(a.text, b.text) }

    func hash(into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
