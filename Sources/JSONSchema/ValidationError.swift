import JSONValue

/// One failed assertion, in the shape of the JSON Schema "basic" output unit.
public struct ValidationError: Sendable, Equatable, CustomStringConvertible {
    /// Where in the schema the failing keyword is, following references (`/properties/lines/items/$ref/...`).
    public let keywordLocation: String
    /// The failing keyword's absolute URI with a JSON Pointer fragment.
    public let absoluteKeywordLocation: String
    /// Where in the instance the failing value is.
    public let instanceLocation: JSONPointer
    /// What was wrong, in words an operator understands.
    public let message: String

    public init(keywordLocation: String, absoluteKeywordLocation: String, instanceLocation: JSONPointer, message: String) {
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.instanceLocation = instanceLocation
        self.message = message
    }

    /// `instanceLocation: message`, with `/` for the root.
    public var description: String {
        let location = instanceLocation.tokens.isEmpty ? "/" : instanceLocation.description
        return "\(location): \(message)"
    }

    /// The error as a "basic" output unit.
    public var json: JSON {
        [
            "valid": false,
            "keywordLocation": .string(keywordLocation),
            "absoluteKeywordLocation": .string(absoluteKeywordLocation),
            "instanceLocation": .string(instanceLocation.description),
            "error": .string(message),
        ]
    }
}

/// An annotation a passing schema attached to a location of the instance (`readOnly`, `x-pii`, …).
public struct ValidationAnnotation: Sendable, Equatable {
    public let keywordLocation: String
    public let absoluteKeywordLocation: String
    public let instanceLocation: JSONPointer
    /// The annotating keyword.
    public let keyword: String
    /// Its value.
    public let value: JSON

    public init(keywordLocation: String, absoluteKeywordLocation: String, instanceLocation: JSONPointer, keyword: String, value: JSON) {
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.instanceLocation = instanceLocation
        self.keyword = keyword
        self.value = value
    }

    /// The annotation as a "basic" output unit.
    public var json: JSON {
        [
            "valid": true, "keywordLocation": .string(keywordLocation), "absoluteKeywordLocation": .string(absoluteKeywordLocation),
            "instanceLocation": .string(instanceLocation.description), "annotation": value,
        ]
    }
}

/// The outcome of validating one instance.
public struct ValidationResult: Sendable, Equatable {
    /// Errors found; empty when valid.
    public let errors: [ValidationError]
    /// Annotations of the passing schemas, when they were asked for.
    public let annotations: [ValidationAnnotation]

    /// Whether the instance is valid.
    public var isValid: Bool { errors.isEmpty }

    public init(errors: [ValidationError], annotations: [ValidationAnnotation] = []) {
        self.errors = errors
        self.annotations = errors.isEmpty ? annotations : []
    }

    /// The result in the specification's `flag` output format.
    public var flagOutput: JSON { ["valid": .bool(isValid)] }

    /// The result in the specification's `basic` output format.
    public var basicOutput: JSON {
        if isValid {
            if annotations.isEmpty { return ["valid": true] }
            return ["valid": true, "annotations": .array(annotations.map(\.json))]
        }
        return ["valid": false, "errors": .array(errors.map(\.json))]
    }
}

/// A schema that cannot be compiled, with the location of the problem.
public struct SchemaCompilationError: Error, Sendable, CustomStringConvertible {
    /// JSON Pointer into the schema document, or the reference that failed.
    public let location: String
    /// What was wrong.
    public let reason: String

    public init(location: String, reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String { "schema error at \(location.isEmpty ? "/" : location): \(reason)" }
}
