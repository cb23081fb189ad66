/// A node of a processed JSONata syntax tree. Built once by ``Parser``; read-only afterwards.
///
/// Its properties are set while parsing and only read afterwards, so the runtime's exclusivity
/// checks on every read (a measurable share of evaluation) are switched off for them.
final class Node: @unchecked Sendable {
    indirect enum Kind {
        case string(String)
        case number(Double)
        case literal(Value)
        case name(String)
        case variable(String)
        case wildcard
        case descendant
        case parent
        case regex(RegexValue)
        case path([Node])
        case binary(String, Node, Node)
        case negate(Node)
        case array([Node])
        case object([(Node, Node)])
        case block([Node])
        case condition(Node, Node, Node?)
        case bind(String, Node)
        case call(Node, [Node])
        case partial(Node, [Node?])
        case lambda([String], Node, Signature?)
        case apply(Node, Node)
        case sort([(Node, Bool)])
        case transform(Node, Node, Node?)
        case placeholder
    }

    @exclusivity(unchecked) var kind: Kind {
        didSet { literalKeys = Self.uniqueLiteralKeys(kind) }
    }
    let position: Int
    /// For an object constructor whose keys are distinct string literals (the usual mapping shape):
    /// the keys, so a single input builds the object without grouping.
    @exclusivity(unchecked) private(set) var literalKeys: [String]?
    /// Filters applied to each item while evaluating a path step.
    @exclusivity(unchecked) var stages: [Node] = []
    /// Filters applied to the result of a non-step expression.
    @exclusivity(unchecked) var predicates: [Node] = []
    /// `{…}` grouping applied to the result.
    @exclusivity(unchecked) var group: [(Node, Node)]?
    /// `[]` after a step: keep singleton arrays.
    @exclusivity(unchecked) var keepArray = false
    /// An array constructor that is the first or last step of a path.
    @exclusivity(unchecked) var consArray = false
    /// A path containing a `[]` step.
    @exclusivity(unchecked) var keepSingletonArray = false
    /// `@$v` focus variable and `#$i` index variable on a step.
    @exclusivity(unchecked) var focus: String?
    @exclusivity(unchecked) var index: String?
    /// For `#$i` written after some predicates: the index is taken after that many stages.
    @exclusivity(unchecked) var indexAfterStages: Int?
    /// Whether this path uses tuple-stream bindings.
    @exclusivity(unchecked) var tuple = false
    /// For a `%` node: the binding it reads. For a step: the binding of its input that a later `%` reads.
    @exclusivity(unchecked) var slot: AncestorSlot?
    @exclusivity(unchecked) var ancestor: AncestorSlot?
    /// A path (or block) a later `%` looks through: it yields its tuple stream, not just values.
    @exclusivity(unchecked) var returnsTuples = false

    init(_ kind: Kind, position: Int) {
        self.kind = kind
        self.position = position
        literalKeys = Self.uniqueLiteralKeys(kind)
    }

    private static func uniqueLiteralKeys(_ kind: Kind) -> [String]? {
        guard case .object(let pairs) = kind else { return nil }
        var keys: [String] = []
        for (key, _) in pairs {
            guard case .string(let name) = key.kind, key.stages.isEmpty, key.predicates.isEmpty, key.group == nil, !keys.contains(name) else { return nil }
            keys.append(name)
        }
        return keys
    }

    var isPath: Bool {
        if case .path = kind { return true }
        return false
    }
}

/// A parent (`%`) reference being resolved to the step whose input it names.
final class AncestorSlot: @unchecked Sendable {
    var label: String
    var level: Int

    init(label: String, level: Int) {
        self.label = label
        self.level = level
    }
}
