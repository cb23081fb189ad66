import BoundedRegex
import JSONValue

/// A compiled schema: keywords are parsed once, regular expressions built once, references linked.
///
/// Nodes are built by ``SchemaCompiler`` and never mutated after compilation finishes, so sharing
/// them across threads is safe.
final class SchemaNode: @unchecked Sendable {
    /// `true`/`false` schemas.
    var constant: Bool?
    var keywords: [Keyword] = []
    /// The absolute URI of this schema with a JSON Pointer fragment.
    let absoluteLocation: String
    /// The base URI of the schema resource this node belongs to (its dynamic scope entry).
    let resource: String

    init(absoluteLocation: String, resource: String) {
        self.absoluteLocation = absoluteLocation
        self.resource = resource
    }

    /// The keywords that constrain an instance (everything but annotations).
    var assertions: [Keyword] {
        keywords.filter { if case .annotation = $0 { return false } else { return true } }
    }
}

/// A reference resolved after compilation (references may be cyclic).
final class ReferenceSlot: @unchecked Sendable {
    let uri: String
    var target: SchemaNode?
    /// For `$dynamicRef`: the anchor name, set when the static target has a matching `$dynamicAnchor`.
    var dynamicAnchor: String?

    init(uri: String) { self.uri = uri }
}

/// A compiled regular expression; pattern text kept for messages. A class, so that the keyword
/// enum keeps a fixed layout (`Regex` comes from a resilient module).
///
/// Matching cost is bounded: ``BoundedRegex``'s one-pass automaton on ASCII strings where the pattern
/// has one, the byte-level matcher for simple patterns without one, else ``BoundedRegex``'s matcher (linear
/// in the string's length for any pattern without backreferences, a step budget for those). Swift's
/// `Regex` is used only for what BoundedRegex does not implement (Unicode script properties).
final class CompiledPattern: @unchecked Sendable {
    let source: String
    /// The byte-level matcher, for simple patterns that never backtrack or have no automaton.
    let simple: SimplePattern?
    let bounded: BoundedRegex?
    let regex: Regex<AnyRegexOutput>?

    /// Compiles `source` (ECMA-262); throws when it is not a valid pattern.
    init(source: String) throws {
        let (compiled, regex) = try Self.compile(source)
        // Simple patterns that never backtrack run on the byte-level matcher, a tight loop per atom; the
        // automaton answers the others in one pass, and the byte-level matcher also serves simple
        // patterns the automaton refuses (too many states, e.g. long counted repetitions).
        let candidate = SimplePattern(source)
        let deterministic = candidate?.isDeterministic ?? false
        let hasAutomaton = compiled?.hasAutomaton ?? false
        self.source = source
        self.bounded = compiled
        self.regex = regex
        self.simple = deterministic || !hasAutomaton ? candidate : nil
    }

    /// The bounded engine's form of the pattern, or Swift's `Regex` for what it does not implement.
    private static func compile(_ source: String) throws -> (BoundedRegex?, Regex<AnyRegexOutput>?) {
        do {
            return (try BoundedRegex(source), nil)
        } catch .unsupported {
            return (nil, try Regex(ECMARegex.translate(source)))
        }
    }

    func matches(_ string: String) -> Bool {
        if let simple { return simple.matches(string) }
        return matchesGenerally(string)
    }

    /// Whether the string at `string`, whose UTF-8 bytes are `bytes`, matches.
    func matches(_ string: UnsafePointer<String>, utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let simple { return simple.matches(utf8: bytes) }
        return matchesGenerally(string, utf8: bytes)
    }

    /// Kept out of line, so callers answered by the byte-level matcher stay small. A pattern whose
    /// step budget runs out (backreferences only) does not match: validation fails closed.
    @inline(never)
    private func matchesGenerally(_ string: String) -> Bool {
        if let bounded { return (try? bounded.matches(string)) ?? false }
        return (try? regex?.firstMatch(in: string)) != nil
    }

    @inline(never)
    private func matchesGenerally(_ string: UnsafePointer<String>, utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if let bounded { return (try? bounded.matches(string, utf8: bytes)) ?? false }
        return (try? regex?.firstMatch(in: string.pointee)) != nil
    }
}

/// One keyword with its operands prepared for evaluation.
indirect enum Keyword {
    case type([String])
    case enumeration([JSON])
    case constant(JSON)
    case properties([(String, SchemaNode)])
    case patternProperties([(CompiledPattern, SchemaNode)])
    case additionalProperties(SchemaNode, named: Set<String>, patterns: [CompiledPattern])
    case required([String])
    case propertyNames(SchemaNode)
    case minProperties(Int)
    case maxProperties(Int)
    case dependentRequired([(String, [String])])
    case dependentSchemas([(String, SchemaNode)])
    case items(SchemaNode, prefixCount: Int)
    case prefixItems([SchemaNode])
    case contains(SchemaNode, min: Int, max: Int?)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case minLength(Int)
    case maxLength(Int)
    case pattern(CompiledPattern)
    case format(String, FormatAssertion)
    case minimum(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case multipleOf(JSONNumber)
    case allOf([SchemaNode])
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    case not(SchemaNode)
    case conditional(if: SchemaNode, then: SchemaNode?, else: SchemaNode?)
    case reference(ReferenceSlot)
    /// `$dynamicRef`: the static target, and the anchor name when the target declares a matching `$dynamicAnchor`.
    case dynamicReference(ReferenceSlot, anchor: String?)
    case unevaluatedProperties(SchemaNode)
    case unevaluatedItems(SchemaNode)
    /// A keyword that only annotates (`title`, `readOnly`, `format` when not asserted, `x-pii`, unknown keywords).
    case annotation(String, JSON)

    /// The keyword's name in the schema, for locations.
    var name: String {
        switch self {
        case .type: "type"
        case .enumeration: "enum"
        case .constant: "const"
        case .properties: "properties"
        case .patternProperties: "patternProperties"
        case .additionalProperties: "additionalProperties"
        case .required: "required"
        case .propertyNames: "propertyNames"
        case .minProperties: "minProperties"
        case .maxProperties: "maxProperties"
        case .dependentRequired: "dependentRequired"
        case .dependentSchemas: "dependentSchemas"
        case .items: "items"
        case .prefixItems: "prefixItems"
        case .contains: "contains"
        case .minItems: "minItems"
        case .maxItems: "maxItems"
        case .uniqueItems: "uniqueItems"
        case .minLength: "minLength"
        case .maxLength: "maxLength"
        case .pattern: "pattern"
        case .format: "format"
        case .minimum: "minimum"
        case .maximum: "maximum"
        case .exclusiveMinimum: "exclusiveMinimum"
        case .exclusiveMaximum: "exclusiveMaximum"
        case .multipleOf: "multipleOf"
        case .allOf: "allOf"
        case .anyOf: "anyOf"
        case .oneOf: "oneOf"
        case .not: "not"
        case .conditional: "if"
        case .reference: "$ref"
        case .dynamicReference: "$dynamicRef"
        case .unevaluatedProperties: "unevaluatedProperties"
        case .unevaluatedItems: "unevaluatedItems"
        case .annotation(let name, _): name
        }
    }
}
