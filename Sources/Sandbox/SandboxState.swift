import JSONValue

/// The simulators' in-memory state: records by system and record type, faults by system.
public actor SandboxState {
    private var records: [String: [String: [JSON]]] = [:]
    /// Position of each upserted record in its list, by system, type and external id (upserts stay
    /// O(1) however many records a long benchmark creates).
    private var positions: [String: [String: [String: Int]]] = [:]
    private var faults: [String: SandboxFaults] = [:]
    private var nextInternalId = 100
    private var reservationsByKey: [String: JSON] = [:]
    private var requestCounts: [String: Int] = [:]

    public init(seedCatalogue: Bool = true) {
        if seedCatalogue { records["erp", default: [:]]["item"] = Catalogue.seedItems() }
    }

    /// All records of a type, in insertion order.
    public func list(_ system: String, _ type: String) -> [JSON] {
        records[system]?[type] ?? []
    }

    /// Adds records (tests seed catalogues this way).
    public func add(_ system: String, _ type: String, _ new: [JSON]) {
        let start = records[system]?[type]?.count ?? 0
        records[system, default: [:]][type, default: []].append(contentsOf: new)
        for (offset, record) in new.enumerated() {
            if let externalId = record["externalId"]?.stringValue { positions[system, default: [:]][type, default: [:]][externalId] = start + offset }
        }
    }

    public func setFaults(_ system: String, _ value: SandboxFaults) { faults[system] = value }
    public func faults(_ system: String) -> SandboxFaults { faults[system] ?? SandboxFaults() }

    /// How many requests a system has received (for tests that check nothing was sent).
    public func requestCount(_ system: String) -> Int { requestCounts[system] ?? 0 }

    /// Decides the fault for one write: `.refuse` before applying, `.commitThenFail` after, or `.none`.
    func decideFault(_ system: String) -> (latencyMs: Int, action: FaultAction) {
        requestCounts[system, default: 0] += 1
        guard var f = faults[system] else { return (0, .none) }
        if f.failNext > 0 {
            f.failNext -= 1
            faults[system] = f
            return (f.latencyMs, .refuse(f.errorStatus))
        }
        if f.errorRate > 0 && Double.random(in: 0..<1) < f.errorRate { return (f.latencyMs, .refuse(f.errorStatus)) }
        if f.commitThenFailRate > 0 && Double.random(in: 0..<1) < f.commitThenFailRate { return (f.latencyMs, .commitThenFail) }
        if f.timeoutRate > 0 && Double.random(in: 0..<1) < f.timeoutRate { return (f.latencyMs, .commitThenHang(f.hangMs)) }
        return (f.latencyMs, .none)
    }

    enum FaultAction: Equatable {
        case none
        case refuse(Int)
        /// Apply the write, then answer 503.
        case commitThenFail
        /// Apply the write, then answer only after this many milliseconds (the caller has timed out).
        case commitThenHang(Int)

        /// Performs what follows a committed write: nothing, a delay, or `failure` (each simulator answers
        /// in its own system's error shape).
        func afterCommit(failure: SandboxError = SandboxError(status: 503, message: "Injected failure after commit")) async throws {
            switch self {
            case .commitThenFail: throw failure
            case .commitThenHang(let ms): try await Task.sleep(for: .milliseconds(ms))
            case .none, .refuse: return
            }
        }
    }

    /// Creates or updates the record of `type` whose `externalId` matches; returns its internal id.
    /// `derive` computes what the system itself adds to the merged record (the ERP's sales order total);
    /// when it fails, nothing is written.
    func upsert(
        _ system: String, _ type: String, externalId: String, fields: JSONObject,
        derive: (JSONObject) -> Result<JSONObject, SandboxError> = { .success($0) }
    ) throws(SandboxError) -> String {
        let existingPosition = positions[system]?[type]?[externalId]
        var list = records[system]?[type] ?? []
        records[system, default: [:]][type] = []  // keep the list uniquely referenced while it changes
        defer { logWrite(system, type, externalId: externalId, fields: fields) }
        if let i = existingPosition, case .object(var existing) = list[i] {
            for (k, v) in fields where k != "id" && k != "externalId" { existing[k] = v }
            existing = try restoring(list, in: system, type) { () throws(SandboxError) in try derive(existing).get() }
            list[i] = .object(existing)
            records[system, default: [:]][type] = list
            return existing["id"]?.stringValue ?? ""
        }
        nextInternalId += 1
        var record = JSONObject()
        record["id"] = .string(String(nextInternalId))
        record["externalId"] = .string(externalId)
        for (k, v) in fields where k != "id" && k != "externalId" { record[k] = v }
        record = try restoring(list, in: system, type) { () throws(SandboxError) in try derive(record).get() }
        list.append(.object(record))
        positions[system, default: [:]][type, default: [:]][externalId] = list.count - 1
        records[system, default: [:]][type] = list
        return String(nextInternalId)
    }

    /// Runs `body`; if it throws, puts `list` back first (``upsert`` empties the slot while it works).
    private func restoring<T>(_ list: [JSON], in system: String, _ type: String, _ body: () throws(SandboxError) -> T) throws(SandboxError) -> T {
        do {
            return try body()
        } catch {
            records[system, default: [:]][type] = list
            throw error
        }
    }

    /// Every applied upsert in order, as record type `write` (`GET /_sandbox/erp/write`): the record type,
    /// external id and memo, so tests can check the order in which updates landed.
    private func logWrite(_ system: String, _ type: String, externalId: String, fields: JSONObject) {
        var entry = JSONObject([("recordType", .string(type)), ("externalId", .string(externalId))])
        if let memo = fields["memo"] { entry["memo"] = memo }
        records[system, default: [:]]["write", default: []].append(.object(entry))
    }

    /// Whether the ERP catalogue has an item with this internal id, external id or SKU.
    func hasItem(_ reference: JSON) -> Bool {
        let items = records["erp"]?["item"] ?? []
        if let id = reference["id"]?.stringValue { return items.contains { $0["id"]?.stringValue == id } }
        if let external = reference["externalId"]?.stringValue {
            return items.contains { $0["externalId"]?.stringValue == external || $0["sku"]?.stringValue == external }
        }
        return false
    }

    /// Creates a WMS reservation once per idempotency key; a repeat returns the first one.
    func reserve(key: String, fields: JSONObject) -> (JSON, created: Bool) {
        if let existing = reservationsByKey[key] { return (existing, false) }
        nextInternalId += 1
        var record = JSONObject()
        record["id"] = .string("RES-\(nextInternalId)")
        record["idempotencyKey"] = .string(key)
        for (k, v) in fields where k != "id" { record[k] = v }
        let json = JSON.object(record)
        reservationsByKey[key] = json
        records["wms", default: [:]]["reservation", default: []].append(json)
        return (json, true)
    }
}
