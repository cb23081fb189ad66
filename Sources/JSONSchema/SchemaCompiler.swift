import JSONValue

/// Loads a referenced document that is not part of the schema being compiled; `nil` when unknown.
public typealias SchemaResolver = @Sendable (_ uri: String) -> JSON?

/// Turns schema documents into linked ``SchemaNode`` trees.
struct SchemaCompiler {
    let formats: FormatRegistry
    let resolver: SchemaResolver?
    /// Resources by absolute URI (no fragment): the schema JSON with its base URI.
    var resources: [String: JSON] = [:]
    /// Anchors: `uri#name` → (resource URI, pointer inside it).
    var anchors: [String: (String, JSONPointer)] = [:]
    /// Compiled nodes by absolute location `uri#pointer`.
    var nodes: [String: SchemaNode] = [:]
    var pendingReferences: [(ReferenceSlot, String)] = []

    init(formats: FormatRegistry, resolver: SchemaResolver?) {
        self.formats = formats
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
        if let id = object["$id"]?.stringValue {
            base = SchemaURI.split(SchemaURI.resolve(id, against: base)).base
            resource = base
            pointer = .root
            resources[resource] = schema
        } else if isRoot {
            resources[resource] = schema
        }
        if let anchor = object["$anchor"]?.stringValue { anchors[base + "#" + anchor] = (resource, pointer) }
        if let anchor = object["$dynamicAnchor"]?.stringValue { anchors[base + "#" + anchor] = (resource, pointer) }
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
            default:
                if case .object = value {
                    index(value, base: base, resource: resource, pointer: pointer.appending(key), isRoot: false)
                }
            }
        }
    }

    /// Compiles the schema at `pointer` inside `resource` (memoised, so cycles terminate).
    mutating func compile(resource: String, pointer: JSONPointer) throws(SchemaCompilationError) -> SchemaNode {
        let key = resource + "#" + pointer.description
        if let node = nodes[key] { return node }
        guard let document = resources[resource] else {
            throw SchemaCompilationError(location: key, reason: "unknown schema resource \(resource)")
        }
        guard let schema = document[pointer: pointer] else {
            throw SchemaCompilationError(location: key, reason: "no schema at \(pointer)")
        }
        let node = SchemaNode(absoluteLocation: key)
        nodes[key] = node
        try fill(node, schema: schema, resource: resource, pointer: pointer)
        return node
    }

    private mutating func fill(_ node: SchemaNode, schema: JSON, resource: String, pointer: JSONPointer) throws(SchemaCompilationError) {
        switch schema {
        case .bool(let value):
            node.constant = value
            return
        case .object(let object):
            var resource = resource
            var pointer = pointer
            if let id = object["$id"]?.stringValue, !pointer.tokens.isEmpty {
                resource = SchemaURI.split(SchemaURI.resolve(id, against: resource)).base
                pointer = .root
            }
            node.keywords = try keywords(of: object, resource: resource, pointer: pointer)
        default:
            throw SchemaCompilationError(location: pointer.description, reason: "a schema must be an object or a boolean")
        }
    }

    private mutating func sub(_ resource: String, _ pointer: JSONPointer, _ tokens: String...) throws(SchemaCompilationError) -> SchemaNode {
        var p = pointer
        for t in tokens { p = p.appending(t) }
        return try compile(resource: resource, pointer: p)
    }

    private func pattern(_ source: String, at location: JSONPointer) throws(SchemaCompilationError) -> CompiledPattern {
        do {
            return CompiledPattern(source: source, regex: try Regex(ECMARegex.translate(source)))
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

    private mutating func keywords(of object: JSONObject, resource: String, pointer: JSONPointer) throws(SchemaCompilationError) -> [Keyword] {
        var result: [Keyword] = []
        for (key, value) in object {
            let at = pointer.appending(key)
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
            case "required":
                result.append(.required(value.arrayValue?.compactMap(\.stringValue) ?? []))
            case "propertyNames":
                result.append(.propertyNames(try sub(resource, pointer, key)))
            case "minProperties": result.append(.minProperties(try count(value, at)))
            case "maxProperties": result.append(.maxProperties(try count(value, at)))
            case "dependentRequired":
                let members = (value.objectValue ?? JSONObject()).map { ($0.0, $0.1.arrayValue?.compactMap(\.stringValue) ?? []) }
                result.append(.dependentRequired(members))
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
                let min = try object["minContains"].map { v throws(SchemaCompilationError) in try count(v, pointer.appending("minContains")) } ?? 1
                let max = try object["maxContains"].map { v throws(SchemaCompilationError) in try count(v, pointer.appending("maxContains")) }
                result.append(.contains(try sub(resource, pointer, key), min: min, max: max))
            case "minItems": result.append(.minItems(try count(value, at)))
            case "maxItems": result.append(.maxItems(try count(value, at)))
            case "uniqueItems": if value.boolValue == true { result.append(.uniqueItems) }
            case "minLength": result.append(.minLength(try count(value, at)))
            case "maxLength": result.append(.maxLength(try count(value, at)))
            case "pattern":
                if let source = value.stringValue { result.append(.pattern(try pattern(source, at: at))) }
            case "format":
                if let name = value.stringValue, let checker = formats.checkers[name] { result.append(.format(name, checker)) }
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
                let slot = ReferenceSlot(uri: SchemaURI.resolve(reference, against: resource + "#"))
                pendingReferences.append((slot, at.description))
                result.append(.reference(slot))
            default:
                continue
            }
        }
        return result
    }

    /// Links every pending `$ref`, compiling targets (and loading remote documents) as needed.
    mutating func linkReferences() throws(SchemaCompilationError) {
        while let (slot, location) = pendingReferences.popLast() {
            let (base, fragment) = SchemaURI.split(slot.uri)
            if resources[base] == nil, let document = resolver?(base) {
                register(document: document, uri: base)
            }
            if let fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                guard let (resource, pointer) = anchors[base + "#" + fragment] else {
                    throw SchemaCompilationError(location: location, reason: "unresolvable reference \(slot.uri)")
                }
                slot.target = try compile(resource: resource, pointer: pointer)
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
