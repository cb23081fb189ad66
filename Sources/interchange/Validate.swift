import ArgumentParser
import Foundation
import JSONSchema
import JSONValue

/// `interchange validate`: validate instances against a JSON Schema.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate JSON documents against a JSON Schema (2020-12).")

    @Option(help: "The schema file.") var schema: String
    @Argument(help: "Instance files.") var instances: [String]
    @Option(help: "Validate each instance N times (for timing) and print the time per validation on stderr.") var `repeat`: Int = 1

    func run() async throws {
        let validator: JSONSchemaValidator
        do {
            let documents = SiblingSchemas.byId(besides: [schema])
            validator = try JSONSchemaValidator.asserting(
                try JSON.parse(try FileReading.bytes(schema)), uri: "file://" + schema, resolver: { documents[SiblingSchemas.stripFragment($0)] })
        } catch {
            throw CommandFailure("\(schema): \(error)")
        }
        var anyInvalid = false
        for path in instances {
            let document: JSON
            do {
                document = try JSON.parse(try FileReading.bytes(path))
            } catch {
                print("\(path): invalid \(error)")
                anyInvalid = true
                continue
            }
            if self.repeat > 1 { timeValidations(validator, document, path) }
            let result = validator.validate(document)
            if result.isValid {
                print("\(path): valid")
            } else {
                anyInvalid = true
                print("\(path): invalid")
                for error in result.errors { print("  \(error)") }
            }
        }
        if anyInvalid { throw ExitCode(1) }
    }

    /// The compiled validator's yes/no check run `repeat` times, as the hub runs a contract.
    private func timeValidations(_ validator: JSONSchemaValidator, _ document: JSON, _ path: String) {
        let clock = ContinuousClock()
        var valid = 0
        let started = clock.now
        for _ in 0..<self.repeat where validator.isValid(document) { valid += 1 }
        let micros = (clock.now - started).timeInterval * 1e6 / Double(self.repeat)
        FileHandle.standardError.write(Data("\(path): \(self.repeat) validations, \(String(format: "%.3f", micros)) µs each\n".utf8))
    }
}
