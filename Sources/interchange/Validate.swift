import ArgumentParser
import JSONSchema
import JSONValue

/// `interchange validate`: validate instances against a JSON Schema.
struct Validate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Validate JSON documents against a JSON Schema (2020-12).")

    @Option(help: "The schema file.") var schema: String
    @Argument(help: "Instance files.") var instances: [String]

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
}
