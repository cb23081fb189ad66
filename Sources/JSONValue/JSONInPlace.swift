/// The type of a JSON value, without its contents.
public enum JSONKind: UInt8, Sendable {
    case null, bool, number, string, array, object
}

extension JSON {
    /// The value's type. Reading it copies nothing.
    @inlinable
    public var kind: JSONKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .number: .number
        case .string: .string
        case .array: .array
        case .object: .object
        }
    }
}

/// Read access to a JSON value where it is stored — inside an array, an object or a variable — without
/// copying it and without touching reference counts.
///
/// Binding an enum payload (`case .object(let o)`) copies it, and a copy of a container is an atomic
/// retain and release; a validator that visits every value of a document pays that on every value.
/// This view reads the payload in place instead. It relies on how Swift lays out ``JSON`` (each payload
/// stored unchanged at offset 0); ``layoutHolds`` checks that once on the running toolchain, and callers
/// must use the ordinary `switch` when it is `false`.
///
/// The view is valid only while the value it points into is alive and not mutated, as with any
/// `UnsafePointer`. Read the accessor matching ``kind``; any other is undefined.
public struct JSONInPlace {
    public let pointer: UnsafePointer<JSON>

    @inlinable
    public init(_ pointer: UnsafePointer<JSON>) { self.pointer = pointer }

    /// The value's type.
    @inlinable
    public var kind: JSONKind { pointer.pointee.kind }

    /// The string of a `.string` value, in place.
    @inlinable
    public var string: UnsafePointer<String> { UnsafeRawPointer(pointer).assumingMemoryBound(to: String.self) }

    /// The number of a `.number` value, in place.
    @inlinable
    public var number: UnsafePointer<JSONNumber> { UnsafeRawPointer(pointer).assumingMemoryBound(to: JSONNumber.self) }

    /// The boolean of a `.bool` value.
    @inlinable
    public var bool: Bool { UnsafeRawPointer(pointer).load(as: Bool.self) }

    /// The elements of an `.array` value, in place.
    @inlinable
    public var elements: UnsafeBufferPointer<JSON> {
        UnsafeRawPointer(pointer).assumingMemoryBound(to: [JSON].self).pointee.withUnsafeBufferPointer { $0 }
    }

    /// The member names and values of an `.object` value, in place and in order.
    @inlinable
    public var members: (keys: UnsafeBufferPointer<String>, values: UnsafeBufferPointer<JSON>) {
        let storage = UnsafeRawPointer(pointer).load(as: UnsafeRawPointer.self)
        return Unmanaged<JSONObject.Storage>.fromOpaque(storage)._withUnsafeGuaranteedRef { $0.members }
    }

    /// The UTF-8 of the string at `string` when it is stored inline — a small string, up to 15 bytes —
    /// read where it lies; `nil` for longer strings, whose bytes
    /// `string.pointee.utf8.withContiguousStorageIfAvailable` gives without copying.
    ///
    /// The standard library hands out a small string's bytes only after copying them to the stack,
    /// behind a call that costs several times a short format check; most JSON strings are small.
    @inlinable
    public static func inlineUTF8(of string: UnsafePointer<String>) -> UnsafeBufferPointer<UInt8>? {
        let raw = UnsafeRawPointer(string)
        let discriminator = raw.load(fromByteOffset: 15, as: UInt8.self)
        guard discriminator & 0x20 != 0 else { return nil }
        return UnsafeBufferPointer(start: raw.assumingMemoryBound(to: UInt8.self), count: Int(discriminator & 0x0F))
    }

    /// Runs `body` on the UTF-8 of the string at `string`: read where it lies when inline, else the
    /// native storage's bytes, copied only for a string with no contiguous UTF-8.
    @inlinable
    public static func withUTF8<R>(of string: UnsafePointer<String>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let bytes = inlineUTF8(of: string) { return body(bytes) }
        if let result = string.pointee.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(string.pointee.utf8).withUnsafeBufferPointer(body)
    }

    /// The number's text as read, in place; `nil` for a number made from a double, whose text
    /// (``JSONNumber/text``) is written when asked.
    @inlinable
    public static func text(of number: UnsafePointer<JSONNumber>) -> UnsafePointer<String>? {
        guard (UnsafeRawPointer(number) + numberOriginOffset).load(as: UInt8.self) == 0 else { return nil }
        return (UnsafeRawPointer(number) + numberTextOffset).assumingMemoryBound(to: String.self)
    }

    /// Whether the number at `number` is an integer (JSON Schema's `integer`: `1.0` is one), read in place.
    @inlinable
    public static func isInteger(_ number: UnsafePointer<JSONNumber>) -> Bool {
        guard let text = text(of: number) else { return number.pointee.isInteger }
        let plain = withUTF8(of: text) { bytes in
            !bytes.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        }
        return plain || number.pointee.isInteger
    }

    @usableFromInline
    static let numberTextOffset = MemoryLayout<JSONNumber>.offset(of: \JSONNumber.storedText)!
    @usableFromInline
    static let numberOriginOffset = MemoryLayout<JSONNumber>.offset(of: \JSONNumber.origin)!

    /// Whether this toolchain stores every ``JSON`` payload unchanged at offset 0, and small strings
    /// inline as ``inlineUTF8(of:)`` reads them — which the accessors assume. Checked by comparing raw
    /// bits, before anything is dereferenced.
    public static let layoutHolds: Bool = payloadsHold && inlineStringsHold

    private static let payloadsHold: Bool = {
        let text = "a string too long to be stored inline"
        let number = JSONNumber(uncheckedText: "820982911946154508.25")
        let elements: [JSON] = [1, "two"]
        let object = JSONObject([("key", "value")])
        let samples: [(JSON, [UInt8])] = [
            (.string(text), bytes(of: text)),
            (.number(number), bytes(of: number)),
            (.array(elements), bytes(of: elements)),
            (.object(object), bytes(of: object)),
            (.bool(true), bytes(of: true)),
        ]
        return samples.allSatisfy { value, expected in
            withUnsafeBytes(of: value) { $0.count >= expected.count && $0.prefix(expected.count).elementsEqual(expected) }
        }
    }()

    private static let inlineStringsHold: Bool = {
        guard MemoryLayout<String>.size == 16 else { return false }
        let small = ["", "a", "USD", "49.21", "é1", "123456789012345"]
        let large = ["1234567890123456", "a string too long to be stored inline"]
        return small.allSatisfy { text in
            withUnsafePointer(to: text) { inlineUTF8(of: $0).map { Array($0) == Array(text.utf8) } ?? false }
        } && large.allSatisfy { text in withUnsafePointer(to: text) { inlineUTF8(of: $0) == nil } }
    }()

    private static func bytes<T>(of value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }
}
