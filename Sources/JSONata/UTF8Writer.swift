/// Appends bytes to a buffer sized beforehand (a formatted number's upper bound).
struct UTF8Writer {
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private(set) var count = 0

    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) { self.buffer = buffer }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        buffer[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { append(byte) }
    }

    /// The string `write` writes, at most `capacity` bytes of UTF-8. Written on the stack and copied
    /// once: a short result is a small string (no allocation), a long one is allocated at its size
    /// (a string made at a generous capacity would allocate that capacity even for a few bytes).
    static func string(capacity: Int, _ write: (inout UTF8Writer) -> Void) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var writer = UTF8Writer(buffer)
            write(&writer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<writer.count]), as: UTF8.self)
        }
    }
}
