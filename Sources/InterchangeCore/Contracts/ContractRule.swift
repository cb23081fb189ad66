import JSONSchema
import JSONValue
import JSONata

/// A business rule beyond shape, declared in a contract's `x-rules`: a JSONata assertion evaluated
/// after schema validation, on the whole document or on each value a pointer pattern selects.
///
/// ```json
/// { "name": "line-amount-within-currency-precision", "for": "/lines/*/lineExtensionAmount",
///   "assert": "$decimalScale(amount) <= $currencyExponent(currency)", "location": "/amount",
///   "message": "a monetary amount may not have more decimals than its currency allows" }
/// ```
/// In the assertion, the selected value is the context and `$root` is the whole document.
public struct ContractRule: Sendable {
    public var name: String
    /// JSON Pointer pattern where `*` matches every array index or object member; `nil` = the document.
    public var target: [String]?
    public var assertion: JSONataExpression
    /// Pointer below each selected value where a violation is reported.
    public var location: JSONPointer
    public var message: String

    /// Functions rules may call besides JSONata's: `$currencyExponent(code)`.
    public static let functions: [JSONataFunction] = [
        JSONataFunction(name: "currencyExponent", signature: "<s:n>") { arguments throws(JSONataError) in
            guard let code = arguments.first??.stringValue else { return nil }
            guard let exponent = HubFormats.currencyExponents[code] else {
                throw JSONataError(code: "D3030", token: code, message: "\(code) is not an ISO 4217 currency code")
            }
            return .integer(exponent)
        }
    ]

    public init(name: String, target: [String]?, assertion: JSONataExpression, location: JSONPointer, message: String) {
        self.name = name
        self.target = target
        self.assertion = assertion
        self.location = location
        self.message = message
    }

    /// Violations of this rule in `document`.
    public func violations(in document: JSON) -> [ContractViolation] {
        var violations: [ContractViolation] = []
        for (pointer, value) in Self.select(target ?? [], in: document, at: .root) {
            let at = JSONPointer(tokens: pointer.tokens + location.tokens)
            do {
                let result = try assertion.evaluate(value, bindings: ["root": document], functions: Self.functions)
                if result != .bool(true) {
                    violations.append(ContractViolation(location: at, message: message, source: "rule:" + name))
                }
            } catch {
                violations.append(ContractViolation(location: at, message: "rule \(name) could not be evaluated: \(error)", source: "rule:" + name))
            }
        }
        return violations
    }

    /// The values a pointer pattern selects, with their concrete pointers.
    static func select(_ pattern: [String], in value: JSON, at pointer: JSONPointer) -> [(JSONPointer, JSON)] {
        guard let token = pattern.first else { return [(pointer, value)] }
        let rest = Array(pattern.dropFirst())
        switch (token, value) {
        case ("*", .array(let elements)):
            return elements.enumerated().flatMap { select(rest, in: $1, at: pointer.appending($0)) }
        case ("*", .object(let object)):
            return object.flatMap { select(rest, in: $1, at: pointer.appending($0)) }
        default:
            guard let next = value[pointer: JSONPointer(tokens: [token])] else { return [] }
            return select(rest, in: next, at: pointer.appending(token))
        }
    }
}
