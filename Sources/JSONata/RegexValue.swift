import BoundedRegex

/// A compiled regular expression literal (`/pattern/flags`).
///
/// Matched by ``BoundedRegex``: its cost is linear in the text for any pattern without
/// backreferences, and the evaluation's time limit is checked while it runs, so `/^(a+)+$/` on a long
/// string cannot outlive the limit. Swift's `Regex` serves only what BoundedRegex does not implement
/// (lookbehind, Unicode script properties).
final class RegexValue: @unchecked Sendable {
    let pattern: String
    let flags: String
    private let bounded: BoundedRegex?
    private let fallback: Regex<AnyRegexOutput>?

    /// One match: where it is, its text, its offset in characters, and each group's text ("" when unmatched).
    struct Match {
        var range: Range<String.Index>
        var match: String
        var index: Int
        var groups: [String]
    }

    init(pattern: String, flags: String) throws(JSONataError) {
        self.pattern = pattern
        self.flags = flags
        do {
            bounded = try BoundedRegex(pattern, flags: .init(ignoreCase: flags.contains("i"), multiline: flags.contains("m")))
            fallback = nil
        } catch .syntax(let reason) {
            throw JSONataError(code: "S0302", message: "Invalid regular expression /\(pattern)/: \(reason)")
        } catch {
            bounded = nil
            do {
                var compiled = try Regex(pattern)
                if flags.contains("i") { compiled = compiled.ignoresCase() }
                if flags.contains("m") { compiled = compiled.anchorsMatchLineEndings() }
                fallback = compiled
            } catch {
                throw JSONataError(code: "S0302", message: "Invalid regular expression /\(pattern)/")
            }
        }
    }

    /// Every match in `string`, left to right; stops with an error (U1001) once `deadline` passes.
    func matches(in string: String, deadline: ContinuousClock.Instant) throws(JSONataError) -> [Match] {
        guard let bounded else { return fallbackMatches(in: string) }
        let clock = ContinuousClock()
        let found: [BoundedRegex.Match]
        let indices: [String.Index]
        do {
            // Most texts a mapping cleans hold no match: one pass of the automaton says so.
            if try bounded.automatonAnswer(string, shouldStop: { clock.now > deadline }) == false { return [] }
            indices = Array(string.unicodeScalars.indices) + [string.endIndex]
            found = try bounded.allMatches(in: string.unicodeScalars.map(\.value)) { clock.now > deadline }
        } catch .interrupted {
            throw JSONataError(code: "U1001", message: "Expression evaluation timeout: the regular expression /\(pattern)/ ran past the time limit")
        } catch {
            throw JSONataError(code: "D1010", message: "The regular expression /\(pattern)/ needs more steps than allowed (backreferences)")
        }
        var results: [Match] = []
        results.reserveCapacity(found.count)
        var characterOffset = 0
        var previous = string.startIndex
        for m in found {
            let range = indices[m.range.lowerBound]..<indices[m.range.upperBound]
            characterOffset += string.distance(from: previous, to: range.lowerBound)
            previous = range.lowerBound
            let groups = m.groups.map { g in g.map { String(string.unicodeScalars[indices[$0.lowerBound]..<indices[$0.upperBound]]) } ?? "" }
            results.append(Match(range: range, match: String(string.unicodeScalars[range]), index: characterOffset, groups: groups))
        }
        return results
    }

    private func fallbackMatches(in string: String) -> [Match] {
        guard let fallback else { return [] }
        var results: [Match] = []
        for m in string.matches(of: fallback) {
            let offset = string.distance(from: string.startIndex, to: m.range.lowerBound)
            var groups: [String] = []
            for i in 1..<max(m.output.count, 1) {
                groups.append(m.output[i].substring.map(String.init) ?? "")
            }
            results.append(Match(range: m.range, match: String(string[m.range]), index: offset, groups: groups))
        }
        return results
    }
}
