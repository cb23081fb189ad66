import Foundation
import JSONSchema
import JSONValue
import TestSupport
import Testing

@Suite struct JSONSchemaValidatorTests {
    let money: JSON = [
        "type": "object", "required": ["amount", "currency"],
        "properties": ["amount": ["type": "string", "format": "decimal"], "currency": ["type": "string", "format": "currency"]],
        "additionalProperties": false,
    ]

    @Test func reportsEveryErrorWithItsInstanceLocation() throws {
        let schema: JSON = [
            "$defs": ["money": money],
            "type": "object",
            "properties": ["lines": ["type": "array", "minItems": 1, "items": ["properties": ["unitPrice": ["$ref": "#/$defs/money"]]]]],
        ]
        let validator = try JSONSchemaValidator.asserting(schema)
        let instance = try JSON.parse(#"{"lines":[{"unitPrice":{"amount":"49.00","currency":"USD"}},{"unitPrice":{"amount":"49.0x","currency":"usd","extra":1}}]}"#)
        let result = validator.validate(instance)
        let lines = result.errors.map(\.description)
        #expect(lines.contains(#"/lines/1/unitPrice/amount: "49.0x" is not a decimal amount"#))
        #expect(lines.contains(#"/lines/1/unitPrice/currency: "usd" is not an ISO 4217 currency code"#))
        #expect(lines.contains(#"/lines/1/unitPrice/extra: property "extra" is not allowed"#))
        #expect(result.errors.first?.keywordLocation.hasPrefix("/properties/lines/items/properties/unitPrice/$ref/") == true)
        #expect(!validator.isValid(instance))
        #expect(result.basicOutput["valid"] == false)
    }

    /// `^(a+)+$` took 15 s on an 18-character string with a backtracking engine; here the cost is linear.
    @Test func catastrophicPatternsValidateInLinearTime() throws {
        let validator = try JSONSchemaValidator(["type": "string", "pattern": "^(a+)+$"])
        #expect(validator.isValid(.string(String(repeating: "a", count: 18) + "!")) == false)
        #expect(validator.isValid(.string(String(repeating: "a", count: 20_000) + "!")) == false)
        #expect(validator.isValid(.string(String(repeating: "a", count: 20_000))) == true)
        let alternation = try JSONSchemaValidator(["pattern": "^(\\w+\\s?)*$"])
        #expect(alternation.isValid(.string(String(repeating: "word ", count: 4_000) + "!")) == false)
        #expect(throws: SchemaCompilationError.self) { try JSONSchemaValidator(["pattern": "(?<=a)b"]) }
    }

    /// Found by fuzzing: a schema whose references come back to the same instance location recursed
    /// until the stack overflowed. It is now a compile error with the location.
    @Test func referenceCyclesThatNeverDescendAreRefused() throws {
        let cycles: [JSON] = [
            ["$ref": "#"],
            ["$defs": ["a": ["$ref": "#/$defs/b"], "b": ["allOf": [["$ref": "#/$defs/a"]]]], "$ref": "#/$defs/a"],
            ["anyOf": [["type": "string"], ["$ref": "#"]]],
            ["properties": ["x": ["$defs": ["y": ["not": ["$ref": "#/properties/x"]]], "$ref": "#/properties/x/$defs/y"]]],
        ]
        for schema in cycles {
            let error = #expect(throws: SchemaCompilationError.self, "\(schema.serialized())") { try JSONSchemaValidator(schema) }
            #expect(error?.reason.contains("without end") == true)
        }
        // Recursion through properties and items descends into the instance: allowed.
        let tree = try JSONSchemaValidator(["type": "object", "properties": ["children": ["type": "array", "items": ["$ref": "#"]]]])
        #expect(tree.isValid(["children": [["children": []], ["children": [["children": []]]]]]))
    }

    /// Money amounts as multiples of 0.01, in 64 bits when they fit, exactly otherwise.
    @Test func multipleOfIsExactForDecimals() throws {
        let cents = try JSONSchemaValidator(["multipleOf": .number(JSONNumber(uncheckedText: "0.01"))])
        for (text, expected) in [("19.99", true), ("0.3", true), ("12.345", false), ("-7.10", true), ("0", true), ("1e2", true), ("1.5e-3", false),
                                 ("123456789012345678.01", true), ("999999999999999999", true), ("0.000000000000000000001", false)] {
            #expect(cents.isValid(.number(JSONNumber(uncheckedText: text))) == expected, "\(text)")
        }
        let tenths = try JSONSchemaValidator(["multipleOf": .number(JSONNumber(uncheckedText: "0.1"))])
        #expect(tenths.isValid(.number(JSONNumber(uncheckedText: "0.35"))) == false)
        #expect(tenths.isValid(.number(JSONNumber(uncheckedText: "4.2"))) == true)
    }

    /// Evaluated property names are kept in a short array, then a set past 24: both sides of the switch.
    @Test func unevaluatedPropertiesOnSmallAndLargeObjects() throws {
        for count in [3, 24, 25, 60] {
            var properties = JSONObject()
            var instance = JSONObject()
            for i in 0..<count {
                properties["p\(i)"] = ["type": "integer"]
                instance["p\(i)"] = .integer(i)
            }
            let schema: JSON = ["allOf": [["properties": .object(properties)]], "unevaluatedProperties": false]
            let validator = try JSONSchemaValidator(schema)
            #expect(validator.isValid(.object(instance)), "\(count) properties")
            var extra = instance
            extra["unknown"] = 1
            let result = validator.validate(.object(extra))
            #expect(!result.isValid, "\(count) properties and one more")
            #expect(result.errors.contains { $0.instanceLocation.description == "/unknown" }, "\(result.errors)")
        }
    }

    @Test func requiredTypeEnumAndPattern() throws {
        let validator = try JSONSchemaValidator([
            "type": "object", "required": ["id", "status"],
            "properties": ["id": ["type": "string", "pattern": "^[A-Za-z0-9_-]+$"], "status": ["enum": ["active", "inactive"]], "n": ["type": "integer"]],
        ])
        #expect(validator.isValid(["id": "SHOP-1", "status": "active", "n": 1.0]))
        let errors = validator.validate(["id": "#1001", "n": 1.5]).errors.map(\.description)
        #expect(errors.contains(#"/: required property "status" is missing"#))
        #expect(errors.contains(##"/id: "#1001" does not match the pattern ^[A-Za-z0-9_-]+$"##))
        #expect(errors.contains("/n: expected integer, found 1.5"))
    }

    /// The fast form reads strings in place: inline (up to 15 UTF-8 bytes) and stored ones, ASCII and
    /// not, must get the same answers as from the full walk.
    @Test func stringsOfEveryLengthAndScriptGetTheSameAnswerInBothForms() throws {
        let validator = try JSONSchemaValidator.asserting([
            "type": "object",
            "properties": [
                "amount": ["type": "string", "format": "decimal"],
                "status": ["enum": ["pending", "partially_fulfilled", "größenordnung-überschritten"]],
                "code": ["type": "string", "pattern": "^[A-Z]{3}-[0-9]+$"],
                "name": ["type": "string", "minLength": 3, "maxLength": 17],
                "currency": ["type": "string", "format": "currency"],
            ],
        ])
        let cases: [(JSON, Bool)] = [
            (["amount": "49.21", "status": "pending", "code": "ABC-1", "name": "Bran", "currency": "USD"], true),
            (["amount": "12345678901234567890.125", "status": "partially_fulfilled", "code": "ABC-123456789012345"], true),
            (["status": "größenordnung-überschritten", "name": "ééééééééééééééééé"], true),
            (["amount": "1234567890123456789x"], false),
            (["amount": "49.2x"], false),
            (["status": "partially_fulfilleD"], false),
            (["status": "größenordnung-uberschritten"], false),
            (["code": "ABC-12345678901234x"], false),
            (["name": "éé"], false),
            (["name": "éééééééééééééééééé"], false),
            (["currency": "usd"], false),
            (["currency": "USDX"], false),
        ]
        for (instance, valid) in cases {
            #expect(validator.isValid(instance) == valid, "\(instance)")
            #expect(validator.validate(instance).errors.isEmpty == valid, "\(instance)")
        }
    }

    @Test func constAndEnumUseJSONEquality() throws {
        let validator = try JSONSchemaValidator(["const": 1])
        #expect(validator.isValid(.number(JSONNumber(uncheckedText: "1.0"))))
        #expect(!validator.isValid(true))
    }

    @Test func unresolvableReferenceIsACompileError() {
        #expect(throws: SchemaCompilationError.self) { try JSONSchemaValidator(["$ref": "#/$defs/missing"]) }
        #expect(throws: SchemaCompilationError.self) { try JSONSchemaValidator(["pattern": "(unclosed"]) }
    }

    @Test func gstinVectors() throws {
        guard let dir = TestSuites.directory("gstin") else { return }
        let vectors = try JSON.parse(Array(try Data(contentsOf: dir.appendingPathComponent("vectors.json"))))
        let valid = vectors["valid"]?.arrayValue?.compactMap { $0["gstin"]?.stringValue } ?? []
        let invalid = vectors["invalid"]?.arrayValue?.compactMap { $0["input"]?.stringValue } ?? []
        #expect(!valid.isEmpty && !invalid.isEmpty)
        for g in valid { #expect(HubFormats.isGSTIN(g), "\(g)") }
        for g in invalid { #expect(!HubFormats.isGSTIN(g), "\(g)") }
    }
}
