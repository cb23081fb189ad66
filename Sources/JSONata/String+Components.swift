extension String {
    /// The parts between occurrences of `separator` (all of them; empty parts kept).
    func components(separatedBy separator: String) -> [Substring] {
        guard !separator.isEmpty else { return [self[...]] }
        var parts: [Substring] = []
        var rest = self[...]
        while let r = rest.firstRange(of: separator) {
            parts.append(rest[..<r.lowerBound])
            rest = rest[r.upperBound...]
        }
        parts.append(rest)
        return parts
    }
}
