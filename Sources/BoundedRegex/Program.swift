/// The compiled form of a pattern: instructions for the backtracking matcher.
enum Instruction: Sendable {
    /// One code point, exactly.
    case scalar(UInt32)
    /// One code point in `sets[index]`.
    case set(Int)
    /// Any code point (but line terminators unless `dotAll`).
    case any(dotAll: Bool)
    /// Try `first`, and on failure `second`; `memo` indexes the state memo.
    case split(first: Int, second: Int, memo: Int)
    case jump(Int)
    /// Record the position in capture (or progress mark) slot `slot`.
    case save(Int)
    case assert(Assertion)
    /// Fail if the position has not moved since `save(slot)` (an empty loop iteration).
    case progress(Int)
    /// The text of capture group `group` again.
    case backreference(Int)
    /// A lookahead whose body starts at the next instruction and ends with `lookEnd`; the match
    /// continues at `next`.
    case lookahead(negative: Bool, next: Int)
    case lookEnd
    case match
}

/// Compiles a parsed pattern to instructions.
struct ProgramBuilder {
    private(set) var instructions: [Instruction] = []
    private(set) var sets: [ScalarSet] = []
    private(set) var splits = 0
    /// Slots after the captures' (2 per group, group 0 included) hold progress marks.
    private(set) var slotCount: Int
    let ignoreCase: Bool
    let dotAll: Bool
    /// Expanding `{n,m}` copies the repeated node; beyond this many instructions the pattern is refused.
    static let maxInstructions = 50_000

    init(captureCount: Int, ignoreCase: Bool, dotAll: Bool) {
        slotCount = 2 * (captureCount + 1)
        self.ignoreCase = ignoreCase
        self.dotAll = dotAll
    }

    mutating func compile(_ root: PatternNode) throws(BoundedRegex.CompileError) {
        emit(.save(0))
        try node(root)
        emit(.save(1))
        emit(.match)
    }

    @discardableResult
    private mutating func emit(_ instruction: Instruction) -> Int {
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func newSplit(_ first: Int, _ second: Int) -> Instruction {
        splits += 1
        return .split(first: first, second: second, memo: splits - 1)
    }

    private mutating func node(_ node: PatternNode) throws(BoundedRegex.CompileError) {
        guard instructions.count <= Self.maxInstructions else { throw .unsupported("a pattern this large once its counted repetitions are expanded") }
        switch node {
        case .empty: break
        case .scalar(let value):
            if ignoreCase, CaseFolding.variants(of: value).count > 1 {
                sets.append(ScalarSet(CaseFolding.variants(of: value).map { $0...$0 }))
                emit(.set(sets.count - 1))
            } else {
                emit(.scalar(value))
            }
        case .set(let set):
            sets.append(set)
            emit(.set(sets.count - 1))
        case .any:
            emit(.any(dotAll: dotAll))
        case .concat(let items):
            for item in items { try self.node(item) }
        case .alternation(let items):
            var jumps: [Int] = []
            for (i, item) in items.enumerated() {
                if i < items.count - 1 {
                    let split = emit(.jump(0))
                    try self.node(item)
                    jumps.append(emit(.jump(0)))
                    instructions[split] = newSplit(split + 1, instructions.count)
                } else {
                    try self.node(item)
                }
            }
            for j in jumps { instructions[j] = .jump(instructions.count) }
        case .group(let body, let capture):
            if let capture { emit(.save(2 * capture)) }
            try self.node(body)
            if let capture { emit(.save(2 * capture + 1)) }
        case .assertion(let assertion):
            emit(.assert(assertion))
        case .backreference(let group):
            emit(.backreference(group))
        case .lookahead(let body, let negative):
            let start = emit(.jump(0))
            try self.node(body)
            emit(.lookEnd)
            instructions[start] = .lookahead(negative: negative, next: instructions.count)
        case .quantified(let body, let min, let max, let greedy):
            // Copies are checked as they are made, but a body that emits nothing would never grow the
            // program: refuse counts beyond the limit up front.
            guard min <= Self.maxInstructions, (max ?? min) - min <= Self.maxInstructions else {
                throw .unsupported("a repetition count above \(Self.maxInstructions)")
            }
            for _ in 0..<min { try self.node(body) }
            if let max {
                // Each optional copy: try it (or skip it, lazily), all skipping to the end.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(emit(.jump(0)))
                    try self.node(body)
                }
                let end = instructions.count
                for s in splits { instructions[s] = greedy ? newSplit(s + 1, end) : newSplit(end, s + 1) }
            } else {
                let mark = body.isNullable ? slotCount : nil
                if mark != nil { slotCount += 1 }
                let loop = emit(.jump(0))
                if let mark { emit(.save(mark)) }
                try self.node(body)
                if let mark { emit(.progress(mark)) }
                emit(.jump(loop))
                let end = instructions.count
                instructions[loop] = greedy ? newSplit(loop + 1, end) : newSplit(end, loop + 1)
            }
        }
    }
}
