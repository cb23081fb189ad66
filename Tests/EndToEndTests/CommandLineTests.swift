import Foundation
import TestSupport
import Testing

/// The command-line tool's exit codes and output, run as a real process.
@Suite struct CommandLineTests {
    struct Outcome {
        let status: Int32
        let output: String
    }

    func run(_ arguments: [String]) throws -> Outcome { try Self.run(arguments) }

    /// Runs the real binary to completion and captures its output.
    static func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = InterchangeProcess.binary
        process.arguments = arguments
        process.currentDirectoryURL = TestSuites.packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    let contracts = "examples/order-to-cash/contracts/"

    @Test func validatePrintsOneLinePerInstanceAndFailsOnInvalid() throws {
        let valid = contracts + "customer.examples/valid/d2c-person.json"
        let invalid = contracts + "supplier.examples/invalid/unknown-country.json"
        let ok = try run(["validate", "--schema", contracts + "customer.json", valid])
        #expect(ok.status == 0)
        #expect(ok.output == "\(valid): valid\n")
        let bad = try run(["validate", "--schema", contracts + "supplier.json", invalid, contracts + "supplier.examples/valid/vendor.json"])
        #expect(bad.status == 1)
        #expect(bad.output.contains("\(invalid): invalid\n  /address/countryCode: \"XX\" is not an ISO 3166-1 alpha-2 country code\n"))
        #expect(bad.output.contains("vendor.json: valid"))
        let timed = try run(["validate", "--schema", contracts + "customer.json", valid, "--repeat", "200"])
        #expect(timed.status == 0)
        #expect(timed.output.contains("\(valid): 200 validations, "))
        #expect(timed.output.contains(" µs each"))
    }

    @Test func checkRunsTheProjectsExamples() throws {
        let outcome = try run(["check", "--project", "examples/order-to-cash"])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.hasPrefix("ok: 3 systems"))
    }

    @Test func mapPrintsTheResultOnceWhenRepeated() throws {
        let mapping = "examples/order-to-cash/mappings/shopify-order-to-order.jsonata"
        let input = "examples/order-to-cash/mappings/shopify-order-to-order.examples/reference-order.input.json"
        let outcome = try run(["map", "--expr", mapping, "--input", input, "--repeat", "50"])
        #expect(outcome.status == 0)
        #expect(outcome.output.components(separatedBy: "\"SHOP-820982911946154508\"").count == 2)
        #expect(outcome.output.contains("50 evaluations"))
    }

    @Test func contractsDiffClassifiesAndExitsNonZeroOnBreakingChanges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var order = try String(contentsOf: TestSuites.exampleProject.appendingPathComponent("contracts/order.json"), encoding: .utf8)
        order = order.replacingOccurrences(of: "\"notes\": { \"type\": \"string\", \"x-pii\": true },", with: "")
        order = order.replacingOccurrences(of: "\"tags\":", with: "\"giftMessage\": { \"type\": \"string\" },\n    \"tags\":")
        try order.write(to: folder.appendingPathComponent("order.json"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: TestSuites.exampleProject.appendingPathComponent("contracts/common.json"), to: folder.appendingPathComponent("common.json"))
        let outcome = try run(["contracts", "diff", contracts + "order.json", folder.appendingPathComponent("order.json").path, "--project", "examples/order-to-cash"])
        #expect(outcome.status == 1)
        #expect(outcome.output.contains("breaking   /notes  removed field"))
        #expect(outcome.output.contains("compatible /giftMessage  added optional field"))
        let same = try run(["contracts", "diff", contracts + "order.json", contracts + "order.json"])
        #expect(same.status == 0)
        #expect(same.output.contains("0 change(s), 0 breaking"))
    }
}
