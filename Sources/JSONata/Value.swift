import JSONValue

/// A value during evaluation: JSON data (input kept as-is, without conversion), constructed
/// arrays and objects that may hold functions, and functions. `nil` (`Value?`) is JSONata's *undefined*.
enum Value: @unchecked Sendable {
    case null
    case bool(Bool)
    /// A number produced by arithmetic or read from input with at most 15 significant digits.
    case number(Double)
    /// A number from input that a double cannot carry exactly (e.g. 64-bit ids): passed through untouched.
    case exact(JSONNumber)
    case string(String)
    /// An array straight from the input document.
    case jsonArray([JSON])
    /// An object straight from the input document.
    case jsonObject(JSONObject)
    /// A constructed array or a result sequence.
    case array(ArrayBox)
    /// A constructed object.
    case object(ObjectBox)
    case function(FunctionValue)
    case regex(RegexValue)

    init(_ json: JSON) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        case .array(let a): self = .jsonArray(a)
        case .object(let o): self = .jsonObject(o)
        case .number(let n): self = Value.number(from: n)
        }
    }

    /// Input numbers with more than 15 significant digits are kept exact; a number made from a double
    /// (an evaluation's result handed on as JSON) is that double again.
    static func number(from n: JSONNumber) -> Value {
        if n.isBinary { return .number(n.double) }
        // Text of 15 bytes or fewer cannot hold more than 15 significant digits.
        if n.text.utf8.count <= 15 { return .number(n.double) }
        let count: (UnsafeBufferPointer<UInt8>) -> Int = { bytes in
            var significant = 0
            var leading = true
            for b in bytes {
                if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { break }
                if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    if leading && b == UInt8(ascii: "0") { continue }
                    leading = false
                    significant += 1
                }
            }
            return significant
        }
        let significant = n.text.utf8.withContiguousStorageIfAvailable(count) ?? Array(n.text.utf8).withUnsafeBufferPointer(count)
        return significant > 15 ? .exact(n) : .number(n.double)
    }

    /// The double value of a number.
    var numeric: Double? {
        switch self {
        case .number(let d): d
        case .exact(let n): n.double
        default: nil
        }
    }

    var isNumber: Bool { numeric != nil }

    var isArray: Bool {
        switch self {
        case .array, .jsonArray: true
        default: false
        }
    }

    var isObject: Bool {
        switch self {
        case .object, .jsonObject: true
        default: false
        }
    }

    var isFunction: Bool {
        if case .function = self { return true }
        return false
    }

    /// Elements when this is an array (of either kind).
    /// The input JSON an object or array value wraps (``init(_:)`` of JSON), to read it in place.
    var inputJSON: JSON? {
        switch self {
        case .jsonObject(let object): .object(object)
        case .jsonArray(let items): .array(items)
        default: nil
        }
    }

    var elements: [Value]? {
        switch self {
        case .array(let box): box.items
        case .jsonArray(let a): a.map(Value.init)
        default: nil
        }
    }

    /// The box when this is a constructed array or sequence.
    var box: ArrayBox? {
        if case .array(let box) = self { return box }
        return nil
    }

    var isSequence: Bool { box?.isSequence ?? false }

    var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Field lookup on an object of either kind.
    func field(_ key: String) -> Value? {
        switch self {
        case .jsonObject(let o): o[key].map(Value.init)
        case .object(let o): o[key]
        default: nil
        }
    }

    /// Keys and values of an object of either kind, in order.
    var members: [(String, Value)]? {
        switch self {
        case .jsonObject(let o): o.map { ($0.0, Value($0.1)) }
        case .object(let o): o.members
        default: nil
        }
    }

    /// Converts to JSON; functions become `""` as in JSON.stringify-based output, non-finite numbers fail.
    func toJSON() -> JSON? {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let d): return d.isFinite ? .number(JSONNumber(d)) : nil
        case .exact(let n): return .number(n)
        case .string(let s): return .string(s)
        case .jsonArray(let a): return .array(a)
        case .jsonObject(let o): return .object(o)
        case .array(let box): return .array(box.items.compactMap { $0.toJSON() })
        case .object(let box):
            if let cached = box.json { return cached }
            var keys: [String] = []
            var values: [JSON] = []
            keys.reserveCapacity(box.members.count)
            values.reserveCapacity(box.members.count)
            for (k, v) in box.members {
                guard let json = v.toJSON() else { continue }
                keys.append(k)
                values.append(json)
            }
            let json = JSON.object(JSONObject(uniqueKeys: keys, values: values, indexed: false))
            box.json = json
            return json
        case .function, .regex: return nil
        }
    }
}

/// A constructed array or sequence, with the reference implementation's flags.
///
/// Its items and an object box's members are read and written on every step of an evaluation, never
/// through overlapping accesses: their dynamic exclusivity checks (a runtime call per access) are off.
final class ArrayBox: @unchecked Sendable {
    @exclusivity(unchecked) var items: [Value]
    /// A result sequence (flattened and unwrapped when it holds one item).
    var isSequence: Bool
    /// Keep a singleton sequence as an array (`[]` operator).
    var keepSingleton = false
    /// An array constructor result (not flattened by path steps).
    var isConstructed = false
    /// The top-level wrapper around an array input.
    var outerWrapper = false
    /// A stream of binding tuples (objects with `@` and variables) from a path a `%` looks through.
    var isTupleStream = false

    init(_ items: [Value] = [], sequence: Bool) {
        self.items = items
        self.isSequence = sequence
    }

    static func sequence(_ items: [Value] = []) -> ArrayBox { ArrayBox(items, sequence: true) }
}

/// A constructed object with ordered members. Small objects are searched linearly; a key index is
/// built only for large ones.
final class ObjectBox: @unchecked Sendable {
    @exclusivity(unchecked) private(set) var members: [(String, Value)] = [] {
        didSet { json = nil }
    }
    /// Built on the first lookup of a large object (objects that are only written never pay for it).
    @exclusivity(unchecked) private var index: [String: Int]?
    /// The object as JSON (``Value/toJSON()``), kept until a member changes: a host function called in
    /// a loop with the same constructed object (`$lookup($groups, $)`) converts it once, not per call.
    @exclusivity(unchecked) var json: JSON?
    private static let indexThreshold = 16

    init() {}

    init(capacity: Int) { members.reserveCapacity(capacity) }

    /// Appends a member whose key the caller knows is not present yet.
    func appendNew(_ key: String, _ value: Value) {
        members.append((key, value))
        if index != nil { index![key] = members.count - 1 }
    }

    private func position(of key: String) -> Int? {
        if index == nil && members.count > Self.indexThreshold { rebuildIndex() }
        if let index { return index[key] }
        for i in members.indices where members[i].0 == key { return i }
        return nil
    }

    subscript(key: String) -> Value? {
        get { position(of: key).map { members[$0].1 } }
        set {
            if let i = position(of: key) {
                if let newValue {
                    members[i].1 = newValue
                } else {
                    members.remove(at: i)
                    if index != nil { rebuildIndex() }
                }
            } else if let newValue {
                members.append((key, newValue))
                if index != nil { index![key] = members.count - 1 }
            }
        }
    }

    private func rebuildIndex() {
        var built: [String: Int] = [:]
        for (i, m) in members.enumerated() { built[m.0] = i }
        index = built
    }
}

extension Value {
    /// A sequence value from items.
    static func sequence(_ items: [Value]) -> Value { .array(.sequence(items)) }

    /// A plain (non-sequence) array value.
    static func plainArray(_ items: [Value]) -> Value { .array(ArrayBox(items, sequence: false)) }
}

extension Array where Element == Value {
    /// The values as a sequence that may hold undefined items. Written out because the implicit
    /// `[Value]` → `[Value?]` conversion casts every element dynamically (`swift_dynamicCast`), which
    /// cost several percent of a path over an array.
    var asOptionals: [Value?] { map { Optional($0) } }
}
