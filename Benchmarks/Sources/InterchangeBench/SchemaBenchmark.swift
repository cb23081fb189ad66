import Foundation
import InterchangeCore
import JSONSchema
import JSONValue
import Sandbox

/// Validates the canonical Order (5 lines) with the compiled contract, in a tight loop.
enum SchemaBenchmark {
    static func run(root: URL, iterations: Int, outputDirectory: String?) async throws {
        let project = try ProjectLoader.load(from: root.appendingPathComponent("examples/order-to-cash"), environment: [:])
        guard let contract = project.contracts["order"], let route = project.systems["storefront"]?.inbound["orders/create"] else {
            print("the example project has no order contract")
            return
        }
        let shopify = ShopifyOrderGenerator().order(id: 820_982_911_946_154_508, number: 1001, lineCount: 5, seed: 7)
        guard let order = try route.mapping.expression.evaluate(shopify) else { return }
        precondition(contract.validator.isValid(order), "the benchmark order must be valid: \(contract.validator.validate(order).errors)")
        if let outputDirectory {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            try order.serialized().write(toFile: outputDirectory + "/order.json", atomically: true, encoding: .utf8)
            try contract.schema.serialized().write(toFile: outputDirectory + "/order.schema.json", atomically: true, encoding: .utf8)
            if let common = project.contracts["common"] {
                try common.schema.serialized().write(toFile: outputDirectory + "/common.schema.json", atomically: true, encoding: .utf8)
            }
        }
        let validator = contract.validator
        var valid = 0
        for _ in 0..<min(iterations, 10_000) where validator.isValid(order) { valid += 1 }
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations where validator.isValid(order) { valid += 1 }
        let elapsed = clock.now - start
        let micros = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(iterations)
        print(String(format: "schema: Order contract (5 lines, %d bytes), %d validations: %.3f µs/validation (flag output)", order.serialized().utf8.count, iterations, micros))
        precondition(valid == iterations + min(iterations, 10_000))
    }
}
