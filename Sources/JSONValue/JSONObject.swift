/// A JSON object that keeps its members in insertion order.
///
/// A copy-on-write value over one storage reference (so JSON values stay small and cheap to copy).
/// Small objects are searched linearly; larger ones carry a key index.
public struct JSONObject: @unchecked Sendable, Hashable, Sequence {
    /// The members: names in an array (which mapping output shares between objects of one shape) and
    /// values stored in the same allocation as the header, so an object costs one allocation for its
    /// values instead of two. `count` values are initialized, in order; outside of a ``Builder``,
    /// `keys.count == count`.
    ///
    /// Storage is only mutated while uniquely referenced (copy-on-write), so accesses cannot overlap
    /// and sharing an object between tasks is safe (`ManagedBuffer` itself is not `Sendable`).
    @usableFromInline
    final class Storage: ManagedBuffer<Header, JSON> {
        deinit {
            _ = withUnsafeMutablePointers { header, values in values.deinitialize(count: header.pointee.count) }
        }
    }

    @usableFromInline
    struct Header {
        @usableFromInline var keys: [String]
        @usableFromInline var count: Int
        @usableFromInline var capacity: Int
        var index: [String: Int]?
    }

    @usableFromInline var storage: Storage
    private static let indexThreshold = 12

    /// Storage with room for `capacity` values and these members (`values` are moved in).
    private static func makeStorage(keys: [String], capacity: Int, index: [String: Int]?, values: (UnsafeMutablePointer<JSON>) -> Void) -> Storage {
        let buffer = Storage.create(minimumCapacity: Swift.max(capacity, 1)) { _ in Header(keys: [], count: 0, capacity: Swift.max(capacity, 1), index: index) }
        let storage = unsafeDowncast(buffer, to: Storage.self)
        storage.withUnsafeMutablePointers { header, elements in
            values(elements)
            header.pointee.keys = keys
            header.pointee.count = keys.count
        }
        return storage
    }

    /// An empty object.
    public init() { storage = Self.makeStorage(keys: [], capacity: 0, index: nil) { _ in } }

    /// An object with the given members; a later duplicate key replaces the earlier value in place.
    public init(_ members: [(String, JSON)]) {
        storage = Self.makeStorage(keys: [], capacity: members.count, index: nil) { _ in }
        for (key, value) in members { self[key] = value }
    }

    /// An object from member names that are known to be distinct, and their values (no per-member checks).
    ///
    /// - Parameter indexed: build the key index of a large object now. Pass `false` for objects that
    ///   are mostly serialized or walked rather than looked up by key (mapping output): their lookups
    ///   then search linearly until a member is added or removed.
    public init(uniqueKeys keys: [String], values: consuming [JSON], indexed: Bool = true) {
        precondition(keys.count == values.count, "one value per key")
        let index = indexed ? Self.index(of: keys) : nil
        var values = values
        storage = Self.makeStorage(keys: keys, capacity: keys.count, index: index) { elements in
            // The values move over (no reference counting); `null`s, which own nothing, take their place.
            values.withUnsafeMutableBufferPointer { source in
                guard let base = source.baseAddress else { return }
                elements.moveInitialize(from: base, count: source.count)
                base.initialize(repeating: .null, count: source.count)
            }
        }
    }

    /// Builds an object whose member names are known to be distinct and only known once its values
    /// are: values are appended straight into the object's storage, then ``finish(keys:)`` names them.
    /// A builder dropped before it finishes releases its values with the storage.
    public struct Builder: ~Copyable {
        @usableFromInline let storage: Storage
        // The storage's parts, valid while this builder holds it: appending touches no reference count.
        @usableFromInline let header: UnsafeMutablePointer<Header>
        @usableFromInline let values: UnsafeMutablePointer<JSON>

        /// A builder with room for `capacity` values.
        public init(capacity: Int) {
            storage = JSONObject.makeStorage(keys: [], capacity: capacity, index: nil) { _ in }
            (header, values) = storage.withUnsafeMutablePointers { ($0, $1) }
        }

        /// Appends the next value (at most `capacity` of them).
        @inlinable
        public func append(_ value: consuming JSON) {
            precondition(header.pointee.count < header.pointee.capacity, "more values than the builder's capacity")
            (values + header.pointee.count).initialize(to: value)
            header.pointee.count += 1
        }

        /// The object: `keys` name the appended values in order (one key per value, distinct).
        public consuming func finish(keys: consuming [String]) -> JSONObject {
            precondition(keys.count == header.pointee.count, "one key per value")
            header.pointee.keys = keys
            return JSONObject(storage: storage)
        }
    }

    private init(storage: Storage) { self.storage = storage }

    /// Reads the header and values in place.
    @inlinable
    func withStorage<R>(_ body: (UnsafeMutablePointer<Header>, UnsafeMutablePointer<JSON>) throws -> R) rethrows -> R {
        try storage.withUnsafeMutablePointers(body)
    }

    /// The member names in order.
    public var keys: [String] { withStorage { header, _ in header.pointee.keys } }
    /// The member values in order.
    public var values: [JSON] { withStorage { header, values in Array(UnsafeBufferPointer(start: values, count: header.pointee.keys.count)) } }

    /// Calls `body` with the member names and values in order, without copying them.
    public func withMembers<R>(_ body: (UnsafeBufferPointer<String>, UnsafeBufferPointer<JSON>) throws -> R) rethrows -> R {
        try withStorage { header, values in
            try header.pointee.keys.withUnsafeBufferPointer { keys in
                try body(keys, UnsafeBufferPointer(start: values, count: keys.count))
            }
        }
    }

    /// The member names and values in place, without retaining the storage: valid only while this
    /// object is alive and not mutated (the caller holds it).
    @inlinable
    public var unsafeMembers: (keys: UnsafeBufferPointer<String>, values: UnsafeBufferPointer<JSON>) {
        Unmanaged.passUnretained(storage)._withUnsafeGuaranteedRef { $0.members }
    }

    /// The number of members.
    public var count: Int { withStorage { header, _ in header.pointee.keys.count } }

    /// Whether the object has no members.
    public var isEmpty: Bool { count == 0 }

    /// The position of `key`, if present.
    public func position(of key: String) -> Int? {
        withStorage { header, _ in
            // Read through the header in place: binding the index or the keys would retain them.
            if header.pointee.index != nil { return header.pointee.index?[key] }
            let keys = storage.members.keys
            for i in keys.indices where keys[i] == key { return i }
            return nil
        }
    }

    private mutating func unique() {
        if !isKnownUniquelyReferenced(&storage) { storage = copied(capacity: count) }
    }

    /// A new storage with these members and room for `capacity` values.
    private func copied(capacity: Int) -> Storage {
        withStorage { header, values in
            Self.makeStorage(keys: header.pointee.keys, capacity: capacity, index: header.pointee.index) { elements in
                elements.initialize(from: values, count: header.pointee.keys.count)
            }
        }
    }

    /// The value of `key`; assigning `nil` removes the member.
    public subscript(key: String) -> JSON? {
        get {
            guard let i = position(of: key) else { return nil }
            return withStorage { _, values in values[i] }
        }
        set {
            if let i = position(of: key) {
                unique()
                withStorage { header, values in
                    if let newValue {
                        values[i] = newValue
                    } else {
                        let count = header.pointee.keys.count
                        // Close the gap: the value at `i` is destroyed, the ones after it move down.
                        (values + i).deinitialize(count: 1)
                        (values + i).moveInitialize(from: values + i + 1, count: count - i - 1)
                        header.pointee.keys.remove(at: i)
                        header.pointee.count -= 1
                        Self.rebuildIndex(header)
                    }
                }
            } else if let newValue {
                unique()
                let count = self.count
                if count == withStorage({ header, _ in header.pointee.capacity }) {
                    // Full: move the members to storage with twice the room.
                    let grown = withStorage { header, values in
                        Self.makeStorage(keys: header.pointee.keys, capacity: Swift.max(4, count * 2), index: header.pointee.index) { elements in
                            elements.moveInitialize(from: values, count: count)
                        }
                    }
                    withStorage { header, _ in
                        header.pointee.keys = []
                        header.pointee.count = 0
                    }
                    storage = grown
                }
                withStorage { header, values in
                    (values + count).initialize(to: newValue)
                    header.pointee.keys.append(key)
                    header.pointee.count += 1
                    if header.pointee.index != nil {
                        header.pointee.index![key] = count
                    } else if count + 1 > Self.indexThreshold {
                        Self.rebuildIndex(header)
                    }
                }
            }
        }
    }

    private static func rebuildIndex(_ header: UnsafeMutablePointer<Header>) {
        header.pointee.index = index(of: header.pointee.keys)
    }

    /// The key index of an object with these keys, if it is large enough to carry one.
    private static func index(of keys: [String]) -> [String: Int]? {
        guard keys.count > indexThreshold else { return nil }
        var built = [String: Int](minimumCapacity: keys.count)
        for (i, key) in keys.enumerated() { built[key] = i }
        return built
    }

    /// The members in order.
    public func makeIterator() -> Iterator { Iterator(object: self) }

    /// Iterates the members in order; holds the object, so the storage stays alive.
    public struct Iterator: IteratorProtocol {
        let object: JSONObject
        var position = 0

        public mutating func next() -> (String, JSON)? {
            let i = position
            return object.withStorage { header, values in
                guard i < header.pointee.keys.count else { return nil }
                position += 1
                return (header.pointee.keys[i], values[i])
            }
        }
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

extension JSONObject.Storage {
    /// The member names and values in place (valid while the storage is alive and not mutated).
    @inlinable
    var members: (keys: UnsafeBufferPointer<String>, values: UnsafeBufferPointer<JSON>) {
        withUnsafeMutablePointers { header, values in
            (header.pointee.keys.withUnsafeBufferPointer { $0 }, UnsafeBufferPointer(start: values, count: header.pointee.count))
        }
    }
}
