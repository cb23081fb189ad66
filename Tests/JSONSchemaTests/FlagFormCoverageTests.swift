import JSONValue
@testable import JSONSchema
import Testing

/// Which schemas the flag form takes since it resolves `$dynamicRef` per dynamic scope and turns
/// `unevaluatedProperties` into a check of the names it knows are evaluated — and that it gives the
/// walk's answer on them.
@Suite struct FlagFormCoverageTests {
    let extensible: JSON = [
        "$id": "https://example.test/record",
        "$defs": [
            "base": [
                "$id": "https://example.test/base", "$dynamicAnchor": "line", "type": "object", "required": ["id"],
                "properties": ["id": ["type": "string"], "lines": ["type": "array", "items": ["$dynamicRef": "#line"]]],
            ],
            "line": ["$dynamicAnchor": "line", "properties": ["sku": ["type": "string"]], "unevaluatedProperties": false],
        ],
        "$ref": "https://example.test/base",
        "properties": ["channel": ["type": "string"]],
        "anyOf": [["required": ["channel"]], ["properties": ["id": ["const": "X"]]]],
        "unevaluatedProperties": false,
    ]

    @Test func dynamicReferencesAndStaticUnevaluatedPropertiesTakeTheFlagForm() throws {
        let validator = try JSONSchemaValidator(extensible)
        #expect(validator.flag != nil)
        let instances: [(JSON, Bool)] = [
            (["id": "A", "channel": "web", "lines": [["sku": "S"]]], true),
            (["id": "X", "lines": []], true),
            (["id": "A"], false),  // neither branch of anyOf
            (["id": "A", "channel": "web", "extra": 1], false),  // unevaluated at the root
            (["id": "A", "channel": "web", "lines": [["sku": "S", "qty": 1]]], false),  // unevaluated in the line the dynamic reference reached
            (["id": "A", "channel": "web", "lines": [["sku": 1]]], false),
        ]
        for (instance, valid) in instances {
            #expect(validator.isValid(instance) == valid, "\(instance)")
            #expect(validator.isValidByWalking(instance) == valid, "\(instance)")
        }
    }

    @Test func namesOnlyABranchEvaluatesNeedTheWalk() throws {
        let schema: JSON = [
            "properties": ["a": true],
            "oneOf": [["properties": ["b": true]], ["required": ["a"]]],
            "unevaluatedProperties": false,
        ]
        let validator = try JSONSchemaValidator(schema)
        #expect(validator.flag == nil)
        #expect(validator.isValid(["b": 1]))
        #expect(!validator.isValid(["a": 1, "b": 1]))
        let items = try JSONSchemaValidator(["prefixItems": [true], "unevaluatedItems": false])
        #expect(items.flag == nil)
        #expect(!items.isValid([1, 2]))
    }
}
