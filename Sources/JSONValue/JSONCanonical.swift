extension JSON {
    /// The canonical form for hashing and signing: no whitespace, object members sorted by name in
    /// UTF-16 code-unit order (as RFC 8785 sorts them), strings escaped as ``serialized(pretty:)``
    /// escapes them, numbers as written. Two equal values with members in another order give the same bytes.
    public func canonicalBytes() -> [UInt8] {
        var output: [UInt8] = []
        writeCanonical(to: &output)
        return output
    }

    private func writeCanonical(to output: inout [UInt8]) {
        switch self {
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                element.writeCanonical(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            let members = object.sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { output.append(UInt8(ascii: ",")) }
                JSON.writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                value.writeCanonical(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        default:
            write(to: &output, pretty: false, indent: 0)
        }
    }
}
