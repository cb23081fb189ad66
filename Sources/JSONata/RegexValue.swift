/// A compiled regular expression literal (`/pattern/flags`).
final class RegexValue: @unchecked Sendable {
    let pattern: String
    let flags: String
    let regex: Regex<AnyRegexOutput>

    init(pattern: String, flags: String) throws(JSONataError) {
        self.pattern = pattern
        self.flags = flags
        do {
            var compiled = try Regex(pattern)
            if flags.contains("i") { compiled = compiled.ignoresCase() }
            if flags.contains("m") { compiled = compiled.anchorsMatchLineEndings() }
            regex = compiled
        } catch {
            throw JSONataError(code: "S0302", message: "Invalid regular expression /\(pattern)/")
        }
    }

    /// Matches in `string`, each as (matched text, start offset in characters, capture groups).
    func matches(in string: String) -> [(match: String, index: Int, groups: [String])] {
        var results: [(String, Int, [String])] = []
        for m in string.matches(of: regex) {
            let offset = string.distance(from: string.startIndex, to: m.range.lowerBound)
            var groups: [String] = []
            for i in 1..<max(m.output.count, 1) {
                groups.append(m.output[i].substring.map(String.init) ?? "")
            }
            results.append((String(string[m.range]), offset, groups))
        }
        return results
    }
}
