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

/// `interchange demo --exit`: its exit status says whether the demo worked.
@Suite(.serialized) struct DemoExitTests {
    /// Two free loopback ports (the demo takes fixed ones).
    static func freePorts() -> (Int, Int) {
        let base = 20_000 + Int.random(in: 0..<20_000)
        return (base, base + 1)
    }

    @Test(.timeLimit(.minutes(3)))
    func aDemoWhoseTotalsAgreeExitsZero() throws {
        let (hub, sandbox) = Self.freePorts()
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).sqlite").path
        let outcome = try CommandLineTests.run([
            "demo", "--exit", "--orders", "6", "--port", String(hub), "--sandbox-port", String(sandbox), "--database", database,
            "--unknown-sku-rate", "0", "--discount-rate", "1",
        ])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("ERP totals           6 of 6 equal the storefront's total_price"), "\(outcome.output)")
    }

    /// Before the fix, `demo --exit` exited 0 whatever happened. A project whose ERP mapping drops the
    /// discount makes every discounted order's ERP total differ from Shopify's: the demo must fail.
    @Test(.timeLimit(.minutes(3)))
    func aDemoWhoseTotalsDisagreeExitsOne() throws {
        let outcome = try runDemo(removing: [
            #""discountItem": $discounted ? { "externalId": "SHOPIFY-DISCOUNT" },"#,
            #""discountRate": $discounted ? $decimalSub("0", $o.totals.discountTotal.amount),"#,
        ])
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains("demo failed: SHOP-"), "\(outcome.output)")
        #expect(outcome.output.contains("≠ total_price"), "\(outcome.output)")
    }

    /// Runs that fail for another reason than an intended unknown SKU fail the demo too.
    @Test(.timeLimit(.minutes(3)))
    func aDemoWhoseRunsFailExitsOne() throws {
        // Without its discountRate, a discounted sales order breaks its contract (dependentRequired).
        let outcome = try runDemo(removing: [#""discountRate": $discounted ? $decimalSub("0", $o.totals.discountTotal.amount),"#])
        #expect(outcome.status == 1, "\(outcome.output)")
        #expect(outcome.output.contains("runs failed, only 0 orders were sent with an unknown SKU"), "\(outcome.output)")
    }

    /// The demo over a copy of the example project whose NetSuite mapping lacks `removing`, every order discounted.
    func runDemo(removing lines: [String]) throws -> CommandLineTests.Outcome {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("demo-project-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: TestSuites.exampleProject, to: project)
        let mapping = project.appendingPathComponent("mappings/order-to-netsuite-sales-order.jsonata")
        var source = try String(contentsOf: mapping, encoding: .utf8)
        for line in lines {
            #expect(source.contains(line))
            source = source.replacingOccurrences(of: line, with: "")
        }
        try source.write(to: mapping, atomically: true, encoding: .utf8)
        // The mapping's own examples would now fail `check`; the demo does not run them.
        try FileManager.default.removeItem(at: project.appendingPathComponent("mappings/order-to-netsuite-sales-order.examples"))
        let (hub, sandbox) = Self.freePorts()
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).sqlite").path
        return try CommandLineTests.run([
            "demo", "--exit", "--project", project.path, "--orders", "4", "--port", String(hub), "--sandbox-port", String(sandbox),
            "--database", database, "--unknown-sku-rate", "0", "--discount-rate", "1",
        ])
    }
}
