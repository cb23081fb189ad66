/// The parsed form of an ECMAScript (ECMA-262) regular expression pattern.
indirect enum PatternNode {
    case empty
    /// One code point, compared exactly (or case-folded under `i`).
    case scalar(UInt32)
    /// A character class or class escape.
    case set(ScalarSet)
    /// `.`: any code point but a line terminator (any at all under `s`).
    case any
    case concat([PatternNode])
    case alternation([PatternNode])
    /// `( … )` with its capture number (1-based), or `(?: … )` with `nil`.
    case group(PatternNode, capture: Int?)
    case quantified(PatternNode, min: Int, max: Int?, greedy: Bool)
    case assertion(Assertion)
    /// `(?= … )` and `(?! … )`.
    case lookahead(PatternNode, negative: Bool)
    /// `\1` or `\k<name>`.
    case backreference(Int)

    /// Whether the node can match the empty string (so a loop over it needs a progress check).
    var isNullable: Bool {
        switch self {
        case .empty, .assertion, .lookahead, .backreference: true
        case .scalar, .set, .any: false
        case .concat(let items): items.allSatisfy(\.isNullable)
        case .alternation(let items): items.contains(where: \.isNullable)
        case .group(let node, _): node.isNullable
        case .quantified(let node, let min, _, _): min == 0 || node.isNullable
        }
    }

    /// Whether a backreference occurs anywhere in the node.
    var hasBackreference: Bool {
        switch self {
        case .backreference: true
        case .empty, .scalar, .set, .any, .assertion: false
        case .concat(let items), .alternation(let items): items.contains(where: \.hasBackreference)
        case .group(let node, _), .quantified(let node, _, _, _), .lookahead(let node, _): node.hasBackreference
        }
    }
}

/// Zero-width assertions.
enum Assertion: Equatable {
    case start, end, wordBoundary, notWordBoundary
}
