import JSONValue
import Synchronization

/// The names a compiled path reads, and where each was found last time in the objects it reads:
/// inputs of one shape put their members in the same order, so the next lookup is usually one
/// comparison. Shared by concurrent evaluations; a stale hint only costs the search it would have saved.
///
/// Names and hints live in allocations owned by this object, so a compiled piece that captures it
/// reads them without reference counting (an array of hint objects retained the one it read, and a
/// name copied out of an array was retained for the comparison).
final class PositionHints: @unchecked Sendable {
    private let hints: UnsafeMutablePointer<Atomic<Int>>
    private let names: UnsafeMutablePointer<String>
    let count: Int

    init(names: [String]) {
        count = names.count
        hints = .allocate(capacity: max(count, 1))
        self.names = .allocate(capacity: max(count, 1))
        for i in 0..<count {
            (hints + i).initialize(to: Atomic(0))
            (self.names + i).initialize(to: names[i])
        }
    }

    deinit {
        hints.deinitialize(count: count)
        hints.deallocate()
        names.deinitialize(count: count)
        names.deallocate()
    }

    /// The position of name number `k` among `keys`.
    @inline(__always)
    func position(_ k: Int, in keys: UnsafeBufferPointer<String>) -> Int? {
        let guess = hints[k].load(ordering: .relaxed)
        if guess < keys.count && Self.same(keys.baseAddress! + guess, names + k) { return guess }
        guard let found = keys.firstIndex(of: names[k]) else { return nil }
        hints[k].store(found, ordering: .relaxed)
        return found
    }

    /// Whether two strings are equal, comparing the bits in place first: equal bits are the same
    /// small string or the same storage. Small strings with other bits differ; others are compared.
    @inline(__always)
    private static func same(_ a: UnsafePointer<String>, _ b: UnsafePointer<String>) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        if x.load(as: UInt64.self) == y.load(as: UInt64.self) && x.load(fromByteOffset: 8, as: UInt64.self) == y.load(fromByteOffset: 8, as: UInt64.self) {
            return true
        }
        if JSONInPlace.layoutHolds && JSONInPlace.inlineUTF8(of: b) != nil && JSONInPlace.inlineUTF8(of: a) != nil { return false }
        return a.pointee == b.pointee
    }
}
