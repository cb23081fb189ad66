import JSONValue

/// One compiled piece of a fast program: evaluates against the context `input`; `nil` is undefined.
typealias FastCode = @Sendable (inout FastFrame, Value?) throws(JSONataError) -> Value?

/// A ``FastCode`` in a container. Arrays and optionals of a function type hold it reabstracted,
/// so every call would go through a conversion thunk; a struct around it keeps the direct form.
struct FastExpr: Sendable {
    let run: FastCode

    init(_ run: @escaping FastCode) { self.run = run }
}

/// The state of one fast evaluation: variable slots (resolved when compiling, no name lookups), the
/// root input (`$$`) and an evaluator for the built-in functions.
struct FastFrame {
    var slots: [Value?]
    let root: Value?
    var evaluator: Evaluator
    /// Items visited by path steps, for the time limit.
    var visited = 0

    /// Counts `count` visited items and checks the clock every 1,024.
    mutating func visit(_ count: Int) throws(JSONataError) {
        let before = visited
        visited &+= count
        if visited >> 10 != before >> 10, evaluator.clock.now > evaluator.deadline { throw FastProgram.bailOut }
        if count > evaluator.limits.maxOutputItems { throw FastProgram.bailOut }
    }
}

/// An expression compiled to closures over variable slots: the fast tier beside the interpreter.
///
/// ``FastCompiler`` builds one only for expressions inside the subset it implements (the shape of
/// mappings: paths of names, object and array constructors, operators, conditions, blocks with
/// variables, lambdas that are bound and called by name, and calls of built-in and host functions).
/// It is only trusted with success: when the input takes it outside that subset (a grouping object
/// constructor over several items, say) or anything throws, the evaluation starts again in the
/// interpreter, which gives the authoritative answer and error. The conformance test checks that both
/// tiers agree on every official case the fast tier accepts.
final class FastProgram: Sendable {
    let code: FastCode
    let slotCount: Int
    /// Names the expression reads without binding them, and their slots: filled per evaluation from
    /// the host's functions and bindings, then the built-ins.
    let freeNames: [(name: String, slot: Int, builtin: Value?)]

    /// Thrown inside fast code to hand the evaluation to the interpreter.
    static let bailOut = JSONataError(code: "fast", position: 0, message: "handed to the interpreter")

    init(code: @escaping FastCode, slotCount: Int, freeNames: [(name: String, slot: Int, builtin: Value?)]) {
        self.code = code
        self.slotCount = slotCount
        self.freeNames = freeNames
    }

    /// The result, or `nil` when the interpreter must evaluate this input instead.
    func run(_ input: JSON?, bindings: [String: JSON], functions: [JSONataFunction], limits: EvaluationLimits) -> JSON?? {
        // A top-level array input is wrapped for paths (jsonata-js semantics): the interpreter's business.
        if case .array? = input { return nil }
        let context = input.map(Value.init)
        var slots = [Value?](repeating: nil, count: slotCount)
        for free in freeNames {
            if let function = functions.last(where: { $0.name == free.name }) {
                slots[free.slot] = .function(function.value)
            } else if let value = bindings[free.name] {
                slots[free.slot] = Value(value)
            } else {
                slots[free.slot] = free.builtin
            }
        }
        var frame = FastFrame(slots: slots, root: context, evaluator: Evaluator(limits: limits))
        do {
            guard let result = try code(&frame, context) else { return .some(nil) }
            if case .function = result { return .some(nil) }
            return .some(JSONataExpression.output(result))
        } catch {
            return nil
        }
    }
}
