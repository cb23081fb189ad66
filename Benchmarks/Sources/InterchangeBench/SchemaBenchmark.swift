import Foundation
import InterchangeCore
import JSONSchema
import JSONValue
import Sandbox

/// Validates the canonical Order (5 lines) with the compiled contract, in a tight loop.
enum SchemaBenchmark {
    static func run(root: URL, iterations: Int, outputDirectory: String?, assertFormats: Bool) async throws {
        let project = try ProjectLoader.load(from: root.appendingPathComponent("examples/order-to-cash"), environment: [:])
        guard let contract = project.contracts["order"], let route = project.systems["storefront"]?.inbound["orders/create"] else {
            print("the example project has no order contract")
            return
        }
        let shopify = ShopifyOrderGenerator().order(id: 820_982_911_946_154_508, number: 1001, lineCount: 5, seed: 7)
        guard let order = try route.mapping.expression.evaluate(shopify, functions: HubFunctions.make(project: project, crossReferences: CrossReferenceCache())) else { return }
        precondition(contract.validator.isValid(order), "the benchmark order must be valid: \(contract.validator.validate(order).errors)")
        if let outputDirectory {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            try order.serialized().write(toFile: outputDirectory + "/order.json", atomically: true, encoding: .utf8)
            try contract.schema.serialized().write(toFile: outputDirectory + "/order.schema.json", atomically: true, encoding: .utf8)
            if let common = project.contracts["common"] {
                try common.schema.serialized().write(toFile: outputDirectory + "/common.schema.json", atomically: true, encoding: .utf8)
            }
            try HubFormats.currencyExponents.keys.sorted().joined(separator: " ").write(toFile: outputDirectory + "/currencies.txt", atomically: true, encoding: .utf8)
            try HubFormats.countries.sorted().joined(separator: " ").write(toFile: outputDirectory + "/countries.txt", atomically: true, encoding: .utf8)
        }
        let documents = Dictionary(project.contracts.values.compactMap { c in c.schema["$id"]?.stringValue.map { ($0, c.schema) } }, uniquingKeysWith: { a, _ in a })
        let validator = assertFormats
            ? contract.validator
            : try JSONSchemaValidator(contract.schema, uri: "urn:bench", options: .init(assertFormats: false), resolver: { documents[$0] })
        var valid = 0
        let micros = microsecondsPerCall(iterations: iterations, warmUp: min(iterations, 10_000)) {
            if validator.isValid(order) { valid += 1 }
        }
        print(String(format: "interchange (formats %@): %.3f µs/validation — Order contract, 5 lines, %d bytes, %d validations, flag output",
                     assertFormats ? "asserted" : "off", micros, order.serialized().utf8.count, iterations))
        precondition(valid == iterations + min(iterations, 10_000))
    }
}
