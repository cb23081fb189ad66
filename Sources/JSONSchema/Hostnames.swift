/// Host names: RFC 1123 `hostname` (with IDNA A-label checks) and IDNA2008 `idn-hostname`.
enum Hostnames {
    /// An ASCII host name; `xn--` labels must be valid A-labels.
    static func isHostname(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 253, s.utf8.allSatisfy({ $0 < 0x80 }) else { return false }
        if let plain = isPlainHostname(s) { return plain }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard isASCIILabel(String(label)) else { return false }
        }
        return true
    }

    /// The answer for host names of plain LDH labels, decided in one pass over the bytes; `nil` when a
    /// label has `--` in positions 3–4 (an IDNA prefix that needs the A-label checks).
    private static func isPlainHostname(_ s: String) -> Bool? {
        var length = 0
        var previous: UInt8 = UInt8(ascii: ".")
        for byte in s.utf8 {
            if byte == UInt8(ascii: ".") {
                guard length > 0, previous != UInt8(ascii: "-") else { return false }
                length = 0
            } else {
                let isLetterOrDigit = ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                if byte == UInt8(ascii: "-") {
                    guard length > 0 else { return false }
                    if length == 3 && previous == UInt8(ascii: "-") { return nil }
                } else if !isLetterOrDigit {
                    return false
                }
                length += 1
                guard length <= 63 else { return false }
            }
            previous = byte
        }
        return length > 0 && previous != UInt8(ascii: "-")
    }

    private static func isASCIILabel(_ label: String) -> Bool {
        guard !label.isEmpty, label.utf8.count <= 63, !label.hasPrefix("-"), !label.hasSuffix("-") else { return false }
        guard label.utf8.allSatisfy({ ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }) else { return false }
        // "--" in the 3rd and 4th positions is reserved for IDNA prefixes (A-labels are checked as such).
        let bytes = Array(label.utf8.prefix(4))
        guard bytes.count == 4, bytes[2] == UInt8(ascii: "-"), bytes[3] == UInt8(ascii: "-") else { return true }
        let lower = label.lowercased()
        return lower.hasPrefix("xn--") && isALabel(lower)
    }

    private static func isALabel(_ label: String) -> Bool {
        guard let decoded = Punycode.decode(String(label.dropFirst(4))), !decoded.isEmpty, !decoded.allSatisfy(\.isASCII) else { return false }
        // Canonical: the decoded label must encode back to the same A-label.
        guard "xn--" + Punycode.encode(decoded) == label else { return false }
        return isULabel(decoded)
    }

    private static let separators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// An internationalized host name (U-labels or A-labels, IDNA2008 rules including Bidi).
    static func isIDNHostname(_ s: String) -> Bool {
        guard !s.isEmpty else { return false }
        var labels: [[Unicode.Scalar]] = [[]]
        for scalar in s.unicodeScalars {
            if separators.contains(scalar) { labels.append([]) } else { labels[labels.count - 1].append(scalar) }
        }
        var asciiLength = labels.count - 1
        var decodedLabels: [[Unicode.Scalar]] = []
        for label in labels {
            guard !label.isEmpty else { return false }
            if label.allSatisfy(\.isASCII) {
                let text = String(String.UnicodeScalarView(label))
                guard isASCIILabel(text) else { return false }
                asciiLength += label.count
                let lower = text.lowercased()
                decodedLabels.append(lower.hasPrefix("xn--") ? Punycode.decode(String(lower.dropFirst(4))) ?? [] : label)
            } else {
                guard isULabel(label) else { return false }
                let aLabel = "xn--" + Punycode.encode(label)
                guard aLabel.utf8.count <= 63 else { return false }
                asciiLength += aLabel.utf8.count
                decodedLabels.append(label)
            }
        }
        guard asciiLength <= 253 else { return false }
        // RFC 5893: in a domain with any right-to-left label, every label must satisfy the Bidi rule.
        if decodedLabels.contains(where: { $0.contains(where: { Bidi.isRightToLeft(Bidi.category($0)) }) }) {
            return decodedLabels.allSatisfy(Bidi.satisfiesRule)
        }
        return true
    }

    /// RFC 5891 §5.4 / RFC 5892: a label of code points that IDNA2008 accepts.
    static func isULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard !label.isEmpty, label.first != "-", label.last != "-" else { return false }
        if label.count >= 4 && label[2] == "-" && label[3] == "-" { return false }
        guard let first = label.first, !IDNACodePoints.isCombiningMark(first) else { return false }
        for (i, scalar) in label.enumerated() {
            guard IDNACodePoints.isPermitted(scalar) else { return false }
            guard IDNACodePoints.contextRuleHolds(scalar, at: i, in: label) else { return false }
        }
        let hasArabicIndic = label.contains { (0x660...0x669).contains($0.value) }
        let hasExtendedArabicIndic = label.contains { (0x6F0...0x6F9).contains($0.value) }
        return !(hasArabicIndic && hasExtendedArabicIndic)
    }
}
