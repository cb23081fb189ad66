/// A deterministic automaton over ASCII bytes that answers "is there a match anywhere?" in one pass,
/// one table lookup per byte, whatever the pattern's shape (groups, alternation, nested quantifiers).
///
/// It is built once, from the backtracking program, by the subset construction: a state is the set
/// of instructions the program could be at after reading the text so far (every start position at
/// once, so the search needs no restarts). Bytes are folded into classes that no instruction tells
/// apart, so the table has one column per class, not per byte.
///
/// Only yes/no questions are answered (JSON Schema's `pattern`): which match and its groups need the
/// backtracking matcher. The automaton covers programs without backreferences, lookaheads, word
/// boundaries and the `m` flag; others, programs whose automaton would exceed ``maxStates``, and
/// texts with a non-ASCII byte are left to the backtracking matcher (``matches(_:)`` returns `nil`).
struct ByteDFA: Sendable {
    /// The class of each byte; every non-ASCII byte is in the last class, whose entries say "bail".
    private let classOf: [UInt8]
    private let classCount: Int
    /// `transitions[state + class]`, for a state's offset `state` (its number × `classCount`): the next
    /// state's offset shifted left by 3, with that state's ``accepting`` or ``dead`` bit, or ``bail``.
    private let transitions: [UInt32]
    /// Per state number: whether the text may end there (the pattern matched up to its end).
    private let acceptsAtEnd: [Bool]
    /// The start state's own bits (a pattern matching the empty string is accepting from the start).
    private let startBits: UInt32
    private static let accepting: UInt32 = 1
    private static let dead: UInt32 = 2
    private static let bail: UInt32 = 4
    /// States beyond which building stops and the backtracking matcher keeps the pattern.
    static let maxStates = 1_024
    /// Instructions visited while building, beyond which building stops (it runs once per pattern,
    /// when the pattern is compiled, so its cost must stay small whatever the pattern).
    static let buildBudget = 400_000

    /// The automaton for `program`, or `nil` when the program uses what it cannot express or grows too large.
    init?(program: [Instruction], sets: [ScalarSet], flags: BoundedRegex.Flags) {
        guard !flags.multiline, program.count < 4_000 else { return nil }
        for instruction in program {
            switch instruction {
            case .backreference, .lookahead, .lookEnd, .assert(.wordBoundary), .assert(.notWordBoundary): return nil
            default: continue
            }
        }
        let consumers = Self.consumerMasks(program: program, sets: sets, flags: flags)
        let (asciiClasses, representatives) = Self.byteClasses(consumers.values)
        var builder = Builder(program: program, consumers: consumers)
        guard let table = builder.build(representatives: representatives) else { return nil }
        // One more class for non-ASCII bytes.
        let classCount = representatives.count + 1
        self.classCount = classCount
        classOf = asciiClasses + [UInt8](repeating: UInt8(representatives.count), count: 128)
        var transitions: [UInt32] = []
        transitions.reserveCapacity(table.kinds.count * classCount)
        for state in table.kinds.indices {
            for column in 0..<representatives.count {
                let target = Int(table.transitions[state * representatives.count + column])
                transitions.append(UInt32(target * classCount) << 3 | Self.bits(table.kinds[target]))
            }
            transitions.append(Self.bail)
        }
        self.transitions = transitions
        acceptsAtEnd = table.kinds.map { $0 & Builder.acceptsAtEnd != 0 }
        startBits = Self.bits(table.kinds[0])
    }

    private static func bits(_ kind: UInt8) -> UInt32 {
        (kind & Builder.accepting != 0 ? accepting : 0) | (kind & Builder.dead != 0 ? dead : 0)
    }

    /// Whether the pattern matches somewhere in `bytes`, or `nil` when a byte is not ASCII.
    @inline(__always)
    func matches(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        run(bytes, from: 0, state: 0).answer
    }

    /// ``matches(_:)`` for long texts: `shouldStop` is asked every 64 KiB.
    func matches(_ bytes: UnsafeBufferPointer<UInt8>, shouldStop: () -> Bool) throws(BoundedRegex.MatchError) -> Bool? {
        var start = 0, state = 0
        while true {
            let end = min(bytes.count, start + 65_536)
            let step = run(UnsafeBufferPointer(rebasing: bytes[..<end]), from: start, state: state)
            if let answer = step.answer, end == bytes.count || step.settled { return answer }
            if step.answer == nil { return nil }
            if shouldStop() { throw .interrupted }
            (start, state) = (end, step.state)
        }
    }

    /// Runs from `state` (an offset) over `bytes[start...]`: the answer were the text to end there
    /// (`nil` on a non-ASCII byte), whether it is settled whatever follows, and the state reached.
    @inline(__always)
    private func run(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, state initial: Int) -> (answer: Bool?, settled: Bool, state: Int) {
        if initial == 0 && startBits != 0 { return (startBits & Self.accepting != 0, true, 0) }
        return transitions.withUnsafeBufferPointer { table in
            classOf.withUnsafeBufferPointer { classOf in
                var state = initial
                var i = start
                while i < bytes.count {
                    let entry = table[state &+ Int(classOf[Int(bytes[i])])]
                    if entry & 7 != 0 {
                        if entry & Self.bail != 0 { return (nil, true, state) }
                        return (entry & Self.accepting != 0, true, state)
                    }
                    state = Int(entry >> 3)
                    i &+= 1
                }
                return (acceptsAtEnd[state / classCount], false, state)
            }
        }
    }

    /// A 128-bit set of the ASCII bytes each consuming instruction accepts, by instruction index.
    private static func consumerMasks(program: [Instruction], sets: [ScalarSet], flags: BoundedRegex.Flags) -> [Int: ByteMask] {
        var masks: [Int: ByteMask] = [:]
        for (pc, instruction) in program.enumerated() {
            var mask = ByteMask()
            switch instruction {
            case .scalar(let value):
                if value < 0x80 { mask.insert(UInt8(value)) }
            case .set(let index):
                let set = sets[index]
                for byte in UInt8(0)..<0x80 where flags.ignoreCase ? set.containsIgnoringCase(UInt32(byte)) : set.contains(UInt32(byte)) {
                    mask.insert(byte)
                }
            case .any(let dotAll):
                for byte in UInt8(0)..<0x80 where dotAll || !ScalarSet.lineTerminators.contains(UInt32(byte)) { mask.insert(byte) }
            default: continue
            }
            masks[pc] = mask
        }
        return masks
    }

    /// Groups the ASCII bytes that every mask treats alike; returns each byte's class and one byte per class.
    private static func byteClasses(_ masks: Dictionary<Int, ByteMask>.Values) -> (classOf: [UInt8], representatives: [UInt8]) {
        let distinct = Array(Set(masks))
        var classOf = [UInt8](repeating: 0, count: 128)
        var representatives: [UInt8] = []
        var signatures: [[Bool]: UInt8] = [:]
        for byte in UInt8(0)..<0x80 {
            let signature = distinct.map { $0.contains(byte) }
            if let known = signatures[signature] {
                classOf[Int(byte)] = known
            } else {
                let index = UInt8(representatives.count)
                signatures[signature] = index
                representatives.append(byte)
                classOf[Int(byte)] = index
            }
        }
        return (classOf, representatives)
    }

    /// The subset construction.
    private struct Builder {
        let program: [Instruction]
        let consumers: [Int: ByteMask]
        /// A state: the consuming instructions and pending end assertions reached, sorted, and whether
        /// it is the state before the first byte (where `^` holds).
        struct Key: Hashable {
            var pcs: [Int]
            var initial: Bool
            var matched: Bool
        }
        static let accepting: UInt8 = 1, dead: UInt8 = 2, acceptsAtEnd: UInt8 = 4
        var keys: [Key] = []
        var index: [Key: Int] = [:]
        /// Instructions visited so far, against ``ByteDFA/buildBudget``.
        var work = 0

        init(program: [Instruction], consumers: [Int: ByteMask]) {
            self.program = program
            self.consumers = consumers
        }

        mutating func build(representatives: [UInt8]) -> (transitions: [UInt16], kinds: [UInt8])? {
            let start = closure(of: [0], atStart: true)
            _ = state(for: Key(pcs: start.pcs, initial: true, matched: start.matched))
            var transitions: [UInt16] = []
            var next = 0
            while next < keys.count {
                let key = keys[next]
                for byte in representatives {
                    var targets = key.pcs.filter { consumers[$0]?.contains(byte) == true }.map { $0 + 1 }
                    // Every later position is also a start position.
                    targets.append(0)
                    let reached = closure(of: targets, atStart: false)
                    let target = key.matched ? next : state(for: Key(pcs: reached.pcs, initial: false, matched: reached.matched))
                    guard keys.count <= ByteDFA.maxStates, work <= ByteDFA.buildBudget else { return nil }
                    transitions.append(UInt16(target))
                }
                next += 1
            }
            var kinds: [UInt8] = []
            for key in keys {
                var kind: UInt8 = key.matched ? Self.accepting : 0
                if key.pcs.isEmpty && !key.matched { kind |= Self.dead }
                let ends = key.pcs.filter { consumers[$0] == nil }.map { $0 + 1 }
                if key.matched || (!ends.isEmpty && closure(of: ends, atStart: key.initial, atEnd: true).matched) { kind |= Self.acceptsAtEnd }
                kinds.append(kind)
            }
            return (transitions, kinds)
        }

        private mutating func state(for key: Key) -> Int {
            if let known = index[key] { return known }
            keys.append(key)
            index[key] = keys.count - 1
            return keys.count - 1
        }

        /// The consuming instructions and end assertions reachable from `pcs` without reading a byte,
        /// and whether `match` is.
        mutating func closure(of pcs: [Int], atStart: Bool, atEnd: Bool = false) -> (pcs: [Int], matched: Bool) {
            var seen = Set<Int>()
            defer { work += seen.count + pcs.count }
            var found: [Int] = []
            var matched = false
            var stack = pcs.reversed() as [Int]
            while let pc = stack.popLast() {
                guard seen.insert(pc).inserted else { continue }
                switch program[pc] {
                case .scalar, .set, .any: found.append(pc)
                case .match: matched = true
                case .split(let first, let second, _):
                    stack.append(second)
                    stack.append(first)
                case .jump(let target): stack.append(target)
                case .save, .progress: stack.append(pc + 1)
                case .assert(.start): if atStart { stack.append(pc + 1) }
                case .assert(.end): if atEnd { stack.append(pc + 1) } else { found.append(pc) }
                case .assert, .backreference, .lookahead, .lookEnd: continue
                }
            }
            return (found.sorted(), matched)
        }
    }
}

/// A set of ASCII bytes as two 64-bit words.
struct ByteMask: Hashable, Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0

    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 ? high & (1 << UInt64(byte - 64)) != 0 : false
    }

    mutating func insert(_ byte: UInt8) {
        if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
    }
}
