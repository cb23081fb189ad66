import Foundation
import JSONSchema
import JSONValue

/// Times every schema of `Benchmarks/corpus/schemas` (NAME.schema.json) on its valid and its invalid
/// instance, formats asserted, after checking each verdict.
enum SchemaCorpusBenchmark {
    static func run(root: URL, iterations: Int, only: String?) throws {
        let folder = root.appendingPathComponent("Benchmarks/corpus/schemas")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".schema.json") }
            .map { String($0.dropLast(".schema.json".count)) }.sorted().filter { only == nil || $0 == only }
        func load(_ file: String) throws -> JSON { try JSON.parse(Array(try Data(contentsOf: folder.appendingPathComponent(file)))) }
        for name in names {
            let validator = try JSONSchemaValidator(
                try load(name + ".schema.json"), uri: "urn:bench:\(name)", options: .init(assertFormats: true), resolver: { _ in nil })
            let valid = try load(name + ".valid.json"), invalid = try load(name + ".invalid.json")
            guard validator.isValid(valid), !validator.isValid(invalid) else {
                throw BenchFailure("\(name): the valid instance must pass and the invalid one fail")
            }
            let passing = microsecondsPerCall(iterations: iterations, warmUp: min(iterations, 2000)) { _ = validator.isValid(valid) }
            let failing = microsecondsPerCall(iterations: iterations, warmUp: min(iterations, 2000)) { _ = validator.isValid(invalid) }
            print(String(format: "%@ %.3f %.3f %@", name, passing, failing, validator.checksInFlagForm ? "flag" : "walk"))
        }
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
