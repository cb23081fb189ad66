import Foundation
import JSONSchema
import JSONValue
import JSONata
import Yams

/// Reads a project folder, collecting every problem instead of stopping at the first.
public struct ProjectLoader {
    public var root: URL
    /// Values for `${NAME:-default}` in YAML files.
    public var environment: [String: String]
    private var problems: [ProjectProblem] = []
    private var mappings: [String: Mapping] = [:]
    private var contracts: [String: Contract] = [:]

    public init(root: URL, environment: [String: String]) {
        self.root = root
        self.environment = environment
    }

    /// Loads the project; throws ``ProjectError`` listing every problem.
    public static func load(from root: URL, environment: [String: String]) throws(ProjectError) -> Project {
        var loader = ProjectLoader(root: root, environment: environment)
        return try loader.load()
    }

    mutating func load() throws(ProjectError) -> Project {
        loadContracts()
        var systems: [String: SystemDefinition] = [:]
        if let file: SystemsFile = decodeYAML("systems.yaml") {
            for (name, spec) in file.systems.sorted(by: { $0.key < $1.key }) {
                systems[name] = system(name, spec)
            }
        }
        var flows: [FlowDefinition] = []
        for file in files(in: "flows", ext: ["yaml", "yml"]) {
            guard let spec: FlowFile = decodeYAML(file) else { continue }
            let definition = flow(spec, file: file, systems: systems)
            if flows.contains(where: { $0.name == definition.name && $0.version == definition.version }) {
                problem(file, "flow \(definition.name) version \(definition.version) is defined twice; give each version its own number")
                continue
            }
            flows.append(definition)
        }
        var lookups: [String: JSONObject] = [:]
        for file in files(in: "lookups", ext: ["json"]) {
            guard let text = read(file) else { continue }
            do {
                guard case .object(let table) = try JSON.parse(text) else {
                    problem(file, "a lookup table must be a JSON object")
                    continue
                }
                lookups[((file as NSString).lastPathComponent as NSString).deletingPathExtension] = table
            } catch {
                problem(file, "\(error)")
            }
        }
        guard problems.isEmpty else { throw ProjectError(problems: problems) }
        var project = Project(root: root, systems: systems, contracts: contracts, flows: flows, mappings: mappings)
        project.lookups = lookups
        return project
    }

    private mutating func problem(_ file: String, _ message: String) {
        problems.append(ProjectProblem(file: file, message: message))
    }

    private func files(in folder: String, ext: Set<String>) -> [String] {
        let url = root.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.filter { ext.contains(($0 as NSString).pathExtension) }.sorted().map { folder + "/" + $0 }
    }

    private mutating func read(_ file: String) -> String? {
        let url = root.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            problem(file, "file not found")
            return nil
        }
        return String(decoding: data, as: UTF8.self)
    }

    private mutating func decodeYAML<T: Decodable>(_ file: String) -> T? {
        guard let text = read(file) else { return nil }
        do {
            return try YAMLDecoder().decode(T.self, from: EnvironmentExpansion.expand(text, environment: environment))
        } catch let error as DecodingError {
            problem(file, Self.describe(error))
        } catch {
            problem(file, "invalid YAML: \(error)")
        }
        return nil
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "missing required field \"\(key.stringValue)\"" + (at.isEmpty ? "" : " in \(at)")
        case .typeMismatch(let type, let context): return "\(path(context)): expected \(type)"
        case .valueNotFound(let type, let context): return "\(path(context)): missing \(type)"
        case .dataCorrupted(let context): return "\(path(context)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    private mutating func loadContracts() {
        // Parse every contract first: contracts reference each other (`../common/1#/$defs/money`) by `$id`.
        var documents: [(file: String, stem: String, schema: JSON)] = []
        var byId: [String: JSON] = [:]
        for file in files(in: "contracts", ext: ["json"]) {
            guard let text = read(file) else { continue }
            do {
                let schema = try JSON.parse(text)
                let stem = (((file as NSString).lastPathComponent) as NSString).deletingPathExtension
                documents.append((file, stem, schema))
                if let id = schema["$id"]?.stringValue { byId[id] = schema }
            } catch {
                problem(file, "\(error)")
            }
        }
        let known = byId
        let resolver: SchemaResolver = { uri in known[uri] }
        for (file, stem, schema) in documents {
            do {
                let name = schema["title"]?.stringValue ?? stem
                let version = schema["x-version"]?.stringValue ?? "1"
                let validator = try JSONSchemaValidator.asserting(schema, uri: "urn:interchange:contract:" + stem, resolver: resolver)
                let rules = contractRules(schema["x-rules"], file: file)
                let examples = contractExamples(stem)
                contracts[stem] = Contract(name: name, version: version, file: file, schema: schema, validator: validator, rules: rules, examples: examples)
            } catch {
                problem(file, "\(error)")
            }
        }
    }

    private mutating func contractRules(_ json: JSON?, file: String) -> [ContractRule] {
        guard let json else { return [] }
        guard let list = json.arrayValue else {
            problem(file, "x-rules must be an array of rules")
            return []
        }
        var rules: [ContractRule] = []
        for (i, rule) in list.enumerated() {
            let field = "x-rules[\(i)]"
            guard let name = rule["name"]?.stringValue, let source = rule["assert"]?.stringValue, let message = rule["message"]?.stringValue else {
                problem(file, "\(field): a rule needs name, assert and message")
                continue
            }
            guard let assertion = expression(source, file: file, field: "\(field).assert") else { continue }
            var target: [String]?
            if let pattern = rule["for"]?.stringValue {
                guard let pointer = JSONPointer(pattern) else {
                    problem(file, "\(field).for: \"\(pattern)\" is not a JSON Pointer pattern")
                    continue
                }
                target = pointer.tokens
            }
            let location = rule["location"]?.stringValue.flatMap(JSONPointer.init) ?? .root
            rules.append(ContractRule(name: name, target: target, assertion: assertion, location: location, message: message))
        }
        return rules
    }

    /// `contracts/NAME.examples/valid/*.json` must conform; `invalid/*.json` must not (and a
    /// `CASE.expect` file beside one names text a violation must contain).
    private mutating func contractExamples(_ stem: String) -> [ContractExample] {
        var examples: [ContractExample] = []
        for kind in ["valid", "invalid"] {
            for file in files(in: "contracts/\(stem).examples/\(kind)", ext: ["json"]) {
                guard let text = read(file) else { continue }
                do {
                    let instance = try JSON.parse(text)
                    let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                    let expectFile = (file as NSString).deletingPathExtension + ".expect"
                    let expected = FileManager.default.contents(atPath: root.appendingPathComponent(expectFile).path)
                        .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
                    examples.append(ContractExample(name: kind + "/" + name, instance: instance, expectValid: kind == "valid", expectedMessage: expected))
                } catch {
                    problem(file, "\(error)")
                }
            }
        }
        return examples
    }

    private mutating func contract(_ name: String?, file: String) -> Contract? {
        guard let name else { return nil }
        guard let contract = contracts[name] else {
            problem(file, "unknown contract \"\(name)\" (expected contracts/\(name).json)")
            return nil
        }
        return contract
    }

    private mutating func expression(_ source: String, file: String, field: String) -> JSONataExpression? {
        do {
            return try JSONataExpression(source)
        } catch {
            problem(file, "\(field): invalid JSONata: \(error)")
            return nil
        }
    }

    /// Loads a mapping file and its example pairs (`NAME.examples/CASE.input.json` + `CASE.output.json`).
    mutating func mapping(_ path: String, referencedFrom file: String) -> Mapping? {
        if let cached = mappings[path] { return cached }
        guard let source = read(path) else {
            problem(file, "mapping \(path) not found")
            return nil
        }
        guard let expression = expression(source, file: path, field: "mapping") else { return nil }
        var examples: [MappingExample] = []
        let examplesFolder = (path as NSString).deletingPathExtension + ".examples"
        for input in files(in: examplesFolder, ext: ["json"]) where input.hasSuffix(".input.json") {
            let name = String(((input as NSString).lastPathComponent).dropLast(".input.json".count))
            let expectedFile = examplesFolder + "/" + name + ".output.json"
            guard let inputText = read(input), let expectedText = read(expectedFile) else { continue }
            do {
                examples.append(MappingExample(name: name, input: try JSON.parse(inputText), expected: try JSON.parse(expectedText)))
            } catch {
                problem(input, "\(error)")
            }
        }
        let mapping = Mapping(path: path, expression: expression, examples: examples)
        mappings[path] = mapping
        return mapping
    }

    private mutating func system(_ name: String, _ spec: SystemSpec) -> SystemDefinition {
        var routes: [String: InboundRoute] = [:]
        for (topic, route) in spec.inbound ?? [:] {
            let file = "systems.yaml"
            guard let mapping = mapping(route.mapping, referencedFrom: file),
                let subject = expression(route.subject, file: file, field: "systems.\(name).inbound.\(topic).subject")
            else { continue }
            routes[topic] = InboundRoute(topic: topic, mapping: mapping, emits: route.emits, contract: contract(route.contract, file: file), subject: subject)
        }
        if spec.kind == "shopify" && (spec.webhookSecret ?? "").isEmpty {
            problem("systems.yaml", "systems.\(name): a shopify system needs webhookSecret")
        }
        var definition = SystemDefinition(
            name: name, kind: spec.kind, baseURL: spec.baseURL, webhookSecret: spec.webhookSecret,
            timeout: .milliseconds(spec.timeoutMs ?? 10_000), inbound: routes)
        definition.protection = ProtectionPolicy(
            ratePerSecond: spec.rateLimit?.perSecond, burst: spec.rateLimit?.burst ?? max(1, Int(spec.rateLimit?.perSecond ?? 10)),
            maxConcurrency: spec.maxConcurrency, failureThreshold: spec.circuitBreaker?.failures ?? 5,
            openDuration: .milliseconds(Int64((spec.circuitBreaker?.openSeconds ?? 30) * 1000)))
        return definition
    }

    private mutating func flow(_ spec: FlowFile, file: String, systems: [String: SystemDefinition]) -> FlowDefinition {
        var steps: [StepDefinition] = []
        // A run of a flow without steps could never finish, and would hold its key for ever.
        if spec.steps.isEmpty { problem(file, "steps: a flow needs at least one step") }
        for (i, step) in spec.steps.enumerated() {
            let field = "steps[\(i)]"
            if systems[step.system] == nil { problem(file, "\(field): unknown system \"\(step.system)\"") }
            if systems[step.system]?.baseURL == nil { problem(file, "\(field): system \"\(step.system)\" has no baseURL") }
            let body = step.body.flatMap { mapping($0, referencedFrom: file) }
            guard let path = expression(step.path, file: file, field: "\(field).path"),
                let key = expression(step.idempotencyKey, file: file, field: "\(field).idempotencyKey")
            else { continue }
            let xrefId = step.xref.flatMap { expression($0.canonicalId, file: file, field: "\(field).xref.canonicalId") }
            var retry = RetryPolicy()
            if let r = step.retry {
                retry = RetryPolicy(
                    attempts: r.attempts ?? retry.attempts,
                    initialDelay: r.initialDelayMs.map { .milliseconds($0) } ?? retry.initialDelay,
                    maxDelay: r.maxDelayMs.map { .milliseconds($0) } ?? retry.maxDelay)
            }
            steps.append(
                StepDefinition(
                    name: step.name, system: step.system, method: step.method.uppercased(), path: path, body: body,
                    contract: contract(step.contract, file: file), idempotencyKey: key, xrefType: step.xref?.type,
                    xrefCanonicalId: xrefId, retry: retry))
        }
        return FlowDefinition(name: spec.name, version: spec.version, trigger: spec.trigger, steps: steps)
    }
}
