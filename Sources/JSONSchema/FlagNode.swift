import JSONValue

/// The flag form of a whole schema: its root and every node. The program owns the nodes; nodes refer
/// to each other without reference counting (``FlagChild``), which keeps the hot loop free of
/// retain/release traffic and lets recursive schemas form cycles without leaking.
final class FlagProgram: @unchecked Sendable {
    let root: FlagNode
    let nodes: [FlagNode]

    init(root: FlagNode, nodes: [FlagNode]) {
        self.root = root
        self.nodes = nodes
    }
}

/// A compiled schema in the shape a yes/no check needs: one switch on the instance's type, then only
/// the rules for that type — the way generated validators (ajv) work, without generating code.
///
/// Built by ``FlagCompiler`` from the linked ``SchemaNode`` tree, per dynamic scope where `$dynamicRef`
/// is used, for schemas without `unevaluatedItems` or branch-dependent `unevaluatedProperties` (those
/// need the annotation-tracking walk). Never mutated after
/// compilation except for the targets of recursive references, which are set once before use.
final class FlagNode: @unchecked Sendable {
    /// Bits of ``types``.
    static let null: UInt8 = 1, boolean: UInt8 = 2, integer: UInt8 = 4, number: UInt8 = 8, string: UInt8 = 16,
        array: UInt8 = 32, object: UInt8 = 64, any: UInt8 = 127

    /// The JSON types allowed (`integer` alone admits integral numbers only).
    let types: UInt8
    // The per-type rules: owned through `owned`, called through unmanaged references (no retain per call).
    let strings: Unmanaged<StringRules>?
    private let numbers: Unmanaged<NumberRules>?
    private let objects: Unmanaged<ObjectRules>?
    private let arrays: Unmanaged<ArrayRules>?
    private let owned: [AnyObject]
    /// Rules that look at the whole value whatever its type.
    let general: [FlagRule]

    init(types: UInt8, strings: StringRules?, numbers: NumberRules?, objects: ObjectRules?, arrays: ArrayRules?, general: [FlagRule]) {
        self.types = types
        self.strings = strings.map { .passUnretained($0) }
        self.numbers = numbers.map { .passUnretained($0) }
        self.objects = objects.map { .passUnretained($0) }
        self.arrays = arrays.map { .passUnretained($0) }
        var owned: [AnyObject] = []
        if let strings { owned.append(strings) }
        if let numbers { owned.append(numbers) }
        if let objects { owned.append(objects) }
        if let arrays { owned.append(arrays) }
        self.owned = owned
        self.general = general
    }

    /// Whether `value` is valid against this schema.
    func isValid(_ value: JSON) -> Bool {
        withUnsafePointer(to: value) { isValid(at: $0) }
    }

    /// Whether the value at `pointer` is valid. Values are read in place (``JSONInPlace``): walking an
    /// instance copies nothing and touches no reference count.
    func isValid(at pointer: UnsafePointer<JSON>) -> Bool {
        let value = JSONInPlace(pointer)
        switch value.kind {
        case .object:
            guard types & Self.object != 0 else { return false }
            if let objects, !objects._withUnsafeGuaranteedRef({ $0.isValid(value.members) }) { return false }
        case .string:
            guard types & Self.string != 0 else { return false }
            if let strings, !strings._withUnsafeGuaranteedRef({ $0.isValid(value.string) }) { return false }
        case .array:
            guard types & Self.array != 0 else { return false }
            if let arrays, !arrays._withUnsafeGuaranteedRef({ $0.isValid(value.elements) }) { return false }
        case .number:
            if types & Self.number == 0 {
                guard types & Self.integer != 0, JSONInPlace.isInteger(value.number) else { return false }
            }
            if let numbers, !numbers._withUnsafeGuaranteedRef({ $0.isValid(value.number) }) { return false }
        case .bool:
            guard types & Self.boolean != 0 else { return false }
        case .null:
            guard types & Self.null != 0 else { return false }
        }
        if general.isEmpty { return true }
        for rule in general where !rule.isValid(at: pointer) { return false }
        return true
    }
}

/// A reference to a node of the same program, without reference counting (the program owns it).
struct FlagChild {
    let node: Unmanaged<FlagNode>

    init(_ node: FlagNode) { self.node = .passUnretained(node) }

    func isValid(at pointer: UnsafePointer<JSON>) -> Bool {
        node._withUnsafeGuaranteedRef { $0.isValid(at: pointer) }
    }
}

/// A rule over the whole value.
enum FlagRule {
    /// `enum` and `const`.
    case allowed(AllowedValues)
    case allOf([FlagChild])
    case anyOf([FlagChild])
    case oneOf([FlagChild])
    case not(FlagChild)
    case conditional(if: FlagChild, then: FlagChild?, else: FlagChild?)
    /// An object member's presence brings a schema for the whole object.
    case dependentSchema(String, FlagChild)
    /// A reference back into a schema still being compiled (recursion).
    case recursive(RecursiveTarget)

    func isValid(at pointer: UnsafePointer<JSON>) -> Bool {
        switch self {
        case .allowed(let values): return values.contains(at: pointer)
        case .allOf(let nodes): return nodes.allSatisfy { $0.isValid(at: pointer) }
        case .anyOf(let nodes): return nodes.contains { $0.isValid(at: pointer) }
        case .oneOf(let nodes):
            var matching = 0
            for node in nodes where node.isValid(at: pointer) {
                matching += 1
                if matching > 1 { return false }
            }
            return matching == 1
        case .not(let node): return !node.isValid(at: pointer)
        case .conditional(let condition, let then, let otherwise):
            return condition.isValid(at: pointer) ? then?.isValid(at: pointer) ?? true : otherwise?.isValid(at: pointer) ?? true
        case .dependentSchema(let name, let node):
            guard case .object(let object) = pointer.pointee, object[name] != nil else { return true }
            return node.isValid(at: pointer)
        case .recursive(let target): return target.node?.isValid(at: pointer) ?? true
        }
    }
}

/// The target of a recursive reference, filled in when that schema's compilation finishes.
final class RecursiveTarget: @unchecked Sendable {
    /// Unowned: the program keeps every node alive, and cycles must not leak.
    @exclusivity(unchecked) unowned(unsafe) var node: FlagNode?

    init() {}
}

/// String keywords.
final class StringRules: @unchecked Sendable {
    let minLength: Int
    let maxLength: Int
    /// Called without retaining; `owned` keeps them alive.
    let patterns: [Unmanaged<CompiledPattern>]
    private let owned: [CompiledPattern]
    /// Built-in formats are a switch; only registered ones are closures.
    let builtinFormats: [BuiltinFormat]
    let customFormats: [FormatChecker]
    /// When the schema's `enum` holds only strings: the allowed strings.
    let allowed: [SchemaName]?

    init(minLength: Int, maxLength: Int, patterns: [CompiledPattern], formats: [FormatAssertion], allowed: [String]?) {
        self.minLength = minLength
        self.maxLength = maxLength
        self.patterns = patterns.map { .passUnretained($0) }
        self.owned = patterns
        self.builtinFormats = formats.compactMap { if case .builtin(let format) = $0 { format } else { nil } }
        self.customFormats = formats.compactMap { if case .custom(let checker) = $0 { checker } else { nil } }
        self.allowed = allowed?.map(SchemaName.init)
    }

    /// Whether the string at `string` is valid. Its UTF-8 is read in place: no copy, no retain.
    func isValid(_ string: UnsafePointer<String>) -> Bool {
        JSONInPlace.withUTF8(of: string) { isValid(string, utf8: $0) }
    }

    private func isValid(_ string: UnsafePointer<String>, utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if minLength > 0 || maxLength < .max {
            // Lengths count code points; UTF-8 bytes bound them from above, and from below by a quarter.
            let count = bytes.count
            if count < minLength || count / 4 > maxLength { return false }
            if count / 4 < minLength || count > maxLength {
                let length = bytes.count { $0 & 0xC0 != 0x80 }
                if length < minLength || length > maxLength { return false }
            }
        }
        if let allowed, !allowed.contains(where: { $0.matches(utf8: bytes) }) { return false }
        for pattern in patterns where !pattern._withUnsafeGuaranteedRef({ $0.matches(string, utf8: bytes) }) { return false }
        for format in builtinFormats where !format.conforms(string, utf8: bytes) { return false }
        for format in customFormats where format(string.pointee) != nil { return false }
        return true
    }
}

/// Numeric keywords, compared as exact decimals.
final class NumberRules: @unchecked Sendable {
    let minimum: JSONNumber?
    let maximum: JSONNumber?
    let exclusiveMinimum: JSONNumber?
    let exclusiveMaximum: JSONNumber?
    /// Each divisor with its small form, read once here rather than on every check.
    let multipleOf: [(JSONNumber, DecimalComparison.SmallDecimal?)]

    init(minimum: JSONNumber?, maximum: JSONNumber?, exclusiveMinimum: JSONNumber?, exclusiveMaximum: JSONNumber?, multipleOf: [JSONNumber]) {
        self.minimum = minimum
        self.maximum = maximum
        self.exclusiveMinimum = exclusiveMinimum
        self.exclusiveMaximum = exclusiveMaximum
        self.multipleOf = multipleOf.map { ($0, DecimalComparison.smallDecimal($0.text)) }
    }

    /// Whether the number at `number` is valid; its text is read in place for `multipleOf`.
    func isValid(_ number: UnsafePointer<JSONNumber>) -> Bool {
        let value = number.pointee
        if let minimum, DecimalComparison.compare(value, minimum) < 0 { return false }
        if let maximum, DecimalComparison.compare(value, maximum) > 0 { return false }
        if let exclusiveMinimum, DecimalComparison.compare(value, exclusiveMinimum) <= 0 { return false }
        if let exclusiveMaximum, DecimalComparison.compare(value, exclusiveMaximum) >= 0 { return false }
        if multipleOf.isEmpty { return true }
        let small = JSONInPlace.text(of: number).map { text in JSONInPlace.withUTF8(of: text) { DecimalComparison.smallDecimal($0) } }
            ?? DecimalComparison.smallDecimal(value.text)
        for (divisor, smallDivisor) in multipleOf where !DecimalComparison.isMultiple(value, small: small, of: divisor, small: smallDivisor) {
            return false
        }
        return true
    }

}

/// Array keywords.
final class ArrayRules: @unchecked Sendable {
    let minItems: Int
    let maxItems: Int
    let prefix: [FlagChild]
    /// The schema for items after the prefix; `nil` when any item is allowed.
    let items: FlagChild?
    /// `items: false`: nothing may follow the prefix.
    let noMoreItems: Bool
    let contains: (node: FlagChild, min: Int, max: Int)?
    let unique: Bool

    init(minItems: Int, maxItems: Int, prefix: [FlagChild], items: FlagChild?, noMoreItems: Bool, contains: (node: FlagChild, min: Int, max: Int)?, unique: Bool) {
        self.minItems = minItems
        self.maxItems = maxItems
        self.prefix = prefix
        self.items = items
        self.noMoreItems = noMoreItems
        self.contains = contains
        self.unique = unique
    }

    func isValid(_ elements: UnsafeBufferPointer<JSON>) -> Bool {
        let count = elements.count
        if count < minItems || count > maxItems { return false }
        if noMoreItems && count > prefix.count { return false }
        do {
            guard let base = elements.baseAddress else { return contains.map { $0.min == 0 } ?? true }
            for i in 0..<min(prefix.count, count) where !prefix[i].isValid(at: base + i) { return false }
            if let items {
                for i in min(prefix.count, count)..<count where !items.isValid(at: base + i) { return false }
            }
            if let contains {
                var matches = 0
                for i in 0..<count where contains.node.isValid(at: base + i) { matches += 1 }
                if matches < contains.min || matches > contains.max { return false }
            }
            if unique {
                for i in 0..<count {
                    for j in (i + 1)..<count where elements[i] == elements[j] { return false }
                }
            }
            return true
        }
    }
}

/// Object keywords. Each instance member is looked up among the declared properties with a cursor
/// that expects members in schema order (how mappings write them), so a lookup is usually a single
/// comparison, and declared-but-absent properties cost nothing.
final class ObjectRules: @unchecked Sendable {
    /// One declared property: its name, its schema (`nil` when any value is allowed), whether required.
    struct Property {
        let name: SchemaName
        let schema: FlagChild?
        let required: Bool
        /// The schema only asks for a string (with these rules, if any): checked here, without a call.
        let stringOnly: Bool
        let stringRules: Unmanaged<StringRules>?

        init(name: SchemaName, schema: FlagChild?, required: Bool) {
            self.name = name
            self.schema = schema
            self.required = required
            let node = schema?.node.takeUnretainedValue()
            stringOnly = node.map { $0.types == FlagNode.string && $0.general.isEmpty } ?? false
            stringRules = stringOnly ? node?.strings : nil
        }
    }

    let properties: [Property]
    /// The declared names, hashed, for schemas that declare many (``NameTable``).
    private let table: NameTable?
    private let names: [SchemaName]
    /// How many declared properties are required.
    let requiredCount: Int
    /// Required names that `properties` does not declare.
    let otherRequired: [SchemaName]
    let patterns: [(CompiledPattern, FlagChild)]
    /// The schema for members neither declared nor matched by a pattern; `nil` when any is allowed.
    let additional: FlagChild?
    /// `additionalProperties: false`.
    let noAdditional: Bool
    let minProperties: Int
    let maxProperties: Int
    let dependentRequired: [(SchemaName, [SchemaName])]
    let propertyNames: FlagChild?

    init(
        names: [String], schemas: [FlagChild?], required: [Bool], otherRequired: [String], patterns: [(CompiledPattern, FlagChild)],
        additional: FlagChild?, noAdditional: Bool, minProperties: Int, maxProperties: Int, dependentRequired: [(String, [String])],
        propertyNames: FlagChild?
    ) {
        self.properties = names.indices.map { Property(name: SchemaName(names[$0]), schema: schemas[$0], required: required[$0]) }
        self.names = properties.map(\.name)
        self.table = NameTable(self.names)
        self.requiredCount = required.count { $0 }
        self.otherRequired = otherRequired.map(SchemaName.init)
        self.patterns = patterns
        self.additional = additional
        self.noAdditional = noAdditional
        self.minProperties = minProperties
        self.maxProperties = maxProperties
        self.dependentRequired = dependentRequired.map { (SchemaName($0.0), $0.1.map(SchemaName.init)) }
        self.propertyNames = propertyNames
    }

    func isValid(_ members: (keys: UnsafeBufferPointer<String>, values: UnsafeBufferPointer<JSON>)) -> Bool {
        let (keys, values) = members
        let count = keys.count
        if count < minProperties || count > maxProperties { return false }
        guard let base = values.baseAddress else { return otherRequired.isEmpty && requiredCount == 0 }
        let checksUndeclared = noAdditional || additional != nil
        var requiredSeen = 0
        var cursor = 0
        for i in 0..<count {
            // `keys[i]` is read at each use rather than bound: a binding would be a copy (a retain)
            // kept alive across the nested validation.
            var covered = false
            if let j = declaredPosition(of: keys.baseAddress.unsafelyUnwrapped + i, from: cursor) {
                covered = true
                cursor = j + 1
                let property = properties[j]
                if property.required { requiredSeen += 1 }
                if property.stringOnly {
                    let value = JSONInPlace(base + i)
                    guard value.kind == .string else { return false }
                    if let rules = property.stringRules, !rules._withUnsafeGuaranteedRef({ $0.isValid(value.string) }) { return false }
                } else if let schema = property.schema, !schema.isValid(at: base + i) {
                    return false
                }
            }
            if !patterns.isEmpty {
                for (pattern, schema) in patterns where pattern.matches(keys[i]) {
                    covered = true
                    if !schema.isValid(at: base + i) { return false }
                }
            }
            if !covered && checksUndeclared {
                if noAdditional { return false }
                if let additional, !additional.isValid(at: base + i) { return false }
            }
        }
        // Member names are distinct, so every required property was seen exactly when the counts agree.
        if requiredSeen != requiredCount { return false }
        for name in otherRequired where Self.find(name, in: keys) == nil { return false }
        for (name, needed) in dependentRequired where Self.find(name, in: keys) != nil {
            for other in needed where Self.find(other, in: keys) == nil { return false }
        }
        if let propertyNames {
            for key in keys where !propertyNames.node.takeUnretainedValue().isValid(JSON.string(key)) { return false }
        }
        return true
    }

    /// The declared property named `key`: first where the cursor `start` expects it (members usually
    /// come in schema order), then through the hash table, or by scanning when the schema declares few.
    private func declaredPosition(of key: UnsafePointer<String>, from start: Int) -> Int? {
        let count = properties.count
        guard count > 0 else { return nil }
        var j = start < count ? start : 0
        if properties[j].name.matches(key.pointee) { return j }
        if let table { return table.position(of: key, in: names) }
        for _ in 1..<count {
            j += 1
            if j == count { j = 0 }
            if properties[j].name.matches(key.pointee) { return j }
        }
        return nil
    }

    /// The position of `name` among `keys`.
    private static func find(_ name: SchemaName, in keys: UnsafeBufferPointer<String>) -> Int? {
        keys.firstIndex { name.matches($0) }
    }
}
