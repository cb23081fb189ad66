import JSONValue

/// An open-addressing table from property name to its position among an object schema's declared
/// properties, hashed with FNV-1a over UTF-8 bytes read in place: a lookup costs one short hash and
/// usually one comparison, however many properties the schema declares and in whatever order the
/// instance lists its members.
struct NameTable {
    /// Property positions by slot; -1 for an empty slot.
    private let slots: [Int32]
    private let mask: Int

    /// `nil` for schemas with few properties, where a scan is as quick.
    init?(_ names: [SchemaName]) {
        guard names.count > 8 else { return nil }
        var size = 16
        while size < names.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (position, name) in names.enumerated() {
            var slot = name.text.utf8.withContiguousStorageIfAvailable { Self.hash($0) } ?? Self.hash(Array(name.text.utf8))
            slot &= size - 1
            while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = Int32(position)
        }
        self.slots = slots
        mask = size - 1
    }

    /// The position of the name at `key` among `names` (the array the table was built from), or `nil`.
    func position(of key: UnsafePointer<String>, in names: [SchemaName]) -> Int? {
        JSONInPlace.withUTF8(of: key) { bytes in
            var slot = Self.hash(bytes) & mask
            while true {
                let position = Int(slots[slot])
                if position < 0 { return nil }
                if names[position].matches(utf8: bytes) { return position }
                slot = (slot + 1) & mask
            }
        }
    }

    private static func hash(_ bytes: some Collection<UInt8>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
