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

    /// `$ref`/`allOf` members that only constrain an object's members are merged into the referring
    /// schema's member loop; the answers must stay the walk's, including where both declare a name,
    /// where one forbids undeclared members, and where a merge is not allowed.
    @Test func mergedObjectPassesKeepTheirMeaning() throws {
        let schemas: [JSON] = [
            [
                "$defs": ["line": ["type": "object", "required": ["item"], "properties": ["item": ["type": "string"], "qty": ["minimum": 1]]]],
                "$ref": "#/$defs/line", "properties": ["qty": ["type": "integer"], "tax": ["type": "string"]], "unevaluatedProperties": false,
            ],
            ["allOf": [["properties": ["a": ["type": "string"]]], ["properties": ["a": ["maxLength": 2], "b": true], "required": ["b"]]]],
            // The outer schema forbids undeclared members; the referenced one declares a name it does not.
            ["properties": ["a": true], "additionalProperties": false, "allOf": [["properties": ["b": ["type": "string"]]]]],
            // The referenced schema forbids undeclared members: not merged.
            ["properties": ["a": ["type": "integer"]], "allOf": [["properties": ["b": true], "additionalProperties": false]]],
            ["type": "object", "maxProperties": 2, "allOf": [["minProperties": 1, "properties": ["a": ["const": 1]]], ["type": ["object", "array"]]]],
        ]
        let instances: [JSON] = [
            [:], ["item": "x"], ["item": "x", "qty": 2], ["item": "x", "qty": 0], ["item": "x", "qty": 1.5], ["item": "x", "tax": "S"],
            ["item": "x", "other": 1], ["item": 1], ["a": "ab", "b": 1], ["a": "abc", "b": 1], ["a": 1, "b": 1], ["a": "ab"], ["b": "x"],
            ["a": true, "b": "x"], ["a": true, "b": 1], ["a": 1], ["a": 1, "b": 2], ["a": 1, "c": 2], ["a": 1, "b": 2, "c": 3], ["a": 2], [1, 2], "s",
        ]
        for schema in schemas {
            let validator = try JSONSchemaValidator(schema)
            #expect(validator.flag != nil)
            for instance in instances {
                #expect(validator.isValid(instance) == validator.isValidByWalking(instance), "\(schema) on \(instance)")
            }
        }
        #expect(try !JSONSchemaValidator(schemas[2]).isValid(["a": 1, "b": "x"]))
        #expect(try JSONSchemaValidator(schemas[0]).isValid(["item": "x", "qty": 2, "tax": "S"]))
        #expect(try !JSONSchemaValidator(schemas[0]).isValid(["item": "x", "qty": 0]))
    }

    /// Members in any order find their declared property, through the hash table when the schema
    /// declares many, with the answer the walk gives.
    @Test func manyPropertiesInAnyOrder() throws {
        let names = (0..<40).map { "field_\($0)" } + ["é", "a", "ab", "x-y"]
        var properties: [(String, JSON)] = names.map { ($0, ["type": "integer"]) }
        properties.append(("text", ["type": "string"]))
        let schema: JSON = ["type": "object", "properties": .object(JSONObject(properties)), "required": ["field_3", "é"], "additionalProperties": false]
        let validator = try JSONSchemaValidator(schema)
        let reversed = JSON.object(JSONObject(names.reversed().map { ($0, JSON.number(JSONNumber(1))) }))
        let shuffled = JSON.object(JSONObject(names.enumerated().sorted { ($0.offset * 7) % 44 < ($1.offset * 7) % 44 }.map { ($0.element, JSON.number(JSONNumber(2))) }))
        #expect(validator.isValid(reversed))
        #expect(validator.isValid(shuffled))
        #expect(!validator.isValid(["é": 1, "field_3": 1, "field_40": 1]))  // undeclared
        #expect(!validator.isValid(["é": 1, "field_3": "one"]))  // wrong type, found by the table
        #expect(!validator.isValid(["field_3": 1]))  // a required one missing
        #expect(validator.isValid(["text": "t", "é": 1, "field_3": 1]))
        for instance in [reversed, shuffled, ["é": 1, "field_3": 1, "field_40": 1], ["x-y": 1, "ab": 1, "a": "s", "é": 1, "field_3": 1]] as [JSON] {
            #expect(validator.isValid(instance) == validator.isValidByWalking(instance))
        }
    }
}
