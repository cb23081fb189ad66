import JSONValue

/// The values an `enum` or `const` allows, sorted by JSON type, so an instance value is compared
/// where it lies and only with the allowed values of its own type: strings by their UTF-8 bytes,
/// numbers as exact decimals (doubles first), containers with JSON equality.
struct AllowedValues {
    private var strings: [SchemaName] = []
    private var numbers: [JSONNumber] = []
    private var booleans: [Bool] = []
    private var null = false
    private var containers: [JSON] = []

    init(_ values: [JSON]) {
        for value in values {
            switch value {
            case .string(let string): strings.append(SchemaName(string))
            case .number(let number): numbers.append(number)
            case .bool(let bool): booleans.append(bool)
            case .null: null = true
            case .array, .object: containers.append(value)
            }
        }
    }

    /// Whether the value at `pointer` is one of the allowed values.
    func contains(at pointer: UnsafePointer<JSON>) -> Bool {
        let value = JSONInPlace(pointer)
        switch value.kind {
        case .string:
            if strings.isEmpty { return false }
            return JSONInPlace.withUTF8(of: value.string) { bytes in strings.contains { $0.matches(utf8: bytes) } }
        case .number:
            if numbers.isEmpty { return false }
            let number = value.number
            return numbers.contains { $0.double == number.pointee.double && $0 == number.pointee }
        case .bool: return booleans.contains(value.bool)
        case .null: return null
        case .array, .object:
            if containers.isEmpty { return false }
            return containers.contains(pointer.pointee)
        }
    }
}
