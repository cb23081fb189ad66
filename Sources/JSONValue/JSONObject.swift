/// A JSON object that keeps its members in insertion order.
///
/// A copy-on-write value over one storage reference (so JSON values stay small and cheap to copy).
/// Small objects are searched linearly; larger ones carry a key index.
public struct JSONObject: Sendable, Hashable, Sequence {
    // Storage is only mutated while uniquely referenced (copy-on-write), so accesses cannot overlap:
    // the runtime exclusivity checks would only cost time on every read.
    @usableFromInline
    final class Storage: @unchecked Sendable {
        @usableFromInline @exclusivity(unchecked) var keys: [String]
        @usableFromInline @exclusivity(unchecked) var values: [JSON]
        @exclusivity(unchecked) var index: [String: Int]?

        init(keys: [String] = [], values: [JSON] = [], index: [String: Int]? = nil) {
            self.keys = keys
            self.values = values
            self.index = index
        }

        func copy() -> Storage { Storage(keys: keys, values: values, index: index) }
    }

    @usableFromInline var storage: Storage
    private static let indexThreshold = 12

    /// An empty object.
    public init() { storage = Storage() }

    /// An object with the given members; a later duplicate key replaces the earlier value in place.
    public init(_ members: [(String, JSON)]) {
        self.init()
        storage.keys.reserveCapacity(members.count)
        storage.values.reserveCapacity(members.count)
        for (key, value) in members { self[key] = value }
    }

    /// An object from member names that are known to be distinct, and their values (no per-member checks).
    ///
    /// - Parameter indexed: build the key index of a large object now. Pass `false` for objects that
    ///   are mostly serialized or walked rather than looked up by key (mapping output): their lookups
    ///   then search linearly until a member is added or removed.
    public init(uniqueKeys keys: [String], values: [JSON], indexed: Bool = true) {
        precondition(keys.count == values.count, "one value per key")
        var index: [String: Int]?
        if indexed && keys.count > Self.indexThreshold {
            var built = [String: Int](minimumCapacity: keys.count)
            for (i, key) in keys.enumerated() { built[key] = i }
            index = built
        }
        storage = Storage(keys: keys, values: values, index: index)
    }

    /// The member names in order.
    public var keys: [String] { storage.keys }
    /// The member values in order.
    public var values: [JSON] { storage.values }

    /// Calls `body` with the member names and values in order, without copying them.
    public func withMembers<R>(_ body: (UnsafeBufferPointer<String>, UnsafeBufferPointer<JSON>) throws -> R) rethrows -> R {
        let storage = self.storage
        return try storage.keys.withUnsafeBufferPointer { keys in
            try storage.values.withUnsafeBufferPointer { values in try body(keys, values) }
        }
    }

    /// The member names and values in place, without retaining the storage: valid only while this
    /// object is alive and not mutated (the caller holds it).
    @inlinable
    public var unsafeMembers: (keys: UnsafeBufferPointer<String>, values: UnsafeBufferPointer<JSON>) {
        Unmanaged.passUnretained(storage)._withUnsafeGuaranteedRef { storage in
            (storage.keys.withUnsafeBufferPointer { $0 }, storage.values.withUnsafeBufferPointer { $0 })
        }
    }

    /// The number of members.
    public var count: Int { storage.keys.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { storage.keys.isEmpty }

    /// The position of `key`, if present.
    public func position(of key: String) -> Int? {
        if let index = storage.index { return index[key] }
        let keys = storage.keys
        for i in keys.indices where keys[i] == key { return i }
        return nil
    }

    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    /// The value of `key`; assigning `nil` removes the member.
    public subscript(key: String) -> JSON? {
        get {
            guard let i = position(of: key) else { return nil }
            return storage.values[i]
        }
        set {
            if let i = position(of: key) {
                let s = unique()
                if let newValue {
                    s.values[i] = newValue
                } else {
                    s.keys.remove(at: i)
                    s.values.remove(at: i)
                    Self.rebuildIndex(s)
                }
            } else if let newValue {
                let s = unique()
                s.keys.append(key)
                s.values.append(newValue)
                if s.index != nil {
                    s.index![key] = s.keys.count - 1
                } else if s.keys.count > Self.indexThreshold {
                    Self.rebuildIndex(s)
                }
            }
        }
    }

    private static func rebuildIndex(_ s: Storage) {
        guard s.keys.count > indexThreshold else {
            s.index = nil
            return
        }
        var built = [String: Int](minimumCapacity: s.keys.count)
        for (i, key) in s.keys.enumerated() { built[key] = i }
        s.index = built
    }

    /// The members in order.
    public func makeIterator() -> Zip2Sequence<[String], [JSON]>.Iterator {
        zip(storage.keys, storage.values).makeIterator()
    }

    /// Objects are equal when they hold the same members, whatever their order (RFC 8259).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        if lhs.storage === rhs.storage { return true }
        guard lhs.count == rhs.count else { return false }
        for (key, value) in lhs {
            guard let other = rhs[key], other == value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var combined = 0
        for (key, value) in self {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            combined ^= member.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}
