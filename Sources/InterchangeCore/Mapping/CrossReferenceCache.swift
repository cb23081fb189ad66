import Foundation

/// The cross-references the hub knows, in memory, so mappings can read them synchronously through
/// `$xref`. Loaded from the store at start and kept current as steps record new ones.
public final class CrossReferenceCache: @unchecked Sendable {
    private let lock = NSLock()
    private var externalIds: [Key: String] = [:]

    /// The three parts as they are: a lookup hashes them without building a joined string.
    private struct Key: Hashable {
        let system: String
        let type: String
        let canonicalId: String
    }

    public init(_ references: [CrossReference] = []) {
        for reference in references { record(reference) }
    }

    public func record(_ reference: CrossReference) {
        lock.lock()
        defer { lock.unlock() }
        externalIds[Key(system: reference.system, type: reference.type, canonicalId: reference.canonicalId)] = reference.externalId
    }

    /// The id `system` uses for the canonical entity, if known.
    public func externalId(system: String, type: String, canonicalId: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        return externalIds[Key(system: system, type: type, canonicalId: canonicalId)]
    }
}
