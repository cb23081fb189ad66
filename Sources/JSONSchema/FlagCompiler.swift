import JSONValue

/// Turns a linked ``SchemaNode`` tree into ``FlagNode``s: keywords grouped by the instance type they
/// constrain, string-only `enum`s folded into the type check, and `$ref`-only schemas replaced by
/// their targets.
struct FlagCompiler {
    /// A compiled node is specific to its schema and to the dynamic scope it was reached in, as far as
    /// `$dynamicRef` can see it: which resource wins each dynamic anchor.
    private struct Key: Hashable {
        let schema: ObjectIdentifier
        let anchors: [String]
    }

    private var built: [Key: FlagNode] = [:]
    private var inProgress: [Key: RecursiveTarget] = [:]
    /// Every node built, so that recursive (unowned) references stay valid.
    private(set) var all: [FlagNode] = []
    /// `$dynamicAnchor`s by resource, then name.
    private let dynamicAnchors: [String: [String: SchemaNode]]
    private let anchorNames: [String]
    /// Schema resources entered, outermost first (the dynamic scope).
    private var scope: [String] = []
    /// Set when the schema needs what the flag form cannot give (see ``compileRoot(_:)``).
    private var unsupported = false
    /// The object keywords of nodes that constrain nothing but an object's members (and the type), by
    /// node: what a schema applying such a node in place (`$ref`, `allOf`) can merge into its own
    /// member loop instead of a second pass over the same object.
    private var objectOnly: [ObjectIdentifier: (types: UInt8, object: ObjectParts)] = [:]

    init(dynamicAnchors: [String: [String: SchemaNode]] = [:]) {
        self.dynamicAnchors = dynamicAnchors
        anchorNames = Set(dynamicAnchors.values.flatMap(\.keys)).sorted()
    }

    /// Whether instances can be read in place on this toolchain (the flag form's premise).
    static var supported: Bool { JSONInPlace.layoutHolds }

    /// The flag form of `root`, or `nil` when the schema needs the annotation-collecting walk:
    /// `unevaluatedItems`, or an `unevaluatedProperties` whose evaluated names depend on which
    /// branch of an `anyOf`/`oneOf`/`if` passed (see ``evaluatedNames(of:)``).
    mutating func compileRoot(_ root: SchemaNode) -> FlagNode? {
        let node = compile(root)
        return unsupported ? nil : node
    }

    mutating func compile(_ schema: SchemaNode) -> FlagNode {
        let entered = scope.last != schema.resource
        if entered { scope.append(schema.resource) }
        defer { if entered { scope.removeLast() } }
        let id = Key(schema: ObjectIdentifier(schema), anchors: anchorNames.map(winner))
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

    /// The outermost resource in scope that declares the dynamic anchor `name` ("" for none).
    private func winner(_ name: String) -> String {
        scope.first { dynamicAnchors[$0]?[name] != nil } ?? ""
    }

    /// The schema a `$dynamicRef` reaches from the current scope: the outermost resource declaring its
    /// anchor wins, as ``EvaluationContext`` resolves it.
    private func resolve(_ slot: ReferenceSlot, in scope: [String]? = nil) -> SchemaNode? {
        if let anchor = slot.dynamicAnchor {
            for resource in scope ?? self.scope {
                if let dynamic = dynamicAnchors[resource]?[anchor] { return dynamic }
            }
        }
        return slot.target
    }

    private mutating func keep(_ node: FlagNode) -> FlagNode {
        all.append(node)
        return node
    }

    private mutating func keep(_ node: FlagNode?) -> FlagNode? {
        node.map { keep($0) }
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
        var unevaluated: ObjectParts?
        for keyword in keywords {
            switch keyword {
            case .type(let names): types &= Self.mask(names)
            case .enumeration(let values):
                let strings = values.compactMap(\.stringValue)
                if strings.count == values.count && string.allowed == nil {
                    types &= FlagNode.string
                    string.allowed = strings
                } else {
                    general.append(.allowed(AllowedValues(values)))
                }
            case .constant(let value): general.append(.allowed(AllowedValues([value])))
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
                if let target = resolve(slot) { general.append(.allOf([FlagChild(compile(target))])) }
            case .unevaluatedProperties(let sub):
                // Members no in-place subschema evaluates, when those are known without running it.
                guard let evaluated = evaluatedNames(of: schema) else {
                    unsupported = true
                    continue
                }
                if evaluated.all || sub.constant == true { continue }
                let anything = keep(FlagNode(types: FlagNode.any, strings: nil, numbers: nil, objects: nil, arrays: nil, general: []))
                var rest = ObjectParts()
                // In the order the schema declares them: the object check's cursor expects members in that order.
                rest.names = evaluated.ordered
                rest.schemas = rest.names.map { _ in nil }
                rest.patterns = evaluated.patterns.map { ($0, FlagChild(anything)) }
                if sub.constant == false { rest.noAdditional = true } else { rest.additional = FlagChild(compile(sub)) }
                unevaluated = rest
            case .unevaluatedItems:
                unsupported = true
            case .annotation:
                continue
            }
        }
        if let unevaluated {
            if let merged = object.folding(unevaluated) {
                object = merged
            } else {
                general.append(.allOf([FlagChild(keep(FlagNode(types: FlagNode.any, strings: nil, numbers: nil, objects: unevaluated.rules, arrays: nil, general: [])))]))
            }
        }
        general = mergeObjectOnlyChildren(of: general, into: &object, types: &types)
        let node = keep(
            FlagNode(types: types, strings: string.rules, numbers: number.rules, objects: object.rules, arrays: array.rules, general: general))
        if string.rules == nil && number.rules == nil && array.rules == nil && general.isEmpty {
            objectOnly[ObjectIdentifier(node)] = (types, object)
        }
        return node
    }

    /// `general` without the `allOf` members (from `allOf`, `$ref`, `$dynamicRef`) whose node only
    /// constrains members and type, those merged into `object` and `types`: one pass over the object's
    /// members instead of one per schema. A member schema both declare becomes an `allOf` of the two.
    private mutating func mergeObjectOnlyChildren(of general: [FlagRule], into object: inout ObjectParts, types: inout UInt8) -> [FlagRule] {
        var kept: [FlagRule] = []
        for rule in general {
            guard case .allOf(let children) = rule else {
                kept.append(rule)
                continue
            }
            var rest: [FlagChild] = []
            for child in children {
                let id = ObjectIdentifier(child.node.takeUnretainedValue())
                if let (childTypes, childObject) = objectOnly[id], let merged = object.merging(childObject, combine: { keep(self.both($0, $1)) }) {
                    object = merged
                    types &= childTypes
                } else {
                    rest.append(child)
                }
            }
            if !rest.isEmpty { kept.append(.allOf(rest)) }
        }
        return kept
    }

    /// A node that requires both `a` and `b` (`nil` is the `true` schema).
    private func both(_ a: FlagChild?, _ b: FlagChild?) -> FlagNode? {
        guard let a, let b else { return (a ?? b)?.node.takeUnretainedValue() }
        return FlagNode(types: FlagNode.any, strings: nil, numbers: nil, objects: nil, arrays: nil, general: [.allOf([a, b])])
    }

    /// The member names `schema`'s in-place subschemas evaluate (its own `unevaluatedProperties`
    /// aside), when they are known without validating: `properties`, `patternProperties` and
    /// `additionalProperties` of the schema and of everything it applies unconditionally (`$ref`,
    /// `$dynamicRef`, `allOf`). Branches that apply only when they pass (`anyOf`, `oneOf`, `if`/`then`/
    /// `else`, `dependentSchemas`) may take part only when they evaluate no name beyond those
    /// (`not` contributes none). For a yes/no answer the unconditional names count even where their
    /// subschema fails: the whole schema fails then anyway. `nil` when a branch would matter.
    private func evaluatedNames(of schema: SchemaNode) -> EvaluatedNames? {
        var always = EvaluatedNames(), sometimes = EvaluatedNames()
        var visiting: Set<ObjectIdentifier> = []
        var scope = self.scope
        func walk(_ node: SchemaNode, conditional: Bool, isRoot: Bool) -> Bool {
            let id = ObjectIdentifier(node)
            guard visiting.insert(id).inserted else { return true }
            defer { visiting.remove(id) }
            let entered = scope.last != node.resource
            if entered { scope.append(node.resource) }
            defer { if entered { scope.removeLast() } }
            for keyword in node.assertions {
                switch keyword {
                case .properties(let members):
                    for (name, _) in members {
                        if conditional { sometimes.insert(name) } else { always.insert(name) }
                    }
                case .patternProperties(let members):
                    for (pattern, _) in members {
                        if conditional { sometimes.patterns.append(pattern) } else { always.patterns.append(pattern) }
                    }
                case .additionalProperties:
                    if conditional { sometimes.all = true } else { always.all = true }
                case .unevaluatedProperties where !isRoot:
                    if conditional { sometimes.all = true } else { always.all = true }
                case .reference(let slot):
                    if let target = slot.target, !walk(target, conditional: conditional, isRoot: false) { return false }
                case .dynamicReference(let slot, _):
                    if let target = resolve(slot, in: scope), !walk(target, conditional: conditional, isRoot: false) { return false }
                case .allOf(let subs):
                    for sub in subs where !walk(sub, conditional: conditional, isRoot: false) { return false }
                case .anyOf(let subs), .oneOf(let subs):
                    for sub in subs where !walk(sub, conditional: true, isRoot: false) { return false }
                case .conditional(let condition, let then, let otherwise):
                    for sub in [condition, then, otherwise].compactMap({ $0 }) where !walk(sub, conditional: true, isRoot: false) { return false }
                case .dependentSchemas(let members):
                    for (_, sub) in members where !walk(sub, conditional: true, isRoot: false) { return false }
                default:
                    continue
                }
            }
            return true
        }
        guard walk(schema, conditional: false, isRoot: true) else { return nil }
        if always.all { return always }
        guard !sometimes.all, sometimes.patterns.isEmpty, sometimes.names.isSubset(of: always.names) else { return nil }
        return always
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

/// Member names evaluated by a schema's in-place subschemas (``FlagCompiler/evaluatedNames(of:)``).
private struct EvaluatedNames {
    var names: Set<String> = []
    /// `names` in the order they were found.
    var ordered: [String] = []
    var patterns: [CompiledPattern] = []
    /// Every member is evaluated (`additionalProperties`, or a nested `unevaluatedProperties`).
    var all = false

    mutating func insert(_ name: String) {
        if names.insert(name).inserted { ordered.append(name) }
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

struct ObjectParts {
    var names: [String] = []
    var schemas: [FlagChild?] = []
    var required: [String] = []
    var patterns: [(CompiledPattern, FlagChild)] = []
    var additional: FlagChild?
    var noAdditional = false
    var minProperties = 0, maxProperties = Int.max
    var dependentRequired: [(String, [String])] = []
    var propertyNames: FlagChild?

    /// Whether members outside `names` are checked (by `additionalProperties`, or patterns).
    private var constrainsUndeclared: Bool { additional != nil || noAdditional || !patterns.isEmpty }

    /// These keywords with an `unevaluatedProperties` check over `rest` (the evaluated names, with the
    /// verdict for the others) folded in, when these keywords check no undeclared member themselves
    /// and every declared name is evaluated: the members then need one pass, not two.
    func folding(_ rest: ObjectParts) -> ObjectParts? {
        guard !constrainsUndeclared, propertyNames == nil, Set(names).isSubset(of: rest.names) else { return nil }
        var merged = self
        let own = Dictionary(zip(names, schemas), uniquingKeysWith: { first, _ in first })
        merged.names = rest.names
        merged.schemas = rest.names.map { own[$0] ?? nil }
        merged.patterns = rest.patterns
        merged.additional = rest.additional
        merged.noAdditional = rest.noAdditional
        return merged
    }

    /// These keywords and `other`'s (applied to the same object) as one set, when that keeps the
    /// meaning: `other` checks no undeclared member, and declaring its names here changes nothing for
    /// this set's own check of undeclared members. `combine` makes the schema for a name both declare.
    func merging(_ other: ObjectParts, combine: (FlagChild?, FlagChild?) -> FlagNode?) -> ObjectParts? {
        guard !other.constrainsUndeclared, other.propertyNames == nil else { return nil }
        if constrainsUndeclared { guard Set(other.names).isSubset(of: names) else { return nil } }
        var merged = self
        for (name, schema) in zip(other.names, other.schemas) {
            if let i = merged.names.firstIndex(of: name) {
                merged.schemas[i] = combine(merged.schemas[i], schema).map(FlagChild.init)
            } else {
                merged.names.append(name)
                merged.schemas.append(schema)
            }
        }
        merged.required += other.required
        merged.minProperties = max(minProperties, other.minProperties)
        merged.maxProperties = min(maxProperties, other.maxProperties)
        merged.dependentRequired += other.dependentRequired
        return merged
    }

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
