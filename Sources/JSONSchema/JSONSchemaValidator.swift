import JSONValue

/// A JSON Schema (draft 2020-12) compiled once and used for any number of validations, concurrently.
public struct JSONSchemaValidator: Sendable {
    let root: SchemaNode
    /// The schema's base URI.
    public let uri: String

    /// Compiles `schema`.
    ///
    /// - Parameters:
    ///   - uri: the base URI when the schema has no `$id`.
    ///   - formats: which `format` values are asserted (default: all this library knows).
    ///   - resolver: loads documents for references outside `schema`; never the network by default.
    /// - Throws: ``SchemaCompilationError`` for malformed keywords, bad patterns and unresolvable references.
    public init(
        _ schema: JSON,
        uri: String = "urn:interchange:schema",
        formats: FormatRegistry = .standard,
        resolver: SchemaResolver? = nil
    ) throws(SchemaCompilationError) {
        var compiler = SchemaCompiler(formats: formats, resolver: resolver)
        var base = uri
        if let id = schema["$id"]?.stringValue { base = SchemaURI.split(SchemaURI.resolve(id, against: uri)).base }
        compiler.register(document: schema, uri: base)
        if base != uri { compiler.resources[uri] = schema }
        let root = try compiler.compile(resource: base, pointer: .root)
        try compiler.linkReferences()
        self.root = root
        self.uri = base
    }

    /// Validates `instance`, collecting every error.
    public func validate(_ instance: JSON) -> ValidationResult {
        var context = EvaluationContext(collect: true)
        _ = context.evaluate(instance, root, instancePath: .root, keywordPath: "")
        return ValidationResult(errors: context.errors)
    }

    /// Whether `instance` is valid; stops at the first failure.
    public func isValid(_ instance: JSON) -> Bool {
        var context = EvaluationContext(collect: false)
        return context.evaluate(instance, root, instancePath: .root, keywordPath: "")
    }
}
