import JSONValue

/// A two-parameter lambda whose body only compares its parameters' fields with each other or with
/// literals, through comparisons, `=`/`!=`, `and`/`or` and parentheses
/// (`$a.date > $b.date or ($a.date = $b.date and $a.id > $b.id)`): `$sort`'s usual comparator.
/// `$sort` calls it n log n times over the items of one array, so each field (`$a.date`, `$b.date`:
/// one key) is read once per item beforehand, and a comparison evaluates only the operators, on the
/// keys, with the body's own rules (``FastCompiler/binary(_:_:_:position:)``). Reading a path of
/// names cannot fail, so the errors a comparison can raise, and their order, are the body's.
struct KeyedComparator: Sendable {
    indirect enum Term: Sendable {
        /// Key `k` of the first or the second argument.
        case key(Int, second: Bool)
        case constant(Value?)
        /// `<`, `<=`, `>` or `>=`.
        case compare(String, Term, Term, position: Int)
        /// `=` (`true`) or `!=`.
        case equal(Bool, Term, Term)
        case and(Term, Term)
        case or(Term, Term)
    }

    /// The keys of all items, key by key (`keys[k * count + i]`: key `k` of item `i`), and the two
    /// items compared.
    struct Operands {
        let keys: UnsafeBufferPointer<Value?>
        let count: Int
        let first: Int
        let second: Int
    }

    typealias Code = @Sendable (Operands, inout Evaluator) throws(JSONataError) -> Value?

    private let body: Code
    /// The body when it is one comparison of a key of one argument with the same key of the other
    /// (`$a.qty > $b.qty`): `leftIsSecond` when its left side reads the second argument.
    private let single: (op: String, key: Int, leftIsSecond: Bool)?
    /// Each key's code, reading the parameter in `slot`.
    let keys: [(code: FastExpr, slot: Int)]

    init(body: Term, keys: [(code: FastExpr, slot: Int)]) {
        self.body = Self.compile(body)
        self.keys = keys
        single = if case .compare(let op, .key(let k, let leftIsSecond), .key(let other, let rightIsSecond), _) = body,
            other == k, rightIsSecond != leftIsSecond
        {
            (op, k, leftIsSecond)
        } else {
            nil
        }
    }

    /// The items' order when the body is one comparison of a key whose values are all numbers (not
    /// NaN) or all strings: the comparison on them as they are, no value in between; `nil` otherwise.
    private func typedOrder(_ keys: [Value?], count: Int) -> [Int]? {
        guard let single else { return nil }
        let holds = FastCompiler.comparison(single.op)
        let column = keys[(single.key * count)..<((single.key + 1) * count)]
        // The comparator's arguments are (earlier, later), its left side reads one of them; it holds
        // when the later item goes first. `stableSort` asks whether its first item (the later) goes first.
        func sides(_ earlier: Int, _ later: Int) -> (Int, Int) { single.leftIsSecond ? (later, earlier) : (earlier, later) }
        var numbers: [Double] = []
        numbers.reserveCapacity(count)
        for key in column {
            guard case .number(let d)? = key, !d.isNaN else { break }
            numbers.append(d)
        }
        if numbers.count == count {
            return Evaluator.stableSort(Array(0..<count)) { later, earlier in
                let (a, b) = sides(earlier, later)
                return holds(numbers[a], numbers[b])
            }
        }
        var strings: [String] = []
        strings.reserveCapacity(count)
        for key in column {
            guard case .string(let text)? = key else { return nil }
            strings.append(text)
        }
        return Evaluator.stableSort(Array(0..<count)) { later, earlier in
            let (a, b) = sides(earlier, later)
            return holds(Double(CodePointText.order(strings[a], strings[b])), 0)
        }
    }

    /// The order `$sort`'s merge sort gives `count` items whose keys are `keys` (as in ``Operands``):
    /// on plain numbers or strings when it can (``typedOrder(_:count:)``), else by the operators.
    func order(_ keys: [Value?], count: Int, _ evaluator: inout Evaluator) throws(JSONataError) -> [Int] {
        if let order = typedOrder(keys, count: count) { return order }
        return try keys.withUnsafeBufferPointer { keys throws(JSONataError) in
            try withUnsafeMutablePointer(to: &evaluator) { evaluator throws(JSONataError) in
                // `$sort` asks whether its later item goes first: the comparator on (earlier, later).
                try Evaluator.stableSort(Array(0..<count)) { later, earlier throws(JSONataError) in
                    try holds(keys, count: count, earlier, later, &evaluator.pointee)
                }
            }
        }
    }

    /// Whether the comparator holds for the items at `first` and `second`; `keys` as in ``Operands``.
    private func holds(_ keys: UnsafeBufferPointer<Value?>, count: Int, _ first: Int, _ second: Int, _ evaluator: inout Evaluator) throws(JSONataError) -> Bool {
        try evaluator.account(for: 1)
        return Evaluator.truthy(try body(Operands(keys: keys, count: count, first: first, second: second), &evaluator))
    }

    /// The term as code, each operator chosen once.
    private static func compile(_ term: Term) -> Code {
        switch term {
        case .key(let k, let isSecond):
            return { operands, _ in operands.keys[k * operands.count + (isSecond ? operands.second : operands.first)] }
        case .constant(let value):
            return { _, _ in value }
        case .compare(let op, let lhs, let rhs, let position):
            let holds = FastCompiler.comparison(op)
            let left = compile(lhs), right = compile(rhs)
            return { operands, evaluator throws(JSONataError) in
                let a = try left(operands, &evaluator)
                let b = try right(operands, &evaluator)
                if case .number(let x)? = a, case .number(let y)? = b, !x.isNaN, !y.isNaN { return .bool(holds(x, y)) }
                if case .string(let x)? = a, case .string(let y)? = b { return .bool(holds(Double(CodePointText.order(x, y)), 0)) }
                return try evaluator.compare(op, a, b, position: position)
            }
        case .equal(let equal, let lhs, let rhs):
            let left = compile(lhs), right = compile(rhs)
            return { operands, evaluator throws(JSONataError) in
                let a = try left(operands, &evaluator)
                let b = try right(operands, &evaluator)
                guard let a, let b else { return .bool(false) }
                return .bool(Evaluator.equal(a, b) == equal)
            }
        case .and(let lhs, let rhs), .or(let lhs, let rhs):
            let shortCircuit = if case .or = term { true } else { false }
            let left = compile(lhs), right = compile(rhs)
            return { operands, evaluator throws(JSONataError) in
                if Evaluator.truthy(try left(operands, &evaluator)) == shortCircuit { return .bool(shortCircuit) }
                return .bool(Evaluator.truthy(try right(operands, &evaluator)))
            }
        }
    }
}

extension FastCompiler {
    /// `body` of a lambda with parameters in `slots` as a ``KeyedComparator``; `nil` when it is not
    /// one. Compiled in the lambda's scope (its parameters bound to their slots).
    mutating func keyedComparator(_ body: Node, parameters: [String], slots: [Int]) throws(Unsupported) -> KeyedComparator? {
        guard parameters.count == 2 else { return nil }
        var keyIndex: [[String]: Int] = [:]
        var keyNodes: [(node: Node, slot: Int)] = []

        func term(_ node: Node) -> KeyedComparator.Term? {
            guard Self.isPlain(node) else { return nil }
            switch node.kind {
            case .string(let text): return .constant(.string(text))
            case .number(let number): return .constant(.number(number))
            case .literal(let value): return .constant(value)
            case .block(let statements):
                guard statements.count == 1 else { return nil }
                return term(statements[0])
            case .variable, .path:
                let steps: [Node] = if case .path(let steps) = node.kind { steps } else { [node] }
                guard case .variable(let name) = steps[0].kind, Self.isPlain(steps[0]), let parameter = parameters.firstIndex(of: name) else { return nil }
                var names: [String] = []
                for step in steps.dropFirst() {
                    guard Self.isPlain(step), case .name(let name) = step.kind else { return nil }
                    names.append(name)
                }
                let k = keyIndex[names] ?? {
                    keyIndex[names] = keyNodes.count
                    keyNodes.append((node, slots[parameter]))
                    return keyNodes.count - 1
                }()
                return .key(k, second: parameter == 1)
            case .binary(let op, let lhs, let rhs):
                guard let left = term(lhs), let right = term(rhs) else { return nil }
                switch op {
                case "<", "<=", ">", ">=": return .compare(op, left, right, position: node.position)
                case "=", "!=": return .equal(op == "=", left, right)
                case "and": return .and(left, right)
                case "or": return .or(left, right)
                default: return nil
                }
            default:
                return nil
            }
        }

        guard let tree = term(body), !keyNodes.isEmpty else { return nil }
        // A key read through the other parameter is the same path on the same items.
        let keys = try keyNodes.map { key throws(Unsupported) in (code: FastExpr(try compile(key.node)), slot: key.slot) }
        return KeyedComparator(body: tree, keys: keys)
    }
}
