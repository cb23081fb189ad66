import JSONValue

/// Turns a linked ``SchemaNode`` tree into ``FlagNode``s: keywords grouped by the instance type they
/// constrain, string-only `enum`s folded into the type check, and `$ref`-only schemas replaced by
/// their targets.
struct FlagCompiler {
    private var built: [ObjectIdentifier: FlagNode] = [:]
    private var inProgress: [ObjectIdentifier: RecursiveTarget] = [:]
    /// Every node built, so that recursive (unowned) references stay valid.
    private(set) var all: [FlagNode] = []

    /// Whether the flag form can represent `root`'s schema (no `unevaluated*`, no dynamic scope) and
    /// read instances in place on this toolchain.
    static func supports(usesUnevaluated: Bool, dynamicAnchors: [String: [String: SchemaNode]]) -> Bool {
        !usesUnevaluated && dynamicAnchors.isEmpty && JSONInPlace.layoutHolds
    }

    mutating func compile(_ schema: SchemaNode) -> FlagNode {
        let id = ObjectIdentifier(schema)
        if let node = built[id] { return node }
        if let target = inProgress[id] {
            return keep(FlagNode(types: FlagNode.any, strings: nil, numbers: nil, objects: nil, arrays: nil, general: [.recursive(target)]))
        }
        let target = RecursiveTarget()
        inProgress[id] = target
        let node = build(schema)
        inProgress[id] = nil
        target.node = node
        built[id] = node
        return node
    }

    private mutating func keep(_ node: FlagNode) -> FlagNode {
        all.append(node)
        return node
    }

    private mutating func build(_ schema: SchemaNode) -> FlagNode {
        if let constant = schema.constant {
            return keep(FlagNode(types: constant ? FlagNode.any : 0, strings: nil, numbers: nil, objects: nil, arrays: nil, general: []))
        }
        let keywords = schema.assertions
        if keywords.count == 1, case .reference(let slot) = keywords[0], let target = slot.target {
            return compile(target)
        }
        var types = FlagNode.any
        var general: [FlagRule] = []
        var string = StringParts(), number = NumberParts(), object = ObjectParts(), array = ArrayParts()
        for keyword in keywords {
            switch keyword {
            case .type(let names): types &= Self.mask(names)
            case .enumeration(let values):
                let strings = values.compactMap(\.stringValue)
                if strings.count == values.count && string.allowed == nil {
                    types &= FlagNode.string
                    string.allowed = strings
                } else {
                    general.append(.enumeration(values))
                }
            case .constant(let value): general.append(.constant(value))
            case .properties(let members):
                object.names = members.map(\.0)
                object.schemas = members.map { compileUnlessTrue($0.1).map(FlagChild.init) }
            case .patternProperties(let members): object.patterns = members.map { ($0.0, FlagChild(compile($0.1))) }
            case .additionalProperties(let sub, _, _):
                if sub.constant == false { object.noAdditional = true } else { object.additional = compileUnlessTrue(sub).map(FlagChild.init) }
            case .required(let names): object.required += names
            case .propertyNames(let sub): object.propertyNames = FlagChild(compile(sub))
            case .minProperties(let n): object.minProperties = max(object.minProperties, n)
            case .maxProperties(let n): object.maxProperties = min(object.maxProperties, n)
            case .dependentRequired(let members): object.dependentRequired += members
            case .dependentSchemas(let members): general += members.map { .dependentSchema($0.0, FlagChild(compile($0.1))) }
            case .items(let sub, _):
                if sub.constant == false { array.noMoreItems = true } else { array.items = compileUnlessTrue(sub).map(FlagChild.init) }
            case .prefixItems(let subs): array.prefix = children(subs)
            case .contains(let sub, let min, let max): array.contains = (FlagChild(compile(sub)), min, max ?? .max)
            case .minItems(let n): array.minItems = max(array.minItems, n)
            case .maxItems(let n): array.maxItems = min(array.maxItems, n)
            case .uniqueItems: array.unique = true
            case .minLength(let n): string.minLength = max(string.minLength, n)
            case .maxLength(let n): string.maxLength = min(string.maxLength, n)
            case .pattern(let pattern): string.patterns.append(pattern)
            case .format(_, let assertion): string.formats.append(assertion)
            case .minimum(let n): number.minimum = n
            case .maximum(let n): number.maximum = n
            case .exclusiveMinimum(let n): number.exclusiveMinimum = n
            case .exclusiveMaximum(let n): number.exclusiveMaximum = n
            case .multipleOf(let n): number.multipleOf.append(n)
            case .allOf(let subs): general.append(.allOf(children(subs)))
            case .anyOf(let subs): general.append(.anyOf(children(subs)))
            case .oneOf(let subs): general.append(.oneOf(children(subs)))
            case .not(let sub): general.append(.not(FlagChild(compile(sub))))
            case .conditional(let condition, let then, let otherwise):
                general.append(.conditional(if: FlagChild(compile(condition)), then: then.map { FlagChild(compile($0)) }, else: otherwise.map { FlagChild(compile($0)) }))
            case .reference(let slot):
                if let target = slot.target { general.append(.allOf([FlagChild(compile(target))])) }
            case .dynamicReference(let slot, _):
                // Without dynamic anchors in the schema (see `supports`), `$dynamicRef` is a plain reference.
                if let target = slot.target { general.append(.allOf([FlagChild(compile(target))])) }
            case .unevaluatedProperties, .unevaluatedItems, .annotation:
                // Excluded by `supports` (and annotations were filtered out above).
                continue
            }
        }
        return keep(
            FlagNode(types: types, strings: string.rules, numbers: number.rules, objects: object.rules, arrays: array.rules, general: general))
    }

    private mutating func children(_ schemas: [SchemaNode]) -> [FlagChild] {
        schemas.map { FlagChild(compile($0)) }
    }

    /// `nil` for the `true` schema (and `{}`), so callers can skip the call entirely.
    private mutating func compileUnlessTrue(_ schema: SchemaNode) -> FlagNode? {
        if schema.constant == true { return nil }
        if schema.constant == nil && schema.assertions.isEmpty { return nil }
        return compile(schema)
    }

    private static func mask(_ names: [String]) -> UInt8 {
        var mask: UInt8 = 0
        for name in names {
            switch name {
            case "null": mask |= FlagNode.null
            case "boolean": mask |= FlagNode.boolean
            case "integer": mask |= FlagNode.integer
            case "number": mask |= FlagNode.number | FlagNode.integer
            case "string": mask |= FlagNode.string
            case "array": mask |= FlagNode.array
            case "object": mask |= FlagNode.object
            default: continue
            }
        }
        return mask
    }
}

private struct StringParts {
    var minLength = 0, maxLength = Int.max
    var patterns: [CompiledPattern] = []
    var formats: [FormatAssertion] = []
    var allowed: [String]?

    var rules: StringRules? {
        if minLength == 0 && maxLength == .max && patterns.isEmpty && formats.isEmpty && allowed == nil { return nil }
        return StringRules(minLength: minLength, maxLength: maxLength, patterns: patterns, formats: formats, allowed: allowed)
    }
}

private struct NumberParts {
    var minimum: JSONNumber?, maximum: JSONNumber?, exclusiveMinimum: JSONNumber?, exclusiveMaximum: JSONNumber?
    var multipleOf: [JSONNumber] = []

    var rules: NumberRules? {
        if minimum == nil && maximum == nil && exclusiveMinimum == nil && exclusiveMaximum == nil && multipleOf.isEmpty { return nil }
        return NumberRules(minimum: minimum, maximum: maximum, exclusiveMinimum: exclusiveMinimum, exclusiveMaximum: exclusiveMaximum, multipleOf: multipleOf)
    }
}

private struct ObjectParts {
    var names: [String] = []
    var schemas: [FlagChild?] = []
    var required: [String] = []
    var patterns: [(CompiledPattern, FlagChild)] = []
    var additional: FlagChild?
    var noAdditional = false
    var minProperties = 0, maxProperties = Int.max
    var dependentRequired: [(String, [String])] = []
    var propertyNames: FlagChild?

    var rules: ObjectRules? {
        let isEmpty = names.isEmpty && required.isEmpty && patterns.isEmpty && additional == nil && !noAdditional && minProperties == 0
            && maxProperties == .max && dependentRequired.isEmpty && propertyNames == nil
        if isEmpty { return nil }
        let requiredSet = Set(required)
        return ObjectRules(
            names: names, schemas: schemas, required: names.map { requiredSet.contains($0) },
            otherRequired: Array(requiredSet.subtracting(names)).sorted(), patterns: patterns, additional: additional,
            noAdditional: noAdditional, minProperties: minProperties, maxProperties: maxProperties, dependentRequired: dependentRequired,
            propertyNames: propertyNames)
    }
}

private struct ArrayParts {
    var minItems = 0, maxItems = Int.max
    var prefix: [FlagChild] = []
    var items: FlagChild?
    var noMoreItems = false
    var contains: (node: FlagChild, min: Int, max: Int)?
    var unique = false

    var rules: ArrayRules? {
        if minItems == 0 && maxItems == .max && prefix.isEmpty && items == nil && !noMoreItems && contains == nil && !unique { return nil }
        return ArrayRules(minItems: minItems, maxItems: maxItems, prefix: prefix, items: items, noMoreItems: noMoreItems, contains: contains, unique: unique)
    }
}
