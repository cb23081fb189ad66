import Synchronization
import JSONValue

/// One compiled piece of a fast program in value mode: evaluates against the context `input`, gives
/// a ``Value``; `nil` is undefined.
typealias FastCode = @Sendable (inout FastFrame, Value?) throws(JSONataError) -> Value?

/// One compiled piece in JSON mode: the context is JSON in place (in the input document, which the
/// evaluation keeps alive), and the result is JSON that reads back as the value the interpreter gives.
/// It does not throw: a piece that cannot answer sets `frame.failed` (see ``FastFrame/handBack()``).
/// Calling a stored throwing closure retains and releases its context every time; a non-throwing one
/// called through a borrowed reference (``JSONExpr``) does not.
typealias JSONCode = @Sendable (inout FastFrame, UnsafePointer<JSON>?) -> JSON?

/// Where a lambda was defined, for its body (JSON mode): known once the binding ran in JSON mode.
enum FastContext {
    case unknown
    case known(UnsafePointer<JSON>?)
}

/// A ``FastCode`` in a container. Arrays and optionals of a function type hold it reabstracted,
/// so every call would go through a conversion thunk; a struct around it keeps the direct form.
struct FastExpr: Sendable {
    let run: FastCode

    init(_ run: @escaping FastCode) { self.run = run }
}

/// A ``JSONCode`` as compiled pieces hold their children: called through a class instance borrowed
/// without reference counting.
struct JSONExpr: Sendable {
    let box: JSONCodeBox

    init(_ run: @escaping JSONCode) { box = JSONCodeBox(run) }

    @inline(__always)
    func run(_ frame: inout FastFrame, _ context: UnsafePointer<JSON>?) -> JSON? {
        Unmanaged.passUnretained(box)._withUnsafeGuaranteedRef { $0.run(&frame, context) }
    }
}

/// Several ``JSONExpr``s to call by position. Reading a reference out of an array retains it for the
/// call; these are read unretained, and `owners` keeps them alive.
struct JSONExprs: Sendable {
    private let owners: [JSONCodeBox]
    private let boxes: [Unmanaged<JSONCodeBox>]

    init(_ exprs: [JSONExpr]) {
        owners = exprs.map(\.box)
        boxes = owners.map { Unmanaged.passUnretained($0) }
    }

    var count: Int { boxes.count }

    @inline(__always)
    func run(_ k: Int, _ frame: inout FastFrame, _ context: UnsafePointer<JSON>?) -> JSON? {
        boxes[k]._withUnsafeGuaranteedRef { $0.run(&frame, context) }
    }
}

/// A value a compiled program owns and its pieces refer to unretained (see ``FastCompiler/own(_:)``).
final class Owned<T: Sendable>: Sendable {
    let value: T

    init(_ value: T) { self.value = value }
}

final class JSONCodeBox: Sendable {
    let run: JSONCode

    init(_ run: @escaping JSONCode) { self.run = run }
}

/// What every frame of one fast evaluation shares: variable slots (resolved when compiling, no name
/// lookups), lambdas' definition contexts, what free names hold, and the root input (`$$`). The
/// buffers belong to ``FastProgram/run(_:bindings:functions:limits:)``, which frees them when the
/// evaluation ends; a compiled lambda's call (``CompiledLambda``) runs in a frame of its own over them.
struct FastStorage {
    let slots: UnsafeMutableBufferPointer<Value?>
    /// Lambdas' definition contexts, by their context slot.
    let contexts: UnsafeMutableBufferPointer<FastContext>
    /// What free names' slots hold for this whole evaluation, when it is a native function: calls
    /// need not copy the slot's value to find out.
    let freeFunctions: UnsafeMutableBufferPointer<FreeFunction>
    /// Loop-invariant values computed once per loop (``FastCompiler/hoisted(_:loop:)``): `nil` until
    /// computed, `.some(nil)` for undefined.
    let hoisted: UnsafeMutableBufferPointer<Value??>
    /// The input as a value, for `$$` in value mode. Every member is a pointer or a number: a frame
    /// made for each call of a compiled lambda copies the storage without reference counting.
    let root: UnsafeMutablePointer<Value?>
    /// The input document, for `$$` in JSON mode.
    var rootPointer: UnsafePointer<JSON>?
    /// Empty argument arrays, kept for the next native call (``FastFrame/argumentArray(capacity:)``).
    let spareArguments: UnsafeMutablePointer<[[Value?]]>
}

/// The state of one fast evaluation: the shared storage and an evaluator for the built-in functions.
struct FastFrame {
    var storage: FastStorage
    /// Where the evaluator lives: the evaluation's, or the one a native function calling a compiled
    /// lambda was given. Reached by pointer, it is neither copied nor moved when a frame is made.
    private let evaluatorPointer: UnsafeMutablePointer<Evaluator>
    /// Items visited by path steps, for the time limit.
    var visited = 0
    /// Set by JSON-mode pieces that cannot answer: the evaluation goes to the interpreter.
    var failed = false

    /// A frame over `storage` whose evaluator is the one at `evaluator`, which outlives the frame.
    init(storage: FastStorage, evaluator: UnsafeMutablePointer<Evaluator>) {
        self.storage = storage
        self.evaluatorPointer = evaluator
    }

    /// The evaluator for the built-in functions, addressed in place.
    var evaluator: Evaluator {
        @inline(__always) unsafeAddress { UnsafePointer(evaluatorPointer) }
        @inline(__always) nonmutating unsafeMutableAddress { evaluatorPointer }
    }

    @inline(__always) var slots: UnsafeMutableBufferPointer<Value?> { storage.slots }
    @inline(__always) var contexts: UnsafeMutableBufferPointer<FastContext> { storage.contexts }
    @inline(__always) var freeFunctions: UnsafeMutableBufferPointer<FreeFunction> { storage.freeFunctions }
    @inline(__always) var hoisted: UnsafeMutableBufferPointer<Value??> { storage.hoisted }
    @inline(__always) var root: Value? { storage.root.pointee }
    @inline(__always) var rootPointer: UnsafePointer<JSON>? { storage.rootPointer }

    /// Whether `slot` holds `builtin`: known for free names, checked for anything else.
    @inline(__always)
    func holds(_ builtin: FunctionValue, in slot: Int) -> Bool {
        if freeFunctions[slot].isBuiltin { return true }
        guard case .function(let function)? = slots[slot] else { return false }
        return function === builtin
    }

    /// The native function `slot` holds: a free name's from its unretained record, without copying
    /// the slot's value; `nil` when the slot holds something else.
    @inline(__always)
    func nativeFunction(in slot: Int) -> NativeFunction? {
        if let free = freeFunctions[slot].native { return free.takeUnretainedValue() }
        guard case .function(let function)? = slots[slot], case .native(let native) = function.body else { return nil }
        return native
    }

    /// An empty argument array with room for `capacity` values: one an earlier call of this evaluation
    /// gave back (``recycle(_:)``), so a call allocates none.
    @inline(__always)
    mutating func argumentArray(capacity: Int) -> [Value?] {
        if var spare = storage.spareArguments.pointee.popLast() {
            spare.reserveCapacity(capacity)
            return spare
        }
        var fresh: [Value?] = []
        fresh.reserveCapacity(Swift.max(capacity, 4))
        return fresh
    }

    /// Takes back a call's argument array once the call has returned: its values are released now,
    /// its storage kept for the next call (at most 32 arrays).
    @inline(__always)
    mutating func recycle(_ arguments: inout [Value?]) {
        var taken: [Value?] = []
        swap(&taken, &arguments)
        // One by one: `removeAll(keepingCapacity:)` goes through the general range replacement.
        while !taken.isEmpty { taken.removeLast() }
        if storage.spareArguments.pointee.count < 32 { storage.spareArguments.pointee.append(taken) }
    }

    /// Counts `count` visited items and checks the clock every 1,024; `false` past a limit.
    mutating func visit(_ count: Int) -> Bool {
        let before = visited
        visited &+= count
        if visited >> 10 != before >> 10, evaluator.clock.now > evaluator.deadline { return false }
        return count <= evaluator.limits.maxOutputItems
    }

    /// Marks the evaluation as one for the interpreter; the result is then ignored.
    mutating func handBack<T>() -> T? {
        failed = true
        return nil
    }
}

/// The native function a free name's slot holds for a whole evaluation (``FastFrame/freeFunctions``),
/// unretained: the slot holds it.
struct FreeFunction {
    var native: Unmanaged<NativeFunction>?
    /// The name's own built-in (no host function or binding of the name replaces it).
    var isBuiltin = false
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
    let code: JSONCode
    let slotCount: Int
    /// Loop-invariant values the program caches (``FastStorage/hoisted``).
    let hoistedCount: Int
    /// Names the expression reads without binding them, and their slots: filled per evaluation from
    /// the host's functions and bindings, then the built-ins.
    let freeNames: [(name: String, slot: Int, builtin: Value?)]

    /// Thrown inside fast code to hand the evaluation to the interpreter.
    static let bailOut = JSONataError(code: "fast", position: 0, message: "handed to the interpreter")

    /// Pieces the compiled code refers to without retaining them.
    private let owned: [any AnyObject & Sendable]

    /// Hand-backs in a row: a program that always meets something it does not model (a value shape,
    /// an error) would do its work twice on every evaluation, here and again in the interpreter.
    private let handBacksInARow = Atomic<Int>(0)
    /// After this many hand-backs in a row the interpreter answers alone, for `restAfterHandBacks`
    /// evaluations; then the fast tier is tried again (inputs change).
    static let handBackLimit = 16, restAfterHandBacks = 512

    /// Whether to try the fast tier for this evaluation.
    var worthTrying: Bool {
        let count = handBacksInARow.load(ordering: .relaxed)
        guard count >= Self.handBackLimit else { return true }
        let next = handBacksInARow.add(1, ordering: .relaxed).newValue
        if next >= Self.handBackLimit + Self.restAfterHandBacks { handBacksInARow.store(Self.handBackLimit - 1, ordering: .relaxed) }
        return false
    }

    /// Records whether the last try answered.
    func recordOutcome(answered: Bool) {
        if answered {
            if handBacksInARow.load(ordering: .relaxed) != 0 { handBacksInARow.store(0, ordering: .relaxed) }
        } else {
            handBacksInARow.add(1, ordering: .relaxed)
        }
    }

    init(
        code: @escaping JSONCode, slotCount: Int, hoistedCount: Int, freeNames: [(name: String, slot: Int, builtin: Value?)],
        owned: [any AnyObject & Sendable]
    ) {
        self.code = code
        self.slotCount = slotCount
        self.hoistedCount = hoistedCount
        self.freeNames = freeNames
        self.owned = owned
    }

    /// The result, or `nil` when the interpreter must evaluate this input instead.
    func run(_ input: JSON?, bindings: [String: JSON], functions: [JSONataFunction], limits: EvaluationLimits) -> JSON?? {
        // A top-level array input is wrapped for paths (jsonata-js semantics): the interpreter's business.
        if case .array? = input { return nil }
        let slots = UnsafeMutableBufferPointer<Value?>.allocate(capacity: slotCount)
        slots.initialize(repeating: nil)
        let freeFunctions = UnsafeMutableBufferPointer<FreeFunction>.allocate(capacity: slotCount)
        freeFunctions.initialize(repeating: FreeFunction())
        let contexts = UnsafeMutableBufferPointer<FastContext>.allocate(capacity: slotCount)
        contexts.initialize(repeating: .unknown)
        let hoisted = UnsafeMutableBufferPointer<Value??>.allocate(capacity: hoistedCount)
        hoisted.initialize(repeating: nil)
        let spareArguments = UnsafeMutablePointer<[[Value?]]>.allocate(capacity: 1)
        spareArguments.initialize(to: [])
        let root = UnsafeMutablePointer<Value?>.allocate(capacity: 1)
        root.initialize(to: input.map(Value.init))
        let evaluator = UnsafeMutablePointer<Evaluator>.allocate(capacity: 1)
        evaluator.initialize(to: Evaluator(limits: limits))
        defer {
            for scope in evaluator.pointee.boundScopes { scope.clear() }
            evaluator.deinitialize(count: 1)
            evaluator.deallocate()
            root.deinitialize(count: 1)
            root.deallocate()
            spareArguments.deinitialize(count: 1)
            spareArguments.deallocate()
            _ = slots.deinitialize()
            slots.deallocate()
            _ = hoisted.deinitialize()
            hoisted.deallocate()
            freeFunctions.deallocate()
            contexts.deallocate()
        }
        for free in freeNames {
            if let function = functions.last(where: { $0.name == free.name }) {
                slots[free.slot] = .function(function.value)
            } else if let value = bindings[free.name] {
                slots[free.slot] = Value(value)
            } else {
                slots[free.slot] = free.builtin
                freeFunctions[free.slot].isBuiltin = free.builtin != nil
            }
            if case .function(let function)? = slots[free.slot], case .native(let native) = function.body {
                freeFunctions[free.slot].native = Unmanaged.passUnretained(native)
            }
        }
        let storage = FastStorage(
            slots: slots, contexts: contexts, freeFunctions: freeFunctions, hoisted: hoisted, root: root,
            spareArguments: spareArguments)
        var frame = FastFrame(storage: storage, evaluator: evaluator)
        let result: JSON?
        if let input {
            result = withUnsafePointer(to: input) { pointer in
                frame.storage.rootPointer = pointer
                return code(&frame, pointer)
            }
        } else {
            result = code(&frame, nil)
        }
        return frame.failed ? nil : .some(result)
    }
}
