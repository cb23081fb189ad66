import Foundation
import InterchangeCore
import JSONata
import JSONValue
import Sandbox

/// Evaluates the storefront's `orders/create` → canonical Order mapping on a parsed 5-line order.
enum MappingBenchmark {
    static func run(root: URL, iterations: Int, outputDirectory: String?, withReference: Bool) throws {
        let project = try ProjectLoader.load(from: root.appendingPathComponent("examples/order-to-cash"), environment: [:])
        // The mapping the engine was tuned on in session 4 (kept beside its hand-written twin); the example
        // project's current mapping models discounts and taxes and is timed with the corpus.
        let source = try String(contentsOf: root.appendingPathComponent("Benchmarks/mappings/shopify-order-to-order-v1.jsonata"), encoding: .utf8)
        let expression = try JSONataExpression(source)
        let order = ShopifyOrderGenerator().order(id: 820_982_911_946_154_508, number: 1001, lineCount: 5, seed: 7)
        if let outputDirectory {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            try order.serialized().write(toFile: outputDirectory + "/shopify-order.json", atomically: true, encoding: .utf8)
            try expression.source.write(toFile: outputDirectory + "/mapping.jsonata", atomically: true, encoding: .utf8)
        }
        let functions = HubFunctions.make(project: project, crossReferences: CrossReferenceCache())
        guard let first = try expression.evaluate(order, functions: functions) else { return }
        precondition(first["id"] == "SHOP-820982911946154508")
        precondition(first["lines"]?.arrayValue?.first?["taxes"]?.arrayValue?.first?["category"] == "SALES_TAX")
        if let outputDirectory {
            try JSON.object(project.lookups["tax-categories"] ?? JSONObject()).serialized()
                .write(toFile: outputDirectory + "/tax-categories.json", atomically: true, encoding: .utf8)
        }
        let micros = try microsecondsPerCall(iterations: iterations, warmUp: min(iterations, 2000)) {
            _ = try expression.evaluate(order, functions: functions)
        }
        print(String(format: "interchange: %.2f µs/evaluation — Shopify orders/create → Order mapping, 5 lines, %d bytes, %d evaluations",
                     micros, order.serialized().utf8.count, iterations))
        // The reference: the same mapping written by hand in Swift, same output, same JSON types.
        guard withReference else { return }
        let handWritten = try HandWrittenMapping.measure(order, project.lookups["tax-categories"] ?? JSONObject(), expected: first, iterations: iterations)
        print(String(format: "hand-written Swift: %.2f µs/evaluation — the same output built without an engine (reference)", handWritten))
    }
}
