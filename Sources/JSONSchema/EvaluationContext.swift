import JSONValue

/// Property names evaluated at one instance location: a short array while they are few (an object
/// has a handful of properties, and hashing each name cost more than the validation), a set beyond.
struct NameSet {
    private var small: [String] = []
    private var large: Set<String>?
    private static let smallLimit = 24

    mutating func insert(_ name: String) {
        if large != nil {
            large!.insert(name)
        } else if !small.contains(name) {
            small.append(name)
            if small.count > Self.smallLimit {
                large = Set(small)
                small = []
            }
        }
    }

    func contains(_ name: String) -> Bool { large?.contains(name) ?? small.contains(name) }

    mutating func formUnion<S: Sequence>(_ names: S) where S.Element == String {
        for name in names { insert(name) }
    }

    mutating func formUnion(_ other: NameSet) {
        if let theirs = other.large { formUnion(theirs) } else { formUnion(other.small) }
    }
}

/// What successful keywords evaluated, for `unevaluatedProperties` and `unevaluatedItems`.
///
/// Storage is allocated only when something is recorded, so schemas without `unevaluated*`
/// (the common case) pay nothing for it.
struct Annotations {
    private final class Storage {
        var properties = NameSet()
        var itemsPrefix = 0
        var allItems = false
        var containsIndices: Set<Int> = []

        func copy() -> Storage {
            let s = Storage()
            s.properties = properties
            s.itemsPrefix = itemsPrefix
            s.allItems = allItems
            s.containsIndices = containsIndices
            return s
        }
    }

    private var storage: Storage?

    private mutating func unique() -> Storage {
        if let storage, isKnownUniquelyReferenced(&self.storage) { return storage }
        let fresh = storage?.copy() ?? Storage()
        storage = fresh
        return fresh
    }

    /// Mutated in place (`_modify`): inserting a name must not copy the whole set each time.
    var properties: NameSet {
        get { storage?.properties ?? NameSet() }
        _modify {
            let storage = unique()
            yield &storage.properties
        }
    }
    /// Items `0..<itemsPrefix` were evaluated (by `prefixItems`).
    var itemsPrefix: Int {
        get { storage?.itemsPrefix ?? 0 }
        set { unique().itemsPrefix = newValue }
    }
    /// Every item was evaluated (by `items` or `unevaluatedItems`).
    var allItems: Bool {
        get { storage?.allItems ?? false }
        set { unique().allItems = newValue }
    }
    /// Items matched by `contains`.
    var containsIndices: Set<Int> {
        get { storage?.containsIndices ?? [] }
        _modify {
            let storage = unique()
            yield &storage.containsIndices
        }
    }

    mutating func merge(_ other: Annotations) {
        guard let theirs = other.storage else { return }
        let mine = unique()
        mine.properties.formUnion(theirs.properties)
        mine.itemsPrefix = max(mine.itemsPrefix, theirs.itemsPrefix)
        mine.allItems = mine.allItems || theirs.allItems
        mine.containsIndices.formUnion(theirs.containsIndices)
    }
}

/// Walks a compiled schema over one instance, collecting errors (or stopping at the first) and,
/// when the schema needs them, annotations; tracks the dynamic scope for `$dynamicRef`.
struct EvaluationContext {
    var collect: Bool
    let annotate: Bool
    let dynamicAnchors: [String: [String: SchemaNode]]
    var errors: [ValidationError] = []
    /// Annotation outputs (`title`, `readOnly`, `x-pii`, …) of the schemas that passed.
    let collectOutputs: Bool
    var outputs: [ValidationAnnotation] = []
    /// Schema resources entered, outermost first (kept only when the schema uses `$dynamicRef`).
    var scope: [String] = []
    let tracksScope: Bool
    /// Instance and keyword locations as token stacks, kept only when errors or outputs are collected,
    /// so a plain validity check allocates no paths.
    var tracksPaths: Bool
    var instanceTokens: [Token] = []
    var keywordTokens: [Token] = []

    /// One path token: a member name or an array index (converted to text only when reported).
    enum Token {
        case key(String)
        case index(Int)

        var text: String {
            switch self {
            case .key(let k): k
            case .index(let i): String(i)
            }
        }
    }

    init(collect: Bool, annotate: Bool, collectOutputs: Bool = false, dynamicAnchors: [String: [String: SchemaNode]]) {
        self.collect = collect
        self.annotate = annotate || collectOutputs
        self.collectOutputs = collectOutputs
        self.dynamicAnchors = dynamicAnchors
        self.tracksScope = !dynamicAnchors.isEmpty
        self.tracksPaths = collect || collectOutputs
    }

    private var instancePointer: JSONPointer { JSONPointer(tokens: instanceTokens.map(\.text)) }

    private func keywordLocation(_ keyword: String) -> String {
        JSONPointer(tokens: keywordTokens.map(\.text) + [keyword]).description
    }

    /// Evaluates a subschema one step deeper: `item` in the instance, `keyword` (and `sub`) in the schema.
    private mutating func evaluate(_ instance: JSON, _ node: SchemaNode, at item: Token?, via keyword: String, _ sub: Token? = nil, annotations: inout Annotations) -> Bool {
        guard tracksPaths else { return evaluate(instance, node, annotations: &annotations) }
        let (instanceDepth, keywordDepth) = (instanceTokens.count, keywordTokens.count)
        if let item { instanceTokens.append(item) }
        keywordTokens.append(.key(keyword))
        if let sub { keywordTokens.append(sub) }
        defer {
            instanceTokens.removeSubrange(instanceDepth...)
            keywordTokens.removeSubrange(keywordDepth...)
        }
        return evaluate(instance, node, annotations: &annotations)
    }

    private mutating func fail(_ node: SchemaNode, _ keyword: String, at item: Token? = nil, _ message: @autoclosure () -> String) {
        guard collect else { return }
        var location = instancePointer
        if let item { location = location.appending(item.text) }
        errors.append(
            ValidationError(
                keywordLocation: keyword.isEmpty ? JSONPointer(tokens: keywordTokens.map(\.text)).description : keywordLocation(keyword),
                absoluteKeywordLocation: node.absoluteLocation + (keyword.isEmpty ? "" : "/" + keyword),
                instanceLocation: location,
                message: message()
            ))
    }

    /// Evaluates `node` without recording errors; returns validity, the annotations it produced and its outputs.
    private func probe(_ instance: JSON, _ node: SchemaNode, via keyword: String? = nil, _ sub: Token? = nil) -> (Bool, Annotations, [ValidationAnnotation]) {
        var probe = self
        probe.collect = false
        probe.tracksPaths = collectOutputs
        probe.errors = []
        probe.outputs = []
        var annotations = Annotations()
        let valid: Bool
        if let keyword {
            valid = probe.evaluate(instance, node, at: nil, via: keyword, sub, annotations: &annotations)
        } else {
            valid = probe.evaluate(instance, node, annotations: &annotations)
        }
        return (valid, annotations, probe.outputs)
    }

    private func passes(_ instance: JSON, _ node: SchemaNode) -> Bool { probe(instance, node).0 }

    mutating func evaluate(_ instance: JSON, _ node: SchemaNode, annotations: inout Annotations) -> Bool {
        if let constant = node.constant {
            if !constant { fail(node, "", "no value is allowed here") }
            return constant
        }
        let entered = tracksScope && scope.last != node.resource
        if entered { scope.append(node.resource) }
        defer { if entered { scope.removeLast() } }
        let mark = outputs.count
        var local = Annotations()
        var valid = true
        let keywords = node.keywords
        for index in keywords.indices {
            let ok = check(keywords[index], instance, node, &local)
            if !ok {
                valid = false
                if !collect { break }
            }
        }
        if valid && annotate { annotations.merge(local) }
        // A schema that fails produces no annotations.
        if !valid && collectOutputs { outputs.removeSubrange(mark...) }
        return valid
    }

    private mutating func check(_ keyword: Keyword, _ instance: JSON, _ node: SchemaNode, _ ann: inout Annotations) -> Bool {
        switch keyword {
        case .type(let types):
            if types.contains(where: { Self.hasType(instance, $0) }) { return true }
            fail(node, "type", "expected \(types.joined(separator: " or ")), found \(Self.describe(instance))")
            return false
        case .enumeration(let values):
            if values.contains(instance) { return true }
            fail(node, "enum", "\(Self.describe(instance)) is not one of \(values.map(\.description).joined(separator: ", "))")
            return false
        case .constant(let value):
            if value == instance { return true }
            fail(node, "const", "expected \(value), found \(Self.describe(instance))")
            return false
        case .properties(let members):
            guard case .object(let object) = instance else { return true }
            var ok = true
            for (name, sub) in members {
                guard let value = object[name] else { continue }
                if annotate { ann.properties.insert(name) }
                var ignored = Annotations()
                if !evaluate(value, sub, at: .key(name), via: "properties", .key(name), annotations: &ignored) {
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        case .patternProperties(let members):
            guard case .object(let object) = instance else { return true }
            var ok = true
            for (name, value) in object {
                for (pattern, sub) in members where pattern.matches(name) {
                    if annotate { ann.properties.insert(name) }
                    var ignored = Annotations()
                    if !evaluate(value, sub, at: .key(name), via: "patternProperties", .key(pattern.source), annotations: &ignored) {
                        ok = false
                        if !collect { return false }
                    }
                }
            }
            return ok
        case .additionalProperties(let sub, let named, let patterns):
            guard case .object(let object) = instance else { return true }
            var ok = true
            for (name, value) in object where !named.contains(name) && !patterns.contains(where: { $0.matches(name) }) {
                if annotate { ann.properties.insert(name) }
                var ignored = Annotations()
                if sub.constant == false {
                    fail(node, "additionalProperties", at: Token.key(name), "property \"\(name)\" is not allowed")
                    ok = false
                } else if !evaluate(value, sub, at: .key(name), via: "additionalProperties", annotations: &ignored) {
                    ok = false
                }
                if !ok && !collect { return false }
            }
            return ok
        case .required(let names):
            guard case .object(let object) = instance else { return true }
            var ok = true
            for name in names where object[name] == nil {
                fail(node, "required", "required property \"\(name)\" is missing")
                ok = false
                if !collect { return false }
            }
            return ok
        case .propertyNames(let sub):
            guard case .object(let object) = instance else { return true }
            for name in object.keys where !passes(.string(name), sub) {
                fail(node, "propertyNames", "property name \"\(name)\" is not allowed")
                return false
            }
            return true
        case .minProperties(let n):
            guard case .object(let object) = instance, object.count < n else { return true }
            fail(node, "minProperties", "has \(object.count) properties, fewer than \(n)")
            return false
        case .maxProperties(let n):
            guard case .object(let object) = instance, object.count > n else { return true }
            fail(node, "maxProperties", "has \(object.count) properties, more than \(n)")
            return false
        case .dependentRequired(let members):
            guard case .object(let object) = instance else { return true }
            var ok = true
            for (name, needed) in members where object[name] != nil {
                for other in needed where object[other] == nil {
                    fail(node, "dependentRequired", "property \"\(other)\" is required when \"\(name)\" is present")
                    ok = false
                }
            }
            return ok
        case .dependentSchemas(let members):
            guard case .object(let object) = instance else { return true }
            var ok = true
            for (name, sub) in members where object[name] != nil {
                if !evaluate(instance, sub, at: nil, via: "dependentSchemas", .key(name), annotations: &ann) { ok = false }
            }
            return ok
        case .items(let sub, let prefixCount):
            guard case .array(let elements) = instance, elements.count > prefixCount else { return true }
            if annotate { ann.allItems = true }
            var ok = true
            for i in prefixCount..<elements.count {
                var ignored = Annotations()
                if sub.constant == false {
                    fail(node, "items", at: Token.index(i), "no item is allowed at index \(i)")
                    ok = false
                } else if !evaluate(elements[i], sub, at: .index(i), via: "items", annotations: &ignored) {
                    ok = false
                }
                if !ok && !collect { return false }
            }
            return ok
        case .prefixItems(let subs):
            guard case .array(let elements) = instance else { return true }
            if annotate { ann.itemsPrefix = max(ann.itemsPrefix, min(subs.count, elements.count)) }
            var ok = true
            for (i, sub) in subs.enumerated() where i < elements.count {
                var ignored = Annotations()
                if !evaluate(elements[i], sub, at: .index(i), via: "prefixItems", .index(i), annotations: &ignored) {
                    ok = false
                    if !collect { return false }
                }
            }
            return ok
        case .contains(let sub, let min, let max):
            guard case .array(let elements) = instance else { return true }
            var matches = 0
            for (i, element) in elements.enumerated() where passes(element, sub) {
                matches += 1
                if annotate { ann.containsIndices.insert(i) }
            }
            if matches < min {
                fail(node, "contains", "contains \(matches) matching items, fewer than \(min)")
                return false
            }
            if let max, matches > max {
                fail(node, "maxContains", "contains \(matches) matching items, more than \(max)")
                return false
            }
            return true
        case .minItems(let n):
            guard case .array(let elements) = instance, elements.count < n else { return true }
            fail(node, "minItems", "has \(elements.count) items, fewer than \(n)")
            return false
        case .maxItems(let n):
            guard case .array(let elements) = instance, elements.count > n else { return true }
            fail(node, "maxItems", "has \(elements.count) items, more than \(n)")
            return false
        case .uniqueItems:
            guard case .array(let elements) = instance else { return true }
            for i in elements.indices {
                for j in elements.indices where j > i && elements[i] == elements[j] {
                    fail(node, "uniqueItems", "items \(i) and \(j) are equal")
                    return false
                }
            }
            return true
        case .minLength(let n):
            guard case .string(let s) = instance else { return true }
            let length = s.unicodeScalars.count
            guard length < n else { return true }
            fail(node, "minLength", "\"\(s)\" is shorter than \(n) characters")
            return false
        case .maxLength(let n):
            guard case .string(let s) = instance else { return true }
            let length = s.unicodeScalars.count
            guard length > n else { return true }
            fail(node, "maxLength", "\"\(s)\" is longer than \(n) characters")
            return false
        case .pattern(let pattern):
            guard case .string(let s) = instance, !pattern.matches(s) else { return true }
            fail(node, "pattern", "\"\(s)\" does not match the pattern \(pattern.source)")
            return false
        case .format(_, let assertion):
            guard case .string(let s) = instance, let message = assertion.message(for: s) else { return true }
            fail(node, "format", "\"\(s)\" \(message)")
            return false
        case .minimum(let limit):
            guard case .number(let n) = instance, DecimalComparison.compare(n, limit) < 0 else { return true }
            fail(node, "minimum", "\(n) is less than the minimum \(limit)")
            return false
        case .maximum(let limit):
            guard case .number(let n) = instance, DecimalComparison.compare(n, limit) > 0 else { return true }
            fail(node, "maximum", "\(n) is greater than the maximum \(limit)")
            return false
        case .exclusiveMinimum(let limit):
            guard case .number(let n) = instance, DecimalComparison.compare(n, limit) <= 0 else { return true }
            fail(node, "exclusiveMinimum", "\(n) is not greater than \(limit)")
            return false
        case .exclusiveMaximum(let limit):
            guard case .number(let n) = instance, DecimalComparison.compare(n, limit) >= 0 else { return true }
            fail(node, "exclusiveMaximum", "\(n) is not less than \(limit)")
            return false
        case .multipleOf(let divisor):
            guard case .number(let n) = instance, !DecimalComparison.isMultiple(n, of: divisor) else { return true }
            fail(node, "multipleOf", "\(n) is not a multiple of \(divisor)")
            return false
        case .allOf(let subs):
            var ok = true
            for (i, sub) in subs.enumerated() where !evaluate(instance, sub, at: nil, via: "allOf", .index(i), annotations: &ann) {
                ok = false
                if !collect { return false }
            }
            return ok
        case .anyOf(let subs):
            var any = false
            for (i, sub) in subs.enumerated() {
                let (valid, produced, producedOutputs) = probe(instance, sub, via: "anyOf", .index(i))
                if valid {
                    any = true
                    if !annotate { break }
                    ann.merge(produced)
                    outputs += producedOutputs
                }
            }
            if any { return true }
            fail(node, "anyOf", "\(Self.describe(instance)) matches none of the \(subs.count) allowed alternatives")
            return false
        case .oneOf(let subs):
            var matching = 0
            var produced = Annotations()
            var producedOutputs: [ValidationAnnotation] = []
            for (i, sub) in subs.enumerated() {
                let (valid, annotations, subOutputs) = probe(instance, sub, via: "oneOf", .index(i))
                if valid {
                    matching += 1
                    produced = annotations
                    producedOutputs = subOutputs
                }
            }
            if matching == 1 {
                if annotate { ann.merge(produced) }
                outputs += producedOutputs
                return true
            }
            fail(node, "oneOf", "\(Self.describe(instance)) matches \(matching) of the alternatives, expected exactly one")
            return false
        case .not(let sub):
            guard passes(instance, sub) else { return true }
            fail(node, "not", "\(Self.describe(instance)) matches a schema it must not match")
            return false
        case .conditional(let condition, let then, let otherwise):
            let (matched, produced, producedOutputs) = probe(instance, condition, via: "if")
            if matched {
                if annotate { ann.merge(produced) }
                outputs += producedOutputs
                guard let then else { return true }
                return evaluate(instance, then, at: nil, via: "then", annotations: &ann)
            }
            guard let otherwise else { return true }
            return evaluate(instance, otherwise, at: nil, via: "else", annotations: &ann)
        case .annotation(let name, let value):
            if collectOutputs {
                outputs.append(
                    ValidationAnnotation(
                        keywordLocation: keywordLocation(name), absoluteKeywordLocation: node.absoluteLocation + "/" + Self.escape(name),
                        instanceLocation: instancePointer, keyword: name, value: value))
            }
            return true
        case .reference(let slot):
            guard let target = slot.target else { return true }
            return evaluate(instance, target, at: nil, via: "$ref", annotations: &ann)
        case .dynamicReference(let slot, _):
            guard var target = slot.target else { return true }
            if let anchor = slot.dynamicAnchor {
                // The outermost resource in the dynamic scope that declares the anchor wins.
                for resource in scope {
                    if let dynamic = dynamicAnchors[resource]?[anchor] {
                        target = dynamic
                        break
                    }
                }
            }
            return evaluate(instance, target, at: nil, via: "$dynamicRef", annotations: &ann)
        case .unevaluatedProperties(let sub):
            guard case .object(let object) = instance else { return true }
            var ok = true
            for (name, value) in object where !ann.properties.contains(name) {
                var ignored = Annotations()
                if sub.constant == false {
                    fail(node, "unevaluatedProperties", at: Token.key(name), "property \"\(name)\" is not allowed")
                    ok = false
                } else if !evaluate(value, sub, at: .key(name), via: "unevaluatedProperties", annotations: &ignored) {
                    ok = false
                }
                if !ok && !collect { return false }
            }
            if ok { ann.properties.formUnion(object.keys) }
            return ok
        case .unevaluatedItems(let sub):
            guard case .array(let elements) = instance, !ann.allItems else { return true }
            var ok = true
            for i in ann.itemsPrefix..<max(ann.itemsPrefix, elements.count) where !ann.containsIndices.contains(i) {
                var ignored = Annotations()
                if sub.constant == false {
                    fail(node, "unevaluatedItems", at: Token.index(i), "no further item is allowed at index \(i)")
                    ok = false
                } else if !evaluate(elements[i], sub, at: .index(i), via: "unevaluatedItems", annotations: &ignored) {
                    ok = false
                }
                if !ok && !collect { return false }
            }
            if ok { ann.allItems = true }
            return ok
        }
    }

    /// A JSON Pointer token (`~` → `~0`, `/` → `~1`).
    static func escape(_ token: String) -> String {
        JSONPointer(tokens: [token]).description.dropFirst().description
    }

    static func hasType(_ instance: JSON, _ type: String) -> Bool {
        switch (type, instance) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number):
            return true
        case ("integer", .number(let n)):
            return n.isInteger
        default:
            return false
        }
    }

    /// A short description of a value for messages: strings quoted, containers by kind.
    static func describe(_ instance: JSON) -> String {
        switch instance {
        case .string(let s): return s.count > 60 ? "\"\(s.prefix(60))…\"" : "\"\(s)\""
        case .array: return "an array"
        case .object: return "an object"
        case .null: return "null"
        default: return instance.description
        }
    }
}
