/// An ECMAScript (ECMA-262) regular expression whose matching cost is bounded.
///
/// Patterns without backreferences are matched by backtracking with a memo of the (instruction,
/// position) states already known to fail, so no state is explored twice: the work is at most
/// proportional to the pattern's size times the text's length, whatever the pattern (`^(a+)+$` on
/// any input included). Patterns with backreferences, which no such bound covers, run with a step
/// budget instead. Matching is on Unicode code points, with ECMA-262's semantics: leftmost match,
/// greedy and lazy quantifiers, ASCII `\d` and `\w`, Unicode `\s`, `\p{…}` general categories.
public struct BoundedRegex: Sendable {
    /// Why a pattern cannot be used.
    public enum CompileError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Not ECMA-262 syntax.
        case syntax(String)
        /// Valid, but not a construct this engine implements (lookbehind, Unicode scripts).
        case unsupported(String)

        public var description: String {
            switch self {
            case .syntax(let reason): "invalid regular expression: \(reason)"
            case .unsupported(let what): "unsupported in regular expressions here: \(what)"
            }
        }
    }

    /// Why a match was abandoned.
    public enum MatchError: Error, Sendable, Equatable {
        /// A pattern with backreferences used up its step budget.
        case budgetExhausted
        /// The caller's `shouldStop` asked to stop (a time limit).
        case interrupted
    }

    /// `i`, `m`, `s` as in ECMA-262 (`g` and `y` are how a caller iterates, `u` is always on here).
    public struct Flags: Sendable, Equatable {
        public var ignoreCase = false
        public var multiline = false
        public var dotAll = false

        public init(ignoreCase: Bool = false, multiline: Bool = false, dotAll: Bool = false) {
            self.ignoreCase = ignoreCase
            self.multiline = multiline
            self.dotAll = dotAll
        }
    }

    /// One match: the matched range and each group's range (`nil` when the group did not take part),
    /// as offsets in Unicode code points.
    public struct Match: Sendable, Equatable {
        public var range: Range<Int>
        public var groups: [Range<Int>?]
    }

    public let pattern: String
    public let flags: Flags
    public let captureCount: Int
    let program: [Instruction]
    let sets: [ScalarSet]
    let splitCount: Int
    let slotCount: Int
    let memoized: Bool
    /// The pattern starts with `^` and is not multiline: only position 0 can match.
    let anchored: Bool
    /// The yes/no automaton over ASCII text, when the pattern has one (``ByteDFA``).
    let automaton: ByteDFA?
    /// Steps allowed for patterns with backreferences (no memo can bound them).
    public static let backreferenceBudget = 5_000_000

    public init(_ pattern: String, flags: Flags = Flags()) throws(CompileError) {
        var parser = PatternParser(pattern)
        let root = try parser.parse()
        var builder = ProgramBuilder(captureCount: parser.captureCount, ignoreCase: flags.ignoreCase, dotAll: flags.dotAll)
        try builder.compile(root)
        self.pattern = pattern
        self.flags = flags
        captureCount = parser.captureCount
        program = builder.instructions
        sets = builder.sets
        splitCount = builder.splits
        slotCount = builder.slotCount
        memoized = !root.hasBackreference
        anchored = !flags.multiline && Self.startsAnchored(root)
        automaton = ByteDFA(program: program, sets: sets, flags: flags)
    }

    /// Whether the yes/no questions on ASCII text are answered by a one-pass automaton (tests check which
    /// patterns it covers).
    public var hasAutomaton: Bool { automaton != nil }

    private static func startsAnchored(_ node: PatternNode) -> Bool {
        switch node {
        case .assertion(.start): true
        case .concat(let items): items.first.map(startsAnchored) ?? false
        case .group(let body, _): startsAnchored(body)
        case .alternation(let items): items.allSatisfy(startsAnchored)
        default: false
        }
    }

    /// The first match in `scalars` at or after `start`.
    public func firstMatch(
        in scalars: [UInt32], from start: Int = 0, shouldStop: () -> Bool = { false }
    ) throws(MatchError) -> Match? {
        try scalars.withUnsafeBufferPointer { (text) throws(MatchError) in
            try Matcher.with(self, text, shouldStop: shouldStop) { (matcher) throws(MatchError) in try matcher.search(from: start) }
        }
    }

    /// The first match and the instructions it took (for tests of the cost bound).
    func firstMatchCountingSteps(in scalars: [UInt32]) throws(MatchError) -> (Match?, Int) {
        try scalars.withUnsafeBufferPointer { (text) throws(MatchError) in
            try Matcher.with(self, text, shouldStop: { false }) { (matcher) throws(MatchError) in (try matcher.search(from: 0), matcher.steps) }
        }
    }

    /// Every match in `scalars`, left to right, as a global (`g`) search finds them: after an empty
    /// match the search moves on by one code point.
    public func allMatches(in scalars: [UInt32], shouldStop: () -> Bool = { false }) throws(MatchError) -> [Match] {
        try scalars.withUnsafeBufferPointer { (text) throws(MatchError) in
            try Matcher.with(self, text, shouldStop: shouldStop) { (matcher) throws(MatchError) in
                var found: [Match] = []
                var position = 0
                while position <= text.count, let match = try matcher.search(from: position) {
                    found.append(match)
                    position = match.range.isEmpty ? match.range.upperBound + 1 : match.range.upperBound
                }
                return found
            }
        }
    }

    /// Whether the pattern matches anywhere in `text` (JSON Schema's `pattern`).
    /// The code points go to temporary (stack, when small) memory, read from UTF-8 bytes directly when
    /// the text is ASCII: validating a contract checks many short strings.
    public func matches(_ text: String) throws(MatchError) -> Bool {
        var text = text
        if let automaton, let found = text.withUTF8({ automaton.matches($0) }) { return found }
        let utf8Count = text.utf8.count
        return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(utf8Count, 1)) { (buffer) throws(MatchError) -> Bool in
            var count = 0
            let ascii = text.withUTF8 { bytes in
                guard bytes.allSatisfy({ $0 < 0x80 }) else { return false }
                for (i, byte) in bytes.enumerated() { buffer[i] = UInt32(byte) }
                return true
            }
            if ascii {
                count = utf8Count
            } else {
                for scalar in text.unicodeScalars {
                    buffer[count] = scalar.value
                    count += 1
                }
            }
            let scalars = UnsafeBufferPointer(rebasing: buffer[..<count])
            return try Matcher.with(self, scalars, shouldStop: { false }) { (matcher) throws(MatchError) in try matcher.found(from: 0) }
        }
    }

    /// The automaton's yes/no answer for `text`, without the backtracking matcher: `nil` when the
    /// pattern has no automaton or the text is not ASCII. A caller about to ask for every match can
    /// skip the search when this says there is none; `shouldStop` is asked as for a match.
    public func automatonAnswer(_ text: String, shouldStop: () -> Bool = { false }) throws(MatchError) -> Bool? {
        guard let automaton else { return nil }
        var text = text
        let outcome: Result<Bool?, MatchError> = text.withUTF8 { bytes in
            do throws(MatchError) {
                return .success(try automaton.matches(bytes, shouldStop: shouldStop))
            } catch {
                return .failure(error)
            }
        }
        return try outcome.get()
    }

    /// ``matches(_:)`` for a string whose UTF-8 bytes are at hand: ASCII text is answered by the
    /// automaton without touching the string.
    public func matches(_ text: UnsafePointer<String>, utf8 bytes: UnsafeBufferPointer<UInt8>) throws(MatchError) -> Bool {
        if let automaton, let found = automaton.matches(bytes) { return found }
        return try matches(text.pointee)
    }
}
