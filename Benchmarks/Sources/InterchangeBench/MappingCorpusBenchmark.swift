import Foundation
import InterchangeCore
import JSONValue
import JSONata

/// Times every mapping of `Benchmarks/corpus/mappings` (NAME.jsonata over NAME.input.json) with the
/// hub's functions over `Benchmarks/corpus/tables.json`, and writes each output beside a copy of the
/// input for the peer script to compare.
enum MappingCorpusBenchmark {
    static func run(root: URL, iterations: Int, outputDirectory: String?, only: String?) throws {
        let corpus = root.appendingPathComponent("Benchmarks/corpus")
        let tables = try JSON.parse(Array(try Data(contentsOf: corpus.appendingPathComponent("tables.json"))))
        var lookups: [String: JSONObject] = [:]
        for (name, table) in tables.objectValue ?? JSONObject() where name != "xref" { lookups[name] = table.objectValue }
        let crossReferences = CrossReferenceCache()
        for (key, id) in tables["xref"]?.objectValue ?? JSONObject() {
            let parts = key.split(separator: "/", maxSplits: 2).map(String.init)
            guard parts.count == 3, let external = id.stringValue else { continue }
            crossReferences.record(CrossReference(system: parts[0], type: parts[1], externalId: external, canonicalId: parts[2]))
        }
        let functions = HubFunctions.make(lookups: lookups, crossReferences: crossReferences)
        let folder = corpus.appendingPathComponent("mappings")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jsonata") }
            .map { String($0.dropLast(".jsonata".count)) }.sorted().filter { only == nil || $0 == only }
        if let outputDirectory { try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true) }
        for name in names {
            let expression = try JSONataExpression(try String(contentsOf: folder.appendingPathComponent(name + ".jsonata"), encoding: .utf8))
            let input = try JSON.parse(Array(try Data(contentsOf: folder.appendingPathComponent(name + ".input.json"))))
            let output = try expression.evaluate(input, functions: functions)
            if let outputDirectory {
                try (output?.serialized(pretty: true) ?? "null").write(toFile: "\(outputDirectory)/\(name).output.json", atomically: true, encoding: .utf8)
            }
            let micros = try microsecondsPerCall(iterations: iterations, warmUp: min(iterations, 500)) {
                _ = try expression.evaluate(input, functions: functions)
            }
            let tier = expression.answersInFastTier(input, functions: functions) ? "fast" : expression.runsInFastTier ? "handed-back" : "interpreter"
            print(String(format: "%@ %.2f %@", name, micros, tier))
        }
    }
}
