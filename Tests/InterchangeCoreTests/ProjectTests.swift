import Foundation
import InterchangeCore
import JSONata
import Testing

@Suite struct ProjectTests {
    @Test func exampleProjectLoadsAndItsExamplesPass() throws {
        let project = try ExampleProject.load()
        #expect(project.systems.keys.sorted() == ["erp", "storefront", "wms"])
        #expect(project.flows.map(\.name) == ["order-to-cash", "order-update"])
        #expect(project.systems["erp"]?.baseURL == "http://127.0.0.1:1")
        #expect(project.systems["storefront"]?.webhookSecret == "sandbox-secret")
        let (examples, problems) = ProjectChecker.check(project)
        #expect(examples == 62)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func brokenProjectReportsEveryProblemWithItsFile() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("flows"), withIntermediateDirectories: true)
        try """
        systems:
          shop:
            kind: shopify
            inbound:
              orders/create: { mapping: mappings/missing.jsonata, emits: order.placed, subject: "id" }
        """.write(to: root.appendingPathComponent("systems.yaml"), atomically: true, encoding: .utf8)
        try "name: f\nversion: 1\ntrigger: x\nsteps:\n  - name: s\n    system: nowhere\n    method: PUT\n    path: \"'/a' &\"\n    idempotencyKey: \"'k'\"\n"
            .write(to: root.appendingPathComponent("flows/f.yaml"), atomically: true, encoding: .utf8)
        // A flow without steps: its runs could never finish and would hold their key for ever.
        try "name: empty\nversion: 1\ntrigger: order.placed\nsteps: []\n"
            .write(to: root.appendingPathComponent("flows/empty.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try ProjectLoader.load(from: root, environment: [:])
            Issue.record("expected problems")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains { $0.hasPrefix("mappings/missing.jsonata: file not found") })
            #expect(lines.contains("systems.yaml: systems.shop: a shopify system needs webhookSecret"))
            #expect(lines.contains("flows/f.yaml: steps[0]: unknown system \"nowhere\""))
            #expect(lines.contains { $0.hasPrefix("flows/f.yaml: steps[0].path: invalid JSONata") })
            #expect(lines.contains("flows/empty.yaml: steps: a flow needs at least one step"))
        }
    }

    @Test func environmentExpansionUsesValuesOrDefaults() {
        let text = "a: ${A:-x}\nb: ${B:-http://h:1}\nc: ${C}"
        #expect(EnvironmentExpansion.expand(text, environment: ["A": "set"]) == "a: set\nb: http://h:1\nc: ")
    }

    @Test func retryDelaysGrowWithJitterCapsAndRetryAfter() {
        let policy = RetryPolicy(attempts: 5, initialDelay: .milliseconds(100), maxDelay: .seconds(1))
        #expect(policy.delay(afterAttempt: 1, retryAfter: nil, random: 1) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 1) == .milliseconds(400))
        #expect(policy.delay(afterAttempt: 10, retryAfter: nil, random: 1) == .seconds(1))
        #expect(policy.delay(afterAttempt: 3, retryAfter: nil, random: 0.5) == .milliseconds(200))
        #expect(policy.delay(afterAttempt: 1, retryAfter: .seconds(2), random: 0.1) == .seconds(2))
    }
}

@Suite struct ContractTests {
    @Test func eightCanonicalContractsWithExamples() throws {
        let project = try ExampleProject.load()
        let canonical = ["Customer", "Order", "Invoice", "Payment", "Shipment", "InventoryLevel", "Product", "Supplier"]
        for name in canonical {
            let contract = try #require(project.contracts.values.first { $0.name == name }, "\(name)")
            #expect(contract.version == "1.0.0")
            #expect(contract.examples.contains { $0.expectValid }, "\(name) has a valid example")
            #expect(contract.examples.contains { !$0.expectValid }, "\(name) has an invalid example")
            #expect(contract.schema["x-owner"] != nil, "\(name) names its system of record")
        }
    }

    @Test func rulesRunAfterTheShapeAndReportTheirLocation() throws {
        let order = try #require(try ExampleProject.load().contracts["order"])
        let valid = try #require(order.examples.first { $0.name == "valid/shopify-reference-order" }).instance
        #expect(order.check(valid).isEmpty)
        guard case .object(var broken) = valid, case .object(var totals)? = broken["totals"] else { return }
        totals["shippingTotal"] = ["amount": "10.005", "currency": "USD"]
        broken["totals"] = .object(totals)
        let violations = order.check(.object(broken)).map(\.description)
        #expect(violations.contains("/totals/shippingTotal/amount: a monetary amount may not have more decimals than its currency allows"))
        #expect(violations.contains { $0.hasPrefix("/totals/payable/amount: payable must equal") })
    }

    @Test func piiAnnotationsAreReportedAtInstanceLocations() throws {
        let customer = try #require(try ExampleProject.load().contracts["customer"])
        let instance = try #require(customer.examples.first { $0.name == "valid/d2c-person" }).instance
        let pii = customer.validator.validate(instance, collectAnnotations: true).annotations.filter { $0.keyword == "x-pii" }
        let locations = Set(pii.map(\.instanceLocation.description))
        #expect(locations.isSuperset(of: ["/displayName", "/email", "/phone", "/billingAddress/line1", "/billingAddress/postalCode"]))
        #expect(!locations.contains("/status"))
    }
}

@Suite struct HubFunctionTests {
    @Test func lookupReadsProjectTablesAndKeepsJSONataSemanticsForObjects() throws {
        let project = try ExampleProject.load()
        let functions = HubFunctions.make(project: project, crossReferences: CrossReferenceCache())
        let expression = try JSONataExpression(#"[$lookup("tax-categories", "HST"), $lookup({"a": 1}, "a"), $lookup("tax-categories", "nope")]"#)
        #expect(try expression.evaluate(nil, functions: functions) == ["GST", 1])
        #expect(throws: JSONataError.self) { try JSONataExpression(#"$lookup("no-such-table", "x")"#).evaluate(nil, functions: functions) }
    }

    @Test func xrefReturnsTheSystemsIdForACanonicalEntity() throws {
        let cache = CrossReferenceCache([CrossReference(system: "erp", type: "customer", externalId: "647", canonicalId: "SHOP-1")])
        let functions = HubFunctions.make(project: try ExampleProject.load(), crossReferences: cache)
        #expect(try JSONataExpression("$xref('erp', 'customer', 'SHOP-1')").evaluate(nil, functions: functions) == "647")
        #expect(try JSONataExpression("$xref('erp', 'customer', 'SHOP-2')").evaluate(nil, functions: functions) == nil)
        cache.record(CrossReference(system: "erp", type: "customer", externalId: "648", canonicalId: "SHOP-2"))
        #expect(try JSONataExpression("$xref('erp', 'customer', 'SHOP-2')").evaluate(nil, functions: functions) == "648")
    }
}
