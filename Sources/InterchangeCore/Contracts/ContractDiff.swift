import JSONValue

/// One difference between two versions of a contract, classified for consumers and producers.
public struct ContractChange: Sendable, Equatable, CustomStringConvertible {
    public enum Compatibility: String, Sendable { case compatible, breaking }

    /// The field, as a pointer pattern (`/lines/*/sku`; `*` for every array item).
    public var path: String
    public var compatibility: Compatibility
    /// What changed, in words (`removed field`, `new required field`, `narrowed type`, …).
    public var summary: String

    public init(path: String, compatibility: Compatibility, summary: String) {
        self.path = path
        self.compatibility = compatibility
        self.summary = summary
    }

    /// The field's own name (last token that is not `*`), for impact analysis.
    public var fieldName: String? {
        path.split(separator: "/").map(String.init).last { $0 != "*" }
    }

    public var description: String { "\(compatibility.rawValue.padding(11))\(path.isEmpty ? "/" : path)  \(summary)" }
}

extension String {
    fileprivate func padding(_ width: Int) -> String { count >= width ? self + " " : self + String(repeating: " ", count: width - count) }
}

/// Compares two contract schemas structurally, following `$ref`s, and classifies every change:
/// an added optional field is compatible; a removed field, a new required field, a narrowed type,
/// a removed enum value or a tightened constraint is breaking.
public struct ContractDiff {
    let oldRoot: JSON
    let newRoot: JSON
    let resolver: @Sendable (String) -> JSON?

    /// - Parameter resolver: documents for references to other contracts, by `$id`.
    public init(old: JSON, new: JSON, resolver: @escaping @Sendable (String) -> JSON? = { _ in nil }) {
        oldRoot = old
        newRoot = new
        self.resolver = resolver
    }

    public func changes() -> [ContractChange] {
        var out: [ContractChange] = []
        var visited = Set<String>()
        compare(oldRoot, oldRoot, newRoot, newRoot, path: "", into: &out, visited: &visited)
        return out
    }

    /// Follows `$ref` (local pointers and other contracts by `$id`) to the schema it names.
    private func resolve(_ schema: JSON, in document: JSON) -> (JSON, JSON) {
        var schema = schema
        var document = document
        var hops = 0
        while let ref = schema["$ref"]?.stringValue, hops < 32 {
            hops += 1
            let parts = ref.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            var target = document
            if !parts[0].isEmpty {
                let base = document["$id"]?.stringValue ?? ""
                guard let other = resolver(Self.resolve(parts[0], against: base)) else { break }
                target = other
            }
            let pointer = parts.count > 1 ? JSONPointer(parts[1]) ?? .root : .root
            guard let resolved = target[pointer: pointer] else { break }
            // Keep sibling keywords of the $ref (2020-12 applies both).
            var merged = resolved.objectValue ?? JSONObject()
            for (k, v) in schema.objectValue ?? JSONObject() where k != "$ref" && merged[k] == nil { merged[k] = v }
            schema = .object(merged)
            document = target
        }
        return (schema, document)
    }

    private static func resolve(_ reference: String, against base: String) -> String {
        guard reference.hasPrefix("."), let slash = base.lastIndex(of: "/") else { return reference }
        var directory = String(base[..<slash])
        var rest = Substring(reference)
        while rest.hasPrefix("../") {
            rest = rest.dropFirst(3)
            if let up = directory.lastIndex(of: "/") { directory = String(directory[..<up]) }
        }
        if rest.hasPrefix("./") { rest = rest.dropFirst(2) }
        return directory + "/" + rest
    }

    private static func types(_ schema: JSON) -> Set<String>? {
        if let t = schema["type"]?.stringValue { return [t] }
        if let many = schema["type"]?.arrayValue { return Set(many.compactMap(\.stringValue)) }
        return nil
    }

    private func compare(_ oldSchema: JSON, _ oldDoc: JSON, _ newSchema: JSON, _ newDoc: JSON, path: String, into out: inout [ContractChange], visited: inout Set<String>) {
        let key = path + "|" + oldSchema.description.prefix(64) + "|" + newSchema.description.prefix(64)
        guard visited.insert(key).inserted, path.split(separator: "/").count < 24 else { return }
        let (old, oldIn) = resolve(oldSchema, in: oldDoc)
        let (new, newIn) = resolve(newSchema, in: newDoc)
        func add(_ compatibility: ContractChange.Compatibility, _ summary: String, at p: String? = nil) {
            out.append(ContractChange(path: p ?? path, compatibility: compatibility, summary: summary))
        }
        // Types: removing an accepted type narrows; adding widens. integer ⊂ number.
        let oldTypes = Self.types(old), newTypes = Self.types(new)
        if let o = oldTypes, let n = newTypes, o != n {
            let removed = o.subtracting(n).filter { !($0 == "integer" && n.contains("number")) }
            if !removed.isEmpty { add(.breaking, "narrowed type: \(o.sorted().joined(separator: "|")) → \(n.sorted().joined(separator: "|"))") }
            else { add(.compatible, "widened type: \(o.sorted().joined(separator: "|")) → \(n.sorted().joined(separator: "|"))") }
        } else if oldTypes == nil, let n = newTypes {
            add(.breaking, "type restricted to \(n.sorted().joined(separator: "|"))")
        }
        // Enumerations.
        if let o = old["enum"]?.arrayValue, let n = new["enum"]?.arrayValue {
            for value in o where !n.contains(value) { add(.breaking, "removed enum value \(value)") }
            for value in n where !o.contains(value) { add(.compatible, "added enum value \(value)") }
        } else if old["enum"] == nil, new["enum"] != nil {
            add(.breaking, "values restricted to an enumeration")
        }
        if old["const"] != new["const"], let n = new["const"] { add(.breaking, "value fixed to \(n)") }
        // Patterns and formats.
        switch (old["pattern"]?.stringValue, new["pattern"]?.stringValue) {
        case (let o?, let n?) where o != n: add(.breaking, "pattern changed: \(o) → \(n)")
        case (nil, let n?): add(.breaking, "pattern added: \(n)")
        case (_?, nil): add(.compatible, "pattern removed")
        default: break
        }
        switch (old["format"]?.stringValue, new["format"]?.stringValue) {
        case (let o?, let n?) where o != n: add(.breaking, "format changed: \(o) → \(n)")
        case (nil, let n?): add(.breaking, "format added: \(n)")
        case (_?, nil): add(.compatible, "format removed")
        default: break
        }
        // Numeric and size bounds: a larger minimum or a smaller maximum tightens.
        for (keyword, largerIsTighter) in [
            ("minimum", true), ("exclusiveMinimum", true), ("minLength", true), ("minItems", true), ("minProperties", true),
            ("maximum", false), ("exclusiveMaximum", false), ("maxLength", false), ("maxItems", false), ("maxProperties", false),
        ] {
            let o = old[keyword]?.numberValue?.double, n = new[keyword]?.numberValue?.double
            switch (o, n) {
            case (let a?, let b?) where a != b:
                add((b > a) == largerIsTighter ? .breaking : .compatible, "\(keyword) \(Self.format(a)) → \(Self.format(b))")
            case (nil, let b?): add(.breaking, "\(keyword) \(Self.format(b)) added")
            case (let a?, nil): add(.compatible, "\(keyword) \(Self.format(a)) removed")
            default: break
            }
        }
        // Object members.
        let oldRequired = Set(old["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let newRequired = Set(new["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let oldProperties = old["properties"]?.objectValue ?? JSONObject()
        let newProperties = new["properties"]?.objectValue ?? JSONObject()
        for (name, oldProperty) in oldProperties {
            let child = path + "/" + name
            if let newProperty = newProperties[name] {
                compare(oldProperty, oldIn, newProperty, newIn, path: child, into: &out, visited: &visited)
            } else {
                add(.breaking, "removed field", at: child)
            }
        }
        for name in newProperties.keys where oldProperties[name] == nil {
            add(newRequired.contains(name) ? .breaking : .compatible, newRequired.contains(name) ? "new required field" : "added optional field", at: path + "/" + name)
        }
        for name in newRequired.subtracting(oldRequired).sorted() where oldProperties[name] != nil || newProperties[name] == nil {
            add(.breaking, "field became required", at: path + "/" + name)
        }
        for name in oldRequired.subtracting(newRequired).sorted() where newProperties[name] != nil {
            add(.compatible, "field became optional", at: path + "/" + name)
        }
        if old["additionalProperties"] != .bool(false), new["additionalProperties"] == .bool(false) {
            add(.breaking, "additional properties no longer allowed")
        }
        // Arrays.
        if let o = old["items"], let n = new["items"] {
            compare(o, oldIn, n, newIn, path: path + "/*", into: &out, visited: &visited)
        }
        // Combinators, compared position by position.
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let o = old[keyword]?.arrayValue ?? [], n = new[keyword]?.arrayValue ?? []
            for i in 0..<min(o.count, n.count) { compare(o[i], oldIn, n[i], newIn, path: path, into: &out, visited: &visited) }
            if n.count != o.count { add(.breaking, "\(keyword) changed from \(o.count) to \(n.count) subschemas") }
        }
    }

    private static func format(_ d: Double) -> String { JSONNumber(d).text }
}
