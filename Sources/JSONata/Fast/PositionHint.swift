import Synchronization

/// Where each name of a path was found last time in the objects it reads: inputs of one shape put
/// their members in the same order, so the next lookup is usually one comparison. Shared by
/// concurrent evaluations; a stale hint only costs the search it would have saved.
///
/// The hints live in one allocation owned by this object, so a compiled piece that captures it reads
/// them without reference counting (an array of hint objects retained the one it read).
final class PositionHints: @unchecked Sendable {
    private let base: UnsafeMutablePointer<Atomic<Int>>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: max(count, 1))
        for i in 0..<count { (base + i).initialize(to: Atomic(0)) }
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    /// The position of `name` (the path's name number `k`) among `keys`.
    @inline(__always)
    func position(_ k: Int, of name: String, in keys: UnsafeBufferPointer<String>) -> Int? {
        let guess = base[k].load(ordering: .relaxed)
        if guess < keys.count && keys[guess] == name { return guess }
        guard let found = keys.firstIndex(of: name) else { return nil }
        base[k].store(found, ordering: .relaxed)
        return found
    }
}
