/// One difference between two JSON documents.
public struct JSONDifference: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case added, removed, changed
    }

    public var pointer: JSONPointer
    public var kind: Kind
    public var expected: JSON?
    public var actual: JSON?

    public var description: String {
        let at = pointer.tokens.isEmpty ? "/" : pointer.description
        switch kind {
        case .added: return "+ \(at): \(actual?.description ?? "")"
        case .removed: return "- \(at): \(expected?.description ?? "")"
        case .changed: return "~ \(at): expected \(expected?.description ?? ""), got \(actual?.description ?? "")"
        }
    }
}

extension JSON {
    /// The differences from `self` (expected) to `other` (actual), by JSON Pointer.
    public func differences(to other: JSON) -> [JSONDifference] {
        var out: [JSONDifference] = []
        JSON.diff(self, other, at: .root, into: &out)
        return out
    }

    private static func diff(_ a: JSON, _ b: JSON, at pointer: JSONPointer, into out: inout [JSONDifference]) {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            for (key, value) in x {
                if let other = y[key] {
                    diff(value, other, at: pointer.appending(key), into: &out)
                } else {
                    out.append(JSONDifference(pointer: pointer.appending(key), kind: .removed, expected: value, actual: nil))
                }
            }
            for (key, value) in y where x[key] == nil {
                out.append(JSONDifference(pointer: pointer.appending(key), kind: .added, expected: nil, actual: value))
            }
        case (.array(let x), .array(let y)):
            for i in 0..<max(x.count, y.count) {
                if i >= y.count {
                    out.append(JSONDifference(pointer: pointer.appending(i), kind: .removed, expected: x[i], actual: nil))
                } else if i >= x.count {
                    out.append(JSONDifference(pointer: pointer.appending(i), kind: .added, expected: nil, actual: y[i]))
                } else {
                    diff(x[i], y[i], at: pointer.appending(i), into: &out)
                }
            }
        default:
            if a != b { out.append(JSONDifference(pointer: pointer, kind: .changed, expected: a, actual: b)) }
        }
    }
}
