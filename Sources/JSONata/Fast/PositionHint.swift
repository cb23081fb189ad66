import Synchronization

/// Where a name was found last time in the objects a path step reads: inputs of one shape put their
/// members in the same order, so the next lookup is usually one comparison. Shared by concurrent
/// evaluations; a stale hint only costs the search it would have saved.
final class PositionHint: Sendable {
    private let last = Atomic<Int>(0)

    /// The position of `name` among `keys`.
    @inline(__always)
    func position(of name: String, in keys: UnsafeBufferPointer<String>) -> Int? {
        let guess = last.load(ordering: .relaxed)
        if guess < keys.count && keys[guess] == name { return guess }
        guard let found = keys.firstIndex(of: name) else { return nil }
        last.store(found, ordering: .relaxed)
        return found
    }
}
