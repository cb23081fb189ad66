/// A set of short upper-case letter codes (ISO 4217 currencies, ISO 3166-1 countries) as a flat table
/// indexed by the letters, so a membership test is a few byte checks and one load — no hashing.
struct LetterCodeTable: Sendable {
    private let length: Int
    /// Per code: the stored value plus one; 0 = absent.
    private let slots: [UInt8]

    /// A table of `length`-letter codes with small values (e.g. currency exponents).
    init(length: Int, values: [String: Int]) {
        self.length = length
        var slots = [UInt8](repeating: 0, count: Self.power(26, length))
        for (code, value) in values {
            if let index = Self.index(code, length: length) { slots[index] = UInt8(value + 1) }
        }
        self.slots = slots
    }

    /// The value stored for `code`, or `nil` when it is not in the table.
    func value(_ code: String) -> Int? {
        guard let index = Self.index(code, length: length) else { return nil }
        let slot = slots[index]
        return slot == 0 ? nil : Int(slot) - 1
    }

    func contains(_ code: String) -> Bool { value(code) != nil }

    /// Whether the code with these UTF-8 bytes is in the table.
    func contains(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let index = Self.index(bytes, length: length) else { return false }
        return slots[index] != 0
    }

    private static func index(_ code: String, length: Int) -> Int? {
        var code = code
        return code.withUTF8 { index($0, length: length) }
    }

    private static func index(_ bytes: UnsafeBufferPointer<UInt8>, length: Int) -> Int? {
        guard bytes.count == length else { return nil }
        var index = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") else { return nil }
            index = index * 26 + Int(byte - UInt8(ascii: "A"))
        }
        return index
    }

    private static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { result, _ in result * base }
    }
}
