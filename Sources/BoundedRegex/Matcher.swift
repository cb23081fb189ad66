/// Runs a ``BoundedRegex`` program over one text by backtracking. Without backreferences, a split
/// state reached a second time at the same position is known to fail (its first visit explored every
/// way on from it), so it is cut: each (split, position) is explored once per search.
struct Matcher {
    let regex: BoundedRegex
    let text: UnsafeBufferPointer<UInt32>
    let shouldStop: () -> Bool
    private var slots: [Int]
    /// Per split and position, the search generation that visited it (owned by the caller, zeroed).
    private let visited: UnsafeMutableBufferPointer<UInt32>
    private var generation: UInt32 = 0
    /// Instructions executed so far (tests check the bound with it).
    private(set) var steps = 0

    private enum Backtrack {
        case branch(pc: Int, position: Int)
        case restore(slot: Int, value: Int)
    }

    private var stack: [Backtrack] = []

    /// `visited` must hold ``memoSize(regex:textCount:)`` zeroed entries.
    init(regex: BoundedRegex, text: UnsafeBufferPointer<UInt32>, visited: UnsafeMutableBufferPointer<UInt32>, shouldStop: @escaping () -> Bool) {
        self.regex = regex
        self.text = text
        self.shouldStop = shouldStop
        self.visited = visited
        slots = Array(repeating: -1, count: regex.slotCount)
        // One allocation up front instead of several as the stack doubles.
        stack.reserveCapacity(32)
    }

    /// The memo's size for a text of `textCount` code points.
    static func memoSize(regex: BoundedRegex, textCount: Int) -> Int {
        regex.memoized ? regex.splitCount * (textCount + 1) : 0
    }

    /// Runs `body` with a matcher over `text`, its memo in temporary (stack, when small) memory.
    static func with<R>(
        _ regex: BoundedRegex, _ text: UnsafeBufferPointer<UInt32>, shouldStop: () -> Bool,
        _ body: (inout Matcher) throws(BoundedRegex.MatchError) -> R
    ) throws(BoundedRegex.MatchError) -> R {
        let size = memoSize(regex: regex, textCount: text.count)
        let outcome: Result<R, BoundedRegex.MatchError> = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: max(size, 1)) { memo in
            memo.initialize(repeating: 0)
            return withoutActuallyEscaping(shouldStop) { stop in
                var matcher = Matcher(regex: regex, text: text, visited: memo, shouldStop: stop)
                do throws(BoundedRegex.MatchError) {
                    return .success(try body(&matcher))
                } catch {
                    return .failure(error)
                }
            }
        }
        return try outcome.get()
    }

    /// Whether there is a match starting at or after `start` (``search(from:)`` without building it).
    mutating func found(from start: Int) throws(BoundedRegex.MatchError) -> Bool {
        try startPosition(from: start) != nil
    }

    /// The leftmost match starting at or after `start`.
    mutating func search(from start: Int) throws(BoundedRegex.MatchError) -> BoundedRegex.Match? {
        guard try startPosition(from: start) != nil else { return nil }
        let groups: [Range<Int>?] = (0..<regex.captureCount).map { i in
            let a = slots[2 * i + 2], b = slots[2 * i + 3]
            return a >= 0 && b >= a ? a..<b : nil
        }
        return BoundedRegex.Match(range: slots[0]..<slots[1], groups: groups)
    }

    /// Where the leftmost match at or after `start` starts (its captures left in `slots`), or `nil`.
    private mutating func startPosition(from start: Int) throws(BoundedRegex.MatchError) -> Int? {
        generation &+= 1
        if generation == 0 {
            visited.update(repeating: 0)
            generation = 1
        }
        let last = regex.anchored ? min(start, 0) : text.count
        guard start <= text.count else { return nil }
        var position = start
        while position <= last {
            for i in slots.indices { slots[i] = -1 }
            if try run(pc: 0, position: position) != nil { return position }
            position += 1
        }
        return nil
    }

    /// Runs from `pc` at `position` until `match` or `lookEnd` (returning the position there), or failure.
    private mutating func run(pc startPC: Int, position startPosition: Int) throws(BoundedRegex.MatchError) -> Int? {
        let base = stack.count
        var pc = startPC
        var position = startPosition
        while true {
            steps &+= 1
            if steps & 0xFFF == 0 {
                if shouldStop() { throw .interrupted }
                if !regex.memoized && steps > BoundedRegex.backreferenceBudget { throw .budgetExhausted }
            }
            var failed = false
            switch regex.program[pc] {
            case .scalar(let value):
                if position < text.count && text[position] == value {
                    position += 1
                    pc += 1
                } else {
                    failed = true
                }
            case .set(let index):
                if position < text.count,
                    regex.flags.ignoreCase ? regex.sets[index].containsIgnoringCase(text[position]) : regex.sets[index].contains(text[position])
                {
                    position += 1
                    pc += 1
                } else {
                    failed = true
                }
            case .any(let dotAll):
                if position < text.count && (dotAll || !ScalarSet.lineTerminators.contains(text[position])) {
                    position += 1
                    pc += 1
                } else {
                    failed = true
                }
            case .split(let first, let second, let memo):
                if regex.memoized {
                    let key = memo * (text.count + 1) + position
                    if visited[key] == generation {
                        failed = true
                        break
                    }
                    visited[key] = generation
                }
                stack.append(.branch(pc: second, position: position))
                pc = first
            case .jump(let target):
                pc = target
            case .save(let slot):
                stack.append(.restore(slot: slot, value: slots[slot]))
                slots[slot] = position
                pc += 1
            case .progress(let slot):
                if slots[slot] == position { failed = true } else { pc += 1 }
            case .assert(let assertion):
                if holds(assertion, at: position) { pc += 1 } else { failed = true }
            case .backreference(let group):
                let a = slots[2 * group], b = slots[2 * group + 1]
                if a < 0 || b < a {
                    pc += 1  // a group that did not take part matches the empty string
                } else if let end = matchesAgain(a..<b, at: position) {
                    position = end
                    pc += 1
                } else {
                    failed = true
                }
            case .lookahead(let negative, let next):
                let saved = slots
                let found = try run(pc: pc + 1, position: position) != nil
                if negative {
                    slots = saved
                    if found { failed = true } else { pc = next }
                } else if found {
                    // Keep the lookahead's captures; restore them if the match backtracks past here.
                    for (slot, value) in saved.enumerated() where slots[slot] != value {
                        stack.append(.restore(slot: slot, value: value))
                    }
                    pc = next
                } else {
                    slots = saved
                    failed = true
                }
            case .lookEnd, .match:
                // Drop this run's backtrack points but keep its captures.
                stack.removeSubrange(base...)
                return position
            }
            if failed {
                // Backtrack: undo captures until a branch to take.
                var resumed = false
                while stack.count > base {
                    switch stack.removeLast() {
                    case .restore(let slot, let value):
                        slots[slot] = value
                    case .branch(let next, let at):
                        pc = next
                        position = at
                        resumed = true
                    }
                    if resumed { break }
                }
                if !resumed { return nil }
            }
        }
    }

    private func holds(_ assertion: Assertion, at position: Int) -> Bool {
        switch assertion {
        case .start:
            return position == 0 || (regex.flags.multiline && ScalarSet.lineTerminators.contains(text[position - 1]))
        case .end:
            return position == text.count || (regex.flags.multiline && ScalarSet.lineTerminators.contains(text[position]))
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && isWord(text[position - 1])
            let after = position < text.count && isWord(text[position])
            return (before != after) == (assertion == .wordBoundary)
        }
    }

    private func isWord(_ value: UInt32) -> Bool {
        regex.flags.ignoreCase ? ScalarSet.word.containsIgnoringCase(value) : ScalarSet.word.contains(value)
    }

    /// The end of `range`'s text matched again at `position`, or `nil`.
    private func matchesAgain(_ range: Range<Int>, at position: Int) -> Int? {
        guard position + range.count <= text.count else { return nil }
        for (i, j) in zip(range, position...) {
            if text[i] == text[j] { continue }
            if regex.flags.ignoreCase && CaseFolding.canonical(text[i]) == CaseFolding.canonical(text[j]) { continue }
            return nil
        }
        return position + range.count
    }
}
