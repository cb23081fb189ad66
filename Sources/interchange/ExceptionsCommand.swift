import ArgumentParser
import AsyncHTTPClient
import Foundation
import JSONValue
import NIOCore

/// `interchange exceptions …`: the exception queue of a running hub, over its API.
struct ExceptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exceptions", abstract: "List failed runs and act on them (retry, cancel, edit-and-retry, skip).",
        subcommands: [List.self, Show.self, Act.self, RetryAll.self])

    struct HubOptions: ParsableArguments {
        @Option(help: "The hub's base URL.") var hub: String = "http://127.0.0.1:8080"
    }

    /// Which exceptions: the same filters for listing and for bulk retry.
    struct FilterOptions: ParsableArguments {
        @Option(help: "Only this flow.") var flow: String?
        @Option(help: "Only this key (e.g. order:820982911946154508).") var key: String?
        @Option(help: "Only failures calling this system (erp, wms).") var system: String?
        @Option(help: "transient exhausted, validation, business rule, mapping, conflict, auth.") var category: String?
        @Option(help: "Only runs failed at least this many seconds ago.") var minAgeSeconds: Int?

        var fields: [(String, JSON)] {
            var fields: [(String, JSON)] = []
            for case let (name, value?) in [("flow", flow), ("key", key), ("system", system), ("category", category)] { fields.append((name, .string(value))) }
            if let minAgeSeconds { fields.append(("minAgeSeconds", .integer(minAgeSeconds))) }
            return fields
        }

        var query: String {
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~:"))
            let items = fields.map { name, value in
                name + "=" + (value.stringValue ?? value.description).addingPercentEncoding(withAllowedCharacters: allowed)!
            }
            return items.isEmpty ? "" : "?" + items.joined(separator: "&")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List failed runs: id, key, system, category, error.")
        @OptionGroup var options: HubOptions
        @OptionGroup var filter: FilterOptions

        func run() async throws {
            let json = try await HubAPI.request("GET", options.hub + "/v1/exceptions" + filter.query)
            for item in json["exceptions"]?.arrayValue ?? [] {
                let run = item["run"] ?? .null
                print(
                    "\(run["id"]?.stringValue ?? "")  \(run["key"]?.stringValue ?? "")  \(item["system"]?.stringValue ?? "-")  "
                        + "\(item["category"]?.stringValue ?? "")  \(run["error"]?["message"]?.stringValue ?? "")")
            }
            for entry in json["quarantine"]?.arrayValue ?? [] {
                print(
                    "\(entry["id"]?.stringValue ?? "")  \(entry["topic"]?.stringValue ?? "")  \(entry["system"]?.stringValue ?? "-")  "
                        + "quarantine (\(entry["stage"]?.stringValue ?? ""))  \(entry["errors"]?.arrayValue?.first?.stringValue ?? "")")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one failed run with its failing step.")
        @OptionGroup var options: HubOptions
        @Argument var runId: String

        func run() async throws {
            print(try await HubAPI.request("GET", options.hub + "/v1/exceptions/\(runId)").serialized(pretty: true))
        }
    }

    struct Act: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "act", abstract: "retry | cancel | edit-and-retry (--input FILE) | skip (--output FILE --then continue|finish) a failed run.")
        @OptionGroup var options: HubOptions
        @Argument(help: "retry, cancel, edit-and-retry or skip.") var action: String
        @Argument var runId: String
        @Option(help: "Your name, recorded with the action.") var actor: String
        @Option(help: "Why.") var reason: String = ""
        @Option(help: "JSON file with the new step input (edit-and-retry).") var input: String?
        @Option(help: "JSON file with the step's manual result (skip).") var output: String?
        @Option(help: "After a skip: continue (the later steps still apply; the result is checked against the steps that read it) or finish (the run ends here).")
        var then: String?

        func validate() throws {
            guard ["retry", "cancel", "edit-and-retry", "skip"].contains(action) else {
                throw ValidationError("action must be retry, cancel, edit-and-retry or skip")
            }
        }

        func run() async throws {
            var body = JSONObject()
            body["actor"] = .string(actor)
            body["reason"] = .string(reason)
            if let input { body["input"] = try JSON.parse(try FileReading.bytes(input)) }
            if let output { body["output"] = try JSON.parse(try FileReading.bytes(output)) }
            if let then { body["then"] = .string(then) }
            let run = try await HubAPI.request("POST", options.hub + "/v1/exceptions/\(runId)/\(action)", body: .object(body))
            print("\(run["id"]?.stringValue ?? runId): \(run["state"]?.stringValue ?? "")")
        }
    }

    struct RetryAll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retry-all", abstract: "Retry every failed run matching a filter.")
        @OptionGroup var options: HubOptions
        @Option(help: "Your name, recorded with the actions.") var actor: String
        @Option(help: "Why.") var reason: String = ""
        @OptionGroup var filter: FilterOptions

        func run() async throws {
            var body = JSONObject(filter.fields)
            body["actor"] = .string(actor)
            body["reason"] = .string(reason)
            let result = try await HubAPI.request("POST", options.hub + "/v1/exceptions/retry", body: .object(body))
            print("retried \(result["retried"]?.numberValue?.intValue ?? 0) run(s)")
        }
    }
}

/// Calls the hub's API; non-2xx answers become a one-line failure with the hub's message.
enum HubAPI {
    static func request(_ method: String, _ url: String, body: JSON? = nil) async throws -> JSON {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.serializedBytes()))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let json = (try? JSON.parse(Array(try await response.body.collect(upTo: 16 << 20).readableBytesView))) ?? .null
        guard (200..<300).contains(Int(response.status.code)) else {
            throw CommandFailure("\(response.status.code): \(json["error"]?.stringValue ?? json.serialized())")
        }
        return json
    }
}
