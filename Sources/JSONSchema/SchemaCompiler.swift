import JSONValue

/// Loads a referenced document that is not part of the schema being compiled; `nil` when unknown.
public typealias SchemaResolver = @Sendable (_ uri: String) -> JSON?

/// Turns schema documents into linked ``SchemaNode`` trees.
struct SchemaCompiler {
    let formats: FormatRegistry
    let assertFormats: Bool
    let resolver: SchemaResolver?
    /// Resources by absolute URI (no fragment).
    var resources: [String: JSON] = [:]
    /// For a document registered under its retrieval URI, the base its own `$id` gives it.
    var canonicalBase: [String: String] = [:]
    /// Anchors: `uri#name` → (resource URI, pointer inside it).
    var anchors: [String: (String, JSONPointer)] = [:]
    /// `$dynamicAnchor`s by resource URI, then name.
    var dynamicAnchors: [String: [String: JSONPointer]] = [:]
    /// Compiled nodes by absolute location `uri#pointer`.
    var nodes: [String: SchemaNode] = [:]

    /// Every node compiled, once each.
    var allNodes: [SchemaNode] {
        var seen: Set<ObjectIdentifier> = []
        return nodes.values.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }
    var pendingReferences: [(ReferenceSlot, String, dynamic: Bool)] = []
    /// Whether any schema uses `unevaluatedProperties`/`unevaluatedItems` (annotations must be collected).
    var usesUnevaluated = false
    /// Vocabularies disabled by the root's meta-schema (`$vocabulary`).
    var disabledVocabularies: Set<String> = []

    init(formats: FormatRegistry, assertFormats: Bool, resolver: SchemaResolver?) {
        self.formats = formats
        self.assertFormats = assertFormats
        self.resolver = resolver
    }

    /// Registers a document and every embedded resource and anchor in it.
    mutating func register(document: JSON, uri: String) {
        index(document, base: uri, resource: uri, pointer: .root, isRoot: true)
    }

    private mutating func index(_ schema: JSON, base: String, resource: String, pointer: JSONPointer, isRoot: Bool) {
        guard case .object(let object) = schema else {
            if isRoot { resources[resource] = schema }
            return
        }
        var base = base
        var resource = resource
        var pointer = pointer
        if isRoot { resources[resource] = schema }
        if let id = object["$id"]?.stringValue {
            base = SchemaURI.split(SchemaURI.resolve(id, against: base)).base
            if isRoot { canonicalBase[resource] = base }
            resource = base
            pointer = .root
            resources[resource] = schema
        }
        if let anchor = object["$anchor"]?.stringValue { anchors[base + "#" + anchor] = (resource, pointer) }
        if let anchor = object["$dynamicAnchor"]?.stringValue {
            anchors[base + "#" + anchor] = (resource, pointer)
            dynamicAnchors[resource, default: [:]][anchor] = pointer
        }
        for (key, value) in object {
            switch key {
            case "const", "enum", "examples", "default":
                continue
            case "properties", "patternProperties", "$defs", "definitions", "dependentSchemas":
                guard case .object(let members) = value else { continue }
                for (name, sub) in members {
                    index(sub, base: base, resource: resource, pointer: pointer.appending(key).appending(name), isRoot: false)
                }
            case "prefixItems", "allOf", "anyOf", "oneOf":
                guard case .array(let elements) = value else { continue }
                for (i, sub) in elements.enumerated() {
                    index(sub, base: base, resource: resource, pointer: pointer.appending(key).appending(i), isRoot: false)
                }
            case "items", "contains", "additionalProperties", "propertyNames", "if", "then", "else", "not", "unevaluatedItems",
                "unevaluatedProperties", "contentSchema":
                index(value, base: base, resource: resource, pointer: pointer.appending(key), isRoot: false)
            case "dependencies":
                guard case .object(let members) = value else { continue }
                for (name, sub) in members where sub.objectValue != nil {
                    index(sub, base: base, resource: resource, pointer: pointer.appending(key).appending(name), isRoot: false)
                }
            default:
                continue
            }
        }
    }

    /// The resource a pointer lands in, following embedded `$id`s on the way, and the pointer inside it.
    private func locate(resource: String, pointer: JSONPointer) -> (String, JSONPointer)? {
        guard var current = resources[resource] else { return nil }
        var base = canonicalBase[resource] ?? resource
        var relative: [String] = []
        for token in pointer.tokens {
            guard let next = current[pointer: JSONPointer(tokens: [token])] else { return nil }
            current = next
            relative.append(token)
            if case .object(let object) = next, let id = object["$id"]?.stringValue {
                base = SchemaURI.split(SchemaURI.resolve(id, against: base)).base
                relative = []
            }
        }
        return (base, JSONPointer(tokens: relative))
    }

    /// Compiles the schema at `pointer` inside `resource` (memoised, so cycles terminate).
    mutating func compile(resource: String, pointer: JSONPointer) throws(SchemaCompilationError) -> SchemaNode {
        let requested = resource + "#" + pointer.description
        if let node = nodes[requested] { return node }
        guard let (base, relative) = locate(resource: resource, pointer: pointer), let schema = resources[base]?[pointer: relative] else {
            throw SchemaCompilationError(location: requested, reason: "no schema at \(pointer) in \(resource)")
        }
        let key = base + "#" + relative.description
        if let node = nodes[key] {
            nodes[requested] = node
            return node
        }
        let node = SchemaNode(absoluteLocation: key, resource: base)
        nodes[key] = node
        nodes[requested] = node
        switch schema {
        case .bool(let value):
            node.constant = value
        case .object(let object):
            node.keywords = try keywords(of: object, resource: base, pointer: relative)
        default:
            throw SchemaCompilationError(location: key, reason: "a schema must be an object or a boolean")
        }
        return node
    }

    private mutating func sub(_ resource: String, _ pointer: JSONPointer, _ tokens: String...) throws(SchemaCompilationError) -> SchemaNode {
        var p = pointer
        for t in tokens { p = p.appending(t) }
        return try compile(resource: resource, pointer: p)
    }

    private func pattern(_ source: String, at location: JSONPointer) throws(SchemaCompilationError) -> CompiledPattern {
        do {
            return try CompiledPattern(source: source)
        } catch {
            throw SchemaCompilationError(location: location.description, reason: "invalid regular expression \(source)")
        }
    }

    private func count(_ value: JSON, _ location: JSONPointer) throws(SchemaCompilationError) -> Int {
        guard let n = value.numberValue, let i = n.intValue, i >= 0 else {
            throw SchemaCompilationError(location: location.description, reason: "expected a non-negative integer")
        }
        return i
    }

    private func number(_ value: JSON, _ location: JSONPointer) throws(SchemaCompilationError) -> JSONNumber {
        guard let n = value.numberValue else {
            throw SchemaCompilationError(location: location.description, reason: "expected a number")
        }
        return n
    }

    private static let validationKeywords: Set<String> = [
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
        "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties",
        "minProperties", "required", "dependentRequired",
    ]

    private mutating func keywords(of object: JSONObject, resource: String, pointer: JSONPointer) throws(SchemaCompilationError) -> [Keyword] {
        var result: [Keyword] = []
        var deferred: [Keyword] = []
        let validationDisabled = disabledVocabularies.contains("https://json-schema.org/draft/2020-12/vocab/validation")
        for (key, value) in object {
            let at = pointer.appending(key)
            if validationDisabled && Self.validationKeywords.contains(key) { continue }
            switch key {
            case "type":
                if let single = value.stringValue {
                    result.append(.type([single]))
                } else if let many = value.arrayValue {
                    result.append(.type(many.compactMap(\.stringValue)))
                }
            case "enum":
                result.append(.enumeration(value.arrayValue ?? []))
            case "const":
                result.append(.constant(value))
            case "properties":
                var members: [(String, SchemaNode)] = []
                for name in value.objectValue?.keys ?? [] {
                    members.append((name, try sub(resource, pointer, key, name)))
                }
                result.append(.properties(members))
            case "patternProperties":
                var members: [(CompiledPattern, SchemaNode)] = []
                for name in value.objectValue?.keys ?? [] {
                    members.append((try pattern(name, at: at), try sub(resource, pointer, key, name)))
                }
                result.append(.patternProperties(members))
            case "additionalProperties":
                let named = Set(object["properties"]?.objectValue?.keys ?? [])
                var patterns: [CompiledPattern] = []
                for name in object["patternProperties"]?.objectValue?.keys ?? [] {
                    patterns.append(try pattern(name, at: pointer.appending("patternProperties")))
                }
                result.append(.additionalProperties(try sub(resource, pointer, key), named: named, patterns: patterns))
            case "unevaluatedProperties":
                usesUnevaluated = true
                deferred.append(.unevaluatedProperties(try sub(resource, pointer, key)))
            case "unevaluatedItems":
                usesUnevaluated = true
                deferred.append(.unevaluatedItems(try sub(resource, pointer, key)))
            case "required":
                result.append(.required(value.arrayValue?.compactMap(\.stringValue) ?? []))
            case "propertyNames":
                result.append(.propertyNames(try sub(resource, pointer, key)))
            case "minProperties": result.append(.minProperties(try count(value, at)))
            case "maxProperties": result.append(.maxProperties(try count(value, at)))
            case "dependentRequired":
                let members = (value.objectValue ?? JSONObject()).map { ($0.0, $0.1.arrayValue?.compactMap(\.stringValue) ?? []) }
                result.append(.dependentRequired(members))
            case "dependencies":
                // Draft 7 compatibility: arrays are dependentRequired, schemas dependentSchemas.
                var required: [(String, [String])] = []
                var schemas: [(String, SchemaNode)] = []
                for (name, dependency) in value.objectValue ?? JSONObject() {
                    if let names = dependency.arrayValue {
                        required.append((name, names.compactMap(\.stringValue)))
                    } else {
                        schemas.append((name, try sub(resource, pointer, key, name)))
                    }
                }
                result.append(.dependentRequired(required))
                result.append(.dependentSchemas(schemas))
            case "dependentSchemas":
                var members: [(String, SchemaNode)] = []
                for name in value.objectValue?.keys ?? [] {
                    members.append((name, try sub(resource, pointer, key, name)))
                }
                result.append(.dependentSchemas(members))
            case "items":
                let prefixCount = object["prefixItems"]?.arrayValue?.count ?? 0
                result.append(.items(try sub(resource, pointer, key), prefixCount: prefixCount))
            case "prefixItems":
                var nodes: [SchemaNode] = []
                for i in 0..<(value.arrayValue?.count ?? 0) { nodes.append(try sub(resource, pointer, key, String(i))) }
                result.append(.prefixItems(nodes))
            case "contains":
                let minimum = validationDisabled ? nil : object["minContains"]
                let maximum = validationDisabled ? nil : object["maxContains"]
                let min = try minimum.map { v throws(SchemaCompilationError) in try count(v, pointer.appending("minContains")) } ?? 1
                let max = try maximum.map { v throws(SchemaCompilationError) in try count(v, pointer.appending("maxContains")) }
                result.append(.contains(try sub(resource, pointer, key), min: min, max: max))
            case "minItems": result.append(.minItems(try count(value, at)))
            case "maxItems": result.append(.maxItems(try count(value, at)))
            case "uniqueItems": if value.boolValue == true { result.append(.uniqueItems) }
            case "minLength": result.append(.minLength(try count(value, at)))
            case "maxLength": result.append(.maxLength(try count(value, at)))
            case "pattern":
                if let source = value.stringValue { result.append(.pattern(try pattern(source, at: at))) }
            case "format":
                if assertFormats, let name = value.stringValue, let assertion = formats.assertion(named: name) {
                    result.append(.format(name, assertion))
                } else {
                    result.append(.annotation(key, value))
                }
            case "minimum": result.append(.minimum(try number(value, at)))
            case "maximum": result.append(.maximum(try number(value, at)))
            case "exclusiveMinimum": result.append(.exclusiveMinimum(try number(value, at)))
            case "exclusiveMaximum": result.append(.exclusiveMaximum(try number(value, at)))
            case "multipleOf": result.append(.multipleOf(try number(value, at)))
            case "allOf", "anyOf", "oneOf":
                var nodes: [SchemaNode] = []
                for i in 0..<(value.arrayValue?.count ?? 0) { nodes.append(try sub(resource, pointer, key, String(i))) }
                result.append(key == "allOf" ? .allOf(nodes) : key == "anyOf" ? .anyOf(nodes) : .oneOf(nodes))
            case "not":
                result.append(.not(try sub(resource, pointer, key)))
            case "if":
                let thenNode = object["then"] == nil ? nil : try sub(resource, pointer, "then")
                let elseNode = object["else"] == nil ? nil : try sub(resource, pointer, "else")
                result.append(.conditional(if: try sub(resource, pointer, key), then: thenNode, else: elseNode))
            case "$ref":
                guard let reference = value.stringValue else { continue }
                let slot = ReferenceSlot(uri: SchemaURI.resolve(reference, against: resource))
                pendingReferences.append((slot, at.description, false))
                result.append(.reference(slot))
            case "$dynamicRef":
                guard let reference = value.stringValue else { continue }
                let slot = ReferenceSlot(uri: SchemaURI.resolve(reference, against: resource))
                pendingReferences.append((slot, at.description, true))
                result.append(.dynamicReference(slot, anchor: nil))
            case "$schema", "$id", "$anchor", "$dynamicAnchor", "$defs", "definitions", "$comment", "$vocabulary", "then", "else",
                "minContains", "maxContains":
                continue
            default:
                // title, description, default, readOnly, x-pii, x-owner and unknown keywords annotate.
                result.append(.annotation(key, value))
            }
        }
        // unevaluated* see the annotations of every other keyword of the same schema object.
        return result + deferred
    }

    /// Links every pending reference, compiling targets (and loading remote documents) as needed.
    /// Refuses a schema that applies itself to the same instance location without end — `$ref`s (or
    /// `allOf`/`anyOf`/`oneOf`/`not`/`if`/`then`/`else`/`dependentSchemas`) that come back to where they
    /// started without descending into a property or an item. Validating with one would recurse until
    /// the stack ran out (found by fuzzing).
    func rejectInPlaceCycles(among nodes: [SchemaNode]) throws(SchemaCompilationError) {
        enum Mark { case visiting, done }
        var marks: [ObjectIdentifier: Mark] = [:]
        func inPlace(_ node: SchemaNode) -> [SchemaNode] {
            var next: [SchemaNode] = []
            for keyword in node.keywords {
                switch keyword {
                case .allOf(let nodes), .anyOf(let nodes), .oneOf(let nodes): next += nodes
                case .not(let child): next.append(child)
                case .conditional(let test, let then, let otherwise): next += [test, then, otherwise].compactMap { $0 }
                case .dependentSchemas(let pairs): next += pairs.map(\.1)
                case .reference(let slot), .dynamicReference(let slot, _): if let target = slot.target { next.append(target) }
                default: break
                }
            }
            return next
        }
        func visit(_ node: SchemaNode) throws(SchemaCompilationError) {
            let id = ObjectIdentifier(node)
            switch marks[id] {
            case .done?: return
            case .visiting?:
                throw SchemaCompilationError(
                    location: node.absoluteLocation,
                    reason: "the schema applies itself to the same instance without end (a reference cycle that never descends into a property or an item)")
            case nil: break
            }
            marks[id] = .visiting
            for child in inPlace(node) { try visit(child) }
            marks[id] = .done
        }
        for node in nodes { try visit(node) }
    }

    mutating func linkReferences() throws(SchemaCompilationError) {
        while let (slot, location, dynamic) = pendingReferences.popLast() {
            let (base, fragment) = SchemaURI.split(slot.uri)
            if resources[base] == nil, let document = resolver?(base) {
                register(document: document, uri: base)
            }
            if let fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                guard let (resource, pointer) = anchors[base + "#" + fragment] else {
                    throw SchemaCompilationError(location: location, reason: "unresolvable reference \(slot.uri)")
                }
                slot.target = try compile(resource: resource, pointer: pointer)
                if dynamic, dynamicAnchors[resource]?[fragment] == pointer { slot.dynamicAnchor = fragment }
                continue
            }
            guard resources[base] != nil else {
                throw SchemaCompilationError(location: location, reason: "unresolvable reference \(slot.uri)")
            }
            let decoded = (fragment ?? "").removingPercentEncoding
            guard let pointer = JSONPointer(decoded) else {
                throw SchemaCompilationError(location: location, reason: "invalid JSON Pointer in reference \(slot.uri)")
            }
            slot.target = try compile(resource: base, pointer: pointer)
        }
    }

    /// Compiles every `$dynamicAnchor` so dynamic references can find them at evaluation time.
    mutating func compileDynamicAnchors() throws(SchemaCompilationError) -> [String: [String: SchemaNode]] {
        var table: [String: [String: SchemaNode]] = [:]
        for (resource, names) in dynamicAnchors {
            for (name, pointer) in names {
                table[resource, default: [:]][name] = try compile(resource: resource, pointer: pointer)
            }
        }
        try linkReferences()
        return table
    }
}

extension String {
    /// Decodes `%XX` escapes (for JSON Pointer fragments in URIs).
    var removingPercentEncoding: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var iterator = Array(utf8).makeIterator()
        while let b = iterator.next() {
            if b == UInt8(ascii: "%"), let h = iterator.next(), let l = iterator.next(),
                let value = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
