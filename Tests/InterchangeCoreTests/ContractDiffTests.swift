import InterchangeCore
import JSONValue
import Testing

@Suite struct ContractDiffTests {
    let common: JSON = [
        "$id": "https://x/contracts/common/1",
        "$defs": ["money": ["type": "object", "required": ["amount"], "properties": ["amount": ["type": "string", "pattern": "^[0-9.]+$"]]]],
    ]

    func diff(_ old: JSON, _ new: JSON) -> [String] {
        let common = self.common
        return ContractDiff(old: old, new: new, resolver: { $0 == "https://x/contracts/common/1" ? common : nil }).changes().map(\.description)
    }

    func schema(_ properties: JSON, required: [JSON] = []) -> JSON {
        ["$id": "https://x/contracts/order/1", "type": "object", "properties": properties, "required": .array(required)]
    }

    @Test func classifiesFieldChanges() {
        let old = schema(["id": ["type": "string"], "note": ["type": "string"], "n": ["type": "number"]], required: ["id"])
        let new = schema(["id": ["type": "string"], "n": ["type": "integer"], "gift": ["type": "string"], "po": ["type": "string"]], required: ["id", "po"])
        let changes = diff(old, new)
        #expect(changes.contains("breaking   /note  removed field"))
        #expect(changes.contains("breaking   /n  narrowed type: number → integer"))
        #expect(changes.contains("compatible /gift  added optional field"))
        #expect(changes.contains("breaking   /po  new required field"))
        #expect(changes.count == 4)
    }

    @Test func classifiesValueConstraints() {
        let old = schema(["s": ["enum": ["a", "b"]], "q": ["type": "string", "maxLength": 10], "p": ["type": "string", "pattern": "^a"]])
        let new = schema(["s": ["enum": ["a", "c"]], "q": ["type": "string", "maxLength": 20], "p": ["type": "string", "pattern": "^ab"]])
        let changes = diff(old, new)
        #expect(changes.contains(#"breaking   /s  removed enum value "b""#))
        #expect(changes.contains(#"compatible /s  added enum value "c""#))
        #expect(changes.contains("compatible /q  maxLength 10 → 20"))
        #expect(changes.contains("breaking   /p  pattern changed: ^a → ^ab"))
    }

    @Test func followsReferencesIntoArraysAndOtherContracts() {
        let line = JSON.object(JSONObject([("type", "object"), ("properties", ["price": ["$ref": "../common/1#/$defs/money"], "sku": ["type": "string"]])]))
        var newLine = line.objectValue!
        newLine["properties"] = ["price": ["$ref": "../common/1#/$defs/money"]]
        let old = schema(["lines": ["type": "array", "items": line]])
        let new = schema(["lines": ["type": "array", "items": .object(newLine)]])
        #expect(diff(old, new) == ["breaking   /lines/*/sku  removed field"])
        #expect(diff(old, old).isEmpty)
    }

    @Test func impactNamesTheMappingsThatTouchAField() throws {
        let project = try ExampleProject.load()
        let impacts = ContractImpact.of(field: "sku", contract: "order", in: project).map(\.description)
        #expect(impacts.contains("mappings/shopify-order-to-order.jsonata writes it (used by systems.yaml storefront orders/create)"))
        #expect(impacts.contains("mappings/order-to-wms-reservation.jsonata reads it (used by flow order-to-cash step reserve-stock)"))
        #expect(ContractImpact.of(field: "giftMessage", contract: "order", in: project).isEmpty)
    }
}
