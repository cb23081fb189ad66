/// A Pratt parser for JSONata (binding powers from the reference implementation) that also does
/// the reference's AST post-processing: paths are flattened into steps, predicates attached as stages.
struct Parser {
    private var lexer: Lexer
    private var token: Token
    private var previousPosition = 0

    private static let bindingPowers: [String: Int] = [
        ".": 75, "[": 80, "]": 0, "{": 70, "}": 0, "(": 80, ")": 0, ",": 0, "@": 80, "#": 80, ";": 0, ":": 0, "?": 20,
        "+": 50, "-": 50, "*": 60, "/": 60, "%": 60, "|": 0, "=": 40, "<": 40, ">": 40, "^": 40, "**": 0, "..": 0,
        ":=": 10, "!=": 40, "<=": 40, ">=": 40, "~>": 40, "?:": 40, "??": 40, "and": 30, "or": 25, "in": 40, "&": 50,
        "!": 0, "~": 0,
    ]

    init(_ source: String) throws(JSONataError) {
        lexer = Lexer(source)
        token = try lexer.next(prefix: true)
    }

    /// Parses a whole expression.
    mutating func parseExpression() throws(JSONataError) -> Node {
        let node = try expression(0)
        guard token.kind == .end else {
            throw JSONataError(code: "S0201", position: token.position, token: describe(token), message: "Syntax error: \(describe(token))")
        }
        return node
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .op(let s), .name(let s): s
        case .string(let s): s
        case .number(_, let t): t
        case .variable(let v): "$" + v
        case .regex(let p, _): "/" + p + "/"
        case .end: "(end)"
        }
    }

    private func leftBindingPower(_ token: Token) -> Int {
        if case .op(let op) = token.kind { return Self.bindingPowers[op] ?? 0 }
        return 0
    }

    private mutating func advance(prefix: Bool = false) throws(JSONataError) {
        previousPosition = token.position
        token = try lexer.next(prefix: prefix)
    }

    private mutating func expect(_ op: String, prefix: Bool = false) throws(JSONataError) {
        guard token.kind == .op(op) else {
            if token.kind == .end {
                throw JSONataError(code: "S0203", position: token.position, token: op, message: "Expected \"\(op)\" before end of expression")
            }
            throw JSONataError(code: "S0202", position: token.position, token: describe(token), message: "Expected \"\(op)\", got \"\(describe(token))\"")
        }
        try advance(prefix: prefix)
    }

    private func isOp(_ op: String) -> Bool { token.kind == .op(op) }

    private mutating func expression(_ rightBindingPower: Int) throws(JSONataError) -> Node {
        var t = token
        try advance(prefix: prefixAfter(t))
        var left = try nud(t)
        while rightBindingPower < leftBindingPower(token) {
            t = token
            try advance(prefix: prefixAfter(t))
            left = try led(t, left)
        }
        return left
    }

    /// Whether a regex literal may follow `token`: after an operator expecting an operand, not after
    /// an operand (where `/` divides) or a closing bracket.
    private func prefixAfter(_ token: Token) -> Bool {
        switch token.kind {
        case .op(let op): return op != ")" && op != "]" && op != "}"
        case .name(let name): return name == "and" || name == "or" || name == "in"
        default: return false
        }
    }

    // MARK: - prefix position

    private mutating func nud(_ t: Token) throws(JSONataError) -> Node {
        let position = t.position
        switch t.kind {
        case .string(let s): return Node(.string(s), position: position)
        case .number(let d, _): return Node(.number(d), position: position)
        case .regex(let pattern, let flags): return Node(.regex(try RegexValue(pattern: pattern, flags: flags)), position: position)
        case .variable(let v): return Node(.variable(v), position: position)
        case .name(let name):
            switch name {
            case "true": return Node(.literal(.bool(true)), position: position)
            case "false": return Node(.literal(.bool(false)), position: position)
            case "null": return Node(.literal(.null), position: position)
            case "function", "λ":
                if isOp("(") { return try lambda(position) }
                return pathOf(Node(.name(name), position: position))
            default: return pathOf(Node(.name(name), position: position))
            }
        case .end:
            throw JSONataError(code: "S0207", position: position, message: "Unexpected end of expression")
        case .op(let op):
            switch op {
            case "and", "or", "in": return pathOf(Node(.name(op), position: position))
            case "-":
                let operand = try expression(70)
                if case .number(let d) = operand.kind { return Node(.number(-d), position: position) }
                return Node(.negate(operand), position: position)
            case "*": return Node(.wildcard, position: position)
            case "**": return Node(.descendant, position: position)
            case "%": return Node(.parent, position: position)
            case "(":
                var expressions: [Node] = []
                while !isOp(")") {
                    expressions.append(try expression(0))
                    if !isOp(";") { break }
                    try advance(prefix: true)
                }
                try expect(")")
                return Node(.block(expressions), position: position)
            case "[":
                var items: [Node] = []
                if !isOp("]") {
                    while true {
                        var item = try expression(0)
                        if isOp("..") {
                            let rangePosition = token.position
                            try advance(prefix: true)
                            item = Node(.binary("..", item, try expression(0)), position: rangePosition)
                        }
                        items.append(item)
                        if !isOp(",") { break }
                        try advance(prefix: true)
                    }
                }
                try expect("]")
                return Node(.array(items), position: position)
            case "{":
                return Node(.object(try objectPairs()), position: position)
            case "|":
                let pattern = try expression(0)
                try expect("|", prefix: true)
                let update = try expression(0)
                var delete: Node?
                if isOp(",") {
                    try advance(prefix: true)
                    delete = try expression(0)
                }
                try expect("|")
                return Node(.transform(pattern, update, delete), position: position)
            case "?":
                return Node(.placeholder, position: position)
            default:
                throw JSONataError(code: "S0211", position: position, token: op, message: "The symbol \(op) cannot be used as a unary operator")
            }
        }
    }

    private func pathOf(_ step: Node) -> Node {
        let path = Node(.path([step]), position: step.position)
        return path
    }

    private mutating func objectPairs() throws(JSONataError) -> [(Node, Node)] {
        var pairs: [(Node, Node)] = []
        if !isOp("}") {
            while true {
                let key = try expression(0)
                try expect(":", prefix: true)
                let value = try expression(0)
                pairs.append((key, value))
                if !isOp(",") { break }
                try advance(prefix: true)
            }
        }
        try expect("}")
        return pairs
    }

    private mutating func lambda(_ position: Int) throws(JSONataError) -> Node {
        try expect("(")
        var parameters: [String] = []
        while !isOp(")") {
            guard case .variable(let name) = token.kind else {
                throw JSONataError(code: "S0208", position: token.position, token: describe(token), message: "Parameter \(describe(token)) of function definition must be a variable name (start with $)")
            }
            parameters.append(name)
            try advance()
            if isOp(",") { try advance() } else { break }
        }
        try expect(")")
        var signature: Signature?
        if isOp("<") {
            var text = ""
            var depth = 1
            while depth > 0 {
                // Signatures are read raw from the source between < and the matching >.
                let c = lexer.rawNext()
                guard let c else { throw JSONataError(code: "S0401", position: lexer.position, message: "Unterminated function signature") }
                if c == "<" { depth += 1 }
                if c == ">" { depth -= 1 }
                if depth > 0 { text.append(c) }
            }
            signature = try Signature(text, position: position)
            try advance()
        }
        try expect("{", prefix: true)
        let body = isOp("}") ? Node(.block([]), position: token.position) : try expression(0)
        try expect("}")
        return Node(.lambda(parameters, body, signature), position: position)
    }

    // MARK: - infix position

    private mutating func led(_ t: Token, _ left: Node) throws(JSONataError) -> Node {
        guard case .op(let op) = t.kind else {
            throw JSONataError(code: "S0201", position: t.position, token: describe(t), message: "Syntax error: \(describe(t))")
        }
        let position = t.position
        let bp = Self.bindingPowers[op] ?? 0
        switch op {
        case ".":
            let right = try expression(bp)
            return try joinPath(left, right, position: position)
        case "[":
            if isOp("]") {
                try advance()
                var step = left
                if case .path(let steps) = left.kind, let last = steps.last { step = last }
                step.keepArray = true
                if left.isPath { left.keepSingletonArray = true }
                return left
            }
            let predicate = try expression(0)
            try expect("]")
            if left.group != nil, !left.isPath {
                throw JSONataError(code: "S0209", position: position, message: "A predicate cannot follow a grouping expression in a step")
            }
            if case .path(let steps) = left.kind, let last = steps.last {
                if last.group != nil { throw JSONataError(code: "S0209", position: position, message: "A predicate cannot follow a grouping expression in a step") }
                last.stages.append(predicate)
            } else {
                left.predicates.append(predicate)
            }
            return left
        case "{":
            if left.group != nil { throw JSONataError(code: "S0210", position: position, message: "Each step can only have one grouping expression") }
            left.group = try objectPairs()
            return left
        case "(":
            var arguments: [Node] = []
            var isPartial = false
            if !isOp(")") {
                while true {
                    if isOp("?") {
                        isPartial = true
                        arguments.append(Node(.placeholder, position: token.position))
                        try advance()
                    } else {
                        arguments.append(try expression(0))
                    }
                    if !isOp(",") { break }
                    try advance(prefix: true)
                }
            }
            try expect(")")
            let callee = left
            if isPartial {
                return Node(.partial(callee, arguments.map { if case .placeholder = $0.kind { return nil } else { return $0 } }), position: position)
            }
            return Node(.call(callee, arguments), position: position)
        case "?":
            let then = try expression(0)
            var otherwise: Node?
            if isOp(":") {
                try advance(prefix: true)
                otherwise = try expression(0)
            }
            return Node(.condition(left, then, otherwise), position: position)
        case ":=":
            guard case .variable(let name) = left.kind, left.predicates.isEmpty, left.stages.isEmpty else {
                throw JSONataError(code: "S0212", position: position, message: "The left side of := must be a variable name (start with $)")
            }
            return Node(.bind(name, try expression(bp - 1)), position: position)
        case "~>":
            return Node(.apply(left, try expression(bp)), position: position)
        case "^":
            try expect("(", prefix: true)
            var terms: [(Node, Bool)] = []
            while true {
                var descending = false
                if isOp("<") { try advance(prefix: true) } else if isOp(">") {
                    descending = true
                    try advance(prefix: true)
                }
                terms.append((try expression(0), descending))
                if !isOp(",") { break }
                try advance(prefix: true)
            }
            try expect(")")
            let sortStep = Node(.sort(terms), position: position)
            if case .path(var steps) = left.kind {
                steps.append(sortStep)
                left.kind = .path(steps)
                return left
            }
            return Node(.path([left, sortStep]), position: position)
        case "@", "#":
            guard case .variable(let name) = token.kind else {
                throw JSONataError(code: "S0214", position: token.position, token: op, message: "The right side of \(op) must be a variable name (start with $)")
            }
            try advance()
            var step = left
            if case .path(let steps) = left.kind, let last = steps.last { step = last }
            if op == "@" && !step.stages.isEmpty {
                throw JSONataError(code: "S0215", position: position, message: "A context variable binding must precede any predicates on a step")
            }
            if op == "@", case .sort = step.kind {
                throw JSONataError(code: "S0216", position: position, message: "A context variable binding must precede the 'order-by' clause on a step")
            }
            if op == "@" {
                step.focus = name
            } else {
                step.index = name
                if !step.stages.isEmpty { step.indexAfterStages = step.stages.count }
            }
            step.tuple = true
            if !left.isPath { return Node(.path([left]), position: position).with { $0.tuple = true } }
            left.tuple = true
            return left
        default:
            let right = try expression(bp)
            return Node(.binary(op, left, right), position: position)
        }
    }

    private func joinPath(_ left: Node, _ right: Node, position: Int) throws(JSONataError) -> Node {
        var steps: [Node]
        let result: Node
        if case .path(let leftSteps) = left.kind {
            steps = leftSteps
            result = left
        } else {
            steps = [left]
            result = Node(.path([]), position: left.position)
            result.tuple = left.tuple
        }
        if case .path(let rightSteps) = right.kind {
            steps.append(contentsOf: rightSteps)
            if right.keepSingletonArray { result.keepSingletonArray = true }
            if right.tuple { result.tuple = true }
        } else {
            if !right.predicates.isEmpty {
                right.stages = right.predicates
                right.predicates = []
            }
            steps.append(right)
        }
        for (i, step) in steps.enumerated() {
            switch step.kind {
            case .number, .literal:
                throw JSONataError(code: "S0213", position: step.position, message: "The literal value \(step) cannot be used as a step within a path expression")
            case .string(let s):
                steps[i] = step.renamed(s)
            default: break
            }
            if step.keepArray { result.keepSingletonArray = true }
            if step.tuple { result.tuple = true }
        }
        if case .array = steps.first?.kind { steps.first?.consArray = true }
        if case .array = steps.last?.kind { steps.last?.consArray = true }
        result.kind = .path(steps)
        return result
    }
}

extension Node {
    fileprivate func with(_ body: (Node) -> Void) -> Node {
        body(self)
        return self
    }

    /// A string literal used as a path step becomes a field name, keeping its stages and flags.
    fileprivate func renamed(_ name: String) -> Node {
        let node = Node(.name(name), position: position)
        node.stages = stages
        node.keepArray = keepArray
        node.group = group
        node.focus = focus
        node.index = index
        node.tuple = tuple
        return node
    }
}

extension Lexer {
    /// The next raw character (used for function signatures).
    mutating func rawNext() -> Character? {
        guard position < chars.count else { return nil }
        defer { position += 1 }
        return chars[position]
    }
}
