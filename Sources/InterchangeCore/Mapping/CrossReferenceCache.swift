import Foundation

/// The cross-references the hub knows, in memory, so mappings can read them synchronously through
/// `$xref`. Loaded from the store at start and kept current as steps record new ones.
public final class CrossReferenceCache: @unchecked Sendable {
    private let lock = NSLock()
    private var externalIds: [String: String] = [:]

    public init(_ references: [CrossReference] = []) {
        for reference in references { record(reference) }
    }

    private static func key(_ system: String, _ type: String, _ canonicalId: String) -> String {
        system + "\u{0}" + type + "\u{0}" + canonicalId
    }

    public func record(_ reference: CrossReference) {
        lock.lock()
        defer { lock.unlock() }
        externalIds[Self.key(reference.system, reference.type, reference.canonicalId)] = reference.externalId
    }

    /// The id `system` uses for the canonical entity, if known.
    public func externalId(system: String, type: String, canonicalId: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return externalIds[Self.key(system, type, canonicalId)]
    }
}
