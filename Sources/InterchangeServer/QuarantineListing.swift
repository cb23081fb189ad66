import Foundation
import InterchangeCore
import JSONValue

/// Quarantined payloads as the API shows them (with the body as received), for `/v1/quarantine` and
/// for the exception queue, where they are listed beside failed runs.
enum QuarantineListing {
    static func items(_ store: any Store, limit: Int, where include: (QuarantineEntry) -> Bool = { _ in true }) async throws -> [JSON] {
        var items: [JSON] = []
        for entry in try await store.quarantine(limit: limit) where include(entry) {
            let body = try await store.inboundEvent(id: entry.inboundId)?.body
            items.append(DomainJSON.quarantine(entry, body: body))
        }
        return items
    }
}
