import Foundation
import JSONValue
import TestSupport
import Testing

/// nst/JSONTestSuite: accept every `y_`, reject every `n_`, survive every `i_`.
@Suite struct JSONParsingSuiteTests {
    static var files: [URL] {
        guard let dir = TestSuites.directory("json-parsing/test_parsing") else { return [] }
        return TestSuites.files(in: dir, ext: "json")
    }

    @Test func acceptsRejectsAndSurvivesTheSuite() throws {
        let files = Self.files
        guard !files.isEmpty else { return }
        var accepted = 0, rejected = 0, indeterminate = 0
        var failures: [String] = []
        for file in files {
            let name = file.lastPathComponent
            let bytes = Array(try Data(contentsOf: file))
            let result = Result { () throws(JSONParseError) -> JSON in try JSON.parse(bytes) }
            switch (name.prefix(2), result) {
            case ("y_", .success): accepted += 1
            case ("y_", .failure(let error)): failures.append("\(name) rejected: \(error)")
            case ("n_", .failure): rejected += 1
            case ("n_", .success): failures.append("\(name) accepted")
            default: indeterminate += 1
            }
        }
        print("json-parsing: \(accepted) y_ accepted, \(rejected) n_ rejected, \(indeterminate) i_ survived, \(failures.count) failed")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(accepted + rejected + indeterminate == files.count)
    }
}
