import JSONValue

/// A JSON Schema (draft 2020-12) compiled once and used for any number of validations, concurrently.
public struct JSONSchemaValidator: Sendable {
    /// How a schema is compiled.
    public struct Options: Sendable {
        /// Assert `format` (the format-assertion vocabulary). Off by default, as the specification says;
        /// the hub's contracts turn it on.
        public var assertFormats: Bool
        /// The formats known when asserting.
        public var formats: FormatRegistry

        public init(assertFormats: Bool = false, formats: FormatRegistry = .standard) {
            self.assertFormats = assertFormats
            self.formats = formats
        }
    }

    let root: SchemaNode
    let dynamicAnchors: [String: [String: SchemaNode]]
    let usesUnevaluated: Bool
    /// The type-specialised form for yes/no checks, when the schema allows it (no `unevaluated*`, no dynamic scope).
    let flag: FlagProgram?
    /// The schema's base URI.
    public let uri: String
    /// Every compiled node, so the graph (cyclic wherever a schema refers back to itself) is taken
    /// apart when the last copy of the validator goes.
    private let graph: SchemaGraph

    static let draft2020 = "https://json-schema.org/draft/2020-12/schema"
    static let formatAssertionVocabulary = "https://json-schema.org/draft/2020-12/vocab/format-assertion"
    static let knownVocabularies: Set<String> = [
        "https://json-schema.org/draft/2020-12/vocab/core", "https://json-schema.org/draft/2020-12/vocab/applicator",
        "https://json-schema.org/draft/2020-12/vocab/unevaluated", "https://json-schema.org/draft/2020-12/vocab/validation",
        "https://json-schema.org/draft/2020-12/vocab/meta-data", "https://json-schema.org/draft/2020-12/vocab/format-annotation",
        "https://json-schema.org/draft/2020-12/vocab/content", formatAssertionVocabulary,
    ]

    /// Compiles `schema`.
    ///
    /// - Parameters:
    ///   - uri: the base URI when the schema has no `$id`.
    ///   - options: format assertion and the known formats.
    ///   - resolver: loads documents for references outside `schema` (and custom meta-schemas); never the network by default.
    /// - Throws: ``SchemaCompilationError`` for malformed keywords, bad patterns and unresolvable references.
    public init(
        _ schema: JSON,
        uri: String = "urn:interchange:schema",
        options: Options = Options(),
        resolver: SchemaResolver? = nil
    ) throws(SchemaCompilationError) {
        var assertFormats = options.assertFormats
        var disabled: Set<String> = []
        if let metaURI = schema["$schema"]?.stringValue, SchemaURI.split(metaURI).base != Self.draft2020,
            let meta = resolver?(SchemaURI.split(metaURI).base), case .object(let vocabularies)? = meta["$vocabulary"]
        {
            disabled = Self.knownVocabularies.subtracting(vocabularies.keys)
            if vocabularies[Self.formatAssertionVocabulary] != nil { assertFormats = true }
        }
        var compiler = SchemaCompiler(formats: options.formats, assertFormats: assertFormats, resolver: resolver)
        compiler.disabledVocabularies = disabled
        var base = uri
        if let id = schema["$id"]?.stringValue { base = SchemaURI.split(SchemaURI.resolve(id, against: uri)).base }
        compiler.register(document: schema, uri: uri)
        let root: SchemaNode
        let nodes: [SchemaNode]
        do {
            root = try compiler.compile(resource: base, pointer: .root)
            try compiler.linkReferences()
            dynamicAnchors = try compiler.compileDynamicAnchors()
            nodes = compiler.allNodes
            try compiler.rejectInPlaceCycles(among: nodes)
        } catch {
            // The nodes compiled so far may refer to each other: take them apart (found by fuzzing).
            SchemaGraph.takeApart(compiler.allNodes)
            throw error
        }
        usesUnevaluated = compiler.usesUnevaluated
        self.root = root
        self.uri = base
        graph = SchemaGraph(nodes)
        var flagCompiler = FlagCompiler(dynamicAnchors: dynamicAnchors)
        if FlagCompiler.supported, let flagRoot = flagCompiler.compileRoot(root) {
            flag = FlagProgram(root: flagRoot, nodes: flagCompiler.all)
        } else {
            flag = nil
        }
    }

    /// Compiles `schema` with format assertion on (as the hub's contracts use it).
    public static func asserting(_ schema: JSON, uri: String = "urn:interchange:schema", resolver: SchemaResolver? = nil) throws(SchemaCompilationError) -> JSONSchemaValidator {
        try JSONSchemaValidator(schema, uri: uri, options: Options(assertFormats: true), resolver: resolver)
    }

    /// Validates `instance`, collecting every error, and — when `collectAnnotations` — the annotations
    /// (`title`, `readOnly`, `x-pii`, …) of the schemas that passed.
    public func validate(_ instance: JSON, collectAnnotations: Bool = false) -> ValidationResult {
        // Valid instances (the common case) are answered by the fast form; errors need the full walk.
        if !collectAnnotations, let flag, flag.root.isValid(instance) { return ValidationResult(errors: []) }
        var context = EvaluationContext(collect: true, annotate: usesUnevaluated, collectOutputs: collectAnnotations, dynamicAnchors: dynamicAnchors)
        var annotations = Annotations()
        _ = context.evaluate(instance, root, annotations: &annotations)
        return ValidationResult(errors: context.errors, annotations: context.outputs)
    }

    /// Whether yes/no checks run the compiled flag form (otherwise the annotation-collecting walk:
    /// `unevaluatedItems`, or `unevaluatedProperties` whose evaluated names depend on a branch).
    public var checksInFlagForm: Bool { flag != nil }

    /// Whether `instance` is valid; stops at the first failure.
    public func isValid(_ instance: JSON) -> Bool {
        if let flag { return flag.root.isValid(instance) }
        return isValidByWalking(instance)
    }

    /// The reference walk's answer (what ``isValid(_:)`` answers faster), kept for cross-checks.
    func isValidByWalking(_ instance: JSON) -> Bool {
        var context = EvaluationContext(collect: false, annotate: usesUnevaluated, dynamicAnchors: dynamicAnchors)
        var annotations = Annotations()
        return context.evaluate(instance, root, annotations: &annotations)
    }
}

/// Owns a validator's schema nodes and breaks their reference cycles when it goes.
final class SchemaGraph: @unchecked Sendable {
    private let nodes: [SchemaNode]

    init(_ nodes: [SchemaNode]) { self.nodes = nodes }

    deinit { Self.takeApart(nodes) }

    /// Drops every node's keywords, and with them the references between nodes.
    static func takeApart(_ nodes: [SchemaNode]) {
        for node in nodes { node.keywords = [] }
    }
}
