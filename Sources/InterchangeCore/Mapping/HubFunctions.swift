import JSONValue
import JSONata

/// The hub's extension functions for mappings (registered by the hub, not part of the JSONata library):
///
/// - `$xref(system, type, canonicalId)`: the id `system` uses for a canonical entity, undefined when unknown.
/// - `$lookup(table, key)`: a value from the project's lookup table `lookups/TABLE.json`; with an object as
///   first argument it is JSONata's own `$lookup(object, key)`.
public enum HubFunctions {
    public static func make(project: Project, crossReferences: CrossReferenceCache) -> [JSONataFunction] {
        make(lookups: project.lookups, crossReferences: crossReferences)
    }

    /// The functions over lookup tables by name (as `lookups/NAME.json` holds them) and cross-references.
    public static func make(lookups tables: [String: JSONObject], crossReferences: CrossReferenceCache) -> [JSONataFunction] {
        // A project has a handful of tables: comparing the name with each beats hashing it per call.
        let tableList = tables.sorted { $0.key < $1.key }
        @Sendable func lookupTable(_ name: String) -> JSONObject? {
            tableList.count <= 8 ? tableList.first(where: { $0.key == name })?.value : tables[name]
        }
        return [
            JSONataFunction(name: "xref", signature: "<sss:s>") { arguments throws(JSONataError) in
                guard case .string(let system)?? = arguments.first, arguments.count == 3,
                    case .string(let type)? = arguments[1], case .string(let canonicalId)? = arguments[2]
                else { return nil }
                return crossReferences.externalId(system: system, type: type, canonicalId: canonicalId).map { .string($0) }
            },
            JSONataFunction(name: "lookup", signature: "<x-s:x>") { arguments throws(JSONataError) in
                guard arguments.count == 2, let key = arguments[1]?.stringValue, let first = arguments[0] else { return nil }
                switch first {
                case .string(let table):
                    guard let entries = lookupTable(table) else {
                        throw JSONataError(code: "D3901", token: table, message: "$lookup: no lookup table \"\(table)\" in the project (expected lookups/\(table).json)")
                    }
                    return entries[key]
                case .object(let object):
                    return object[key]
                case .array(let items):
                    let found = items.compactMap { $0[key] }
                    return found.isEmpty ? nil : (found.count == 1 ? found[0] : .array(found))
                default:
                    return nil
                }
            },
        ]
    }
}
