import JSONSchema
import JSONValue
import JSONata

/// A canonical contract: a compiled JSON Schema, business rules, a name and a semantic version.
public struct Contract: Sendable {
    public var name: String
    public var version: String
    /// The project file the contract came from.
    public var file: String
    public var schema: JSON
    public var validator: JSONSchemaValidator
    public var rules: [ContractRule]
    /// Example payloads that must pass (or fail) the contract.
    public var examples: [ContractExample]

    /// `Name@version`.
    public var reference: String { "\(name)@\(version)" }

    /// Schema validation, then — only for a valid shape — the business rules. Empty when the instance conforms.
    public func check(_ instance: JSON) -> [ContractViolation] {
        let result = validator.validate(instance)
        if !result.isValid {
            return result.errors.map { ContractViolation(location: $0.instanceLocation, message: $0.message, source: $0.keywordLocation) }
        }
        return rules.flatMap { $0.violations(in: instance) }
    }

    /// ``check(_:)`` as messages that name the contract (`Order@1.0.0 /currency: …`), as operators see them.
    public func messages(for instance: JSON) -> [String] {
        check(instance).map { "\(reference) \($0)" }
    }
}

/// One way an instance breaks its contract: where, what, and which keyword or rule says so.
public struct ContractViolation: Sendable, Equatable, CustomStringConvertible {
    public var location: JSONPointer
    public var message: String
    /// The schema keyword location or `rule:NAME`.
    public var source: String

    public init(location: JSONPointer, message: String, source: String) {
        self.location = location
        self.message = message
        self.source = source
    }

    /// `location: message`, like schema errors.
    public var description: String { "\(location.tokens.isEmpty ? "/" : location.description): \(message)" }
}

/// An example payload kept beside a contract.
public struct ContractExample: Sendable {
    public var name: String
    public var instance: JSON
    public var expectValid: Bool
    /// For invalid examples: text one of the violations must contain.
    public var expectedMessage: String?
}
