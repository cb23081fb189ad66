import JSONValue

/// The runtime pieces of JSON mode (see ``FastCompiler/compileJSON(_:)``), each giving the JSON of
/// what the interpreter gives for the same shape.
enum FastJSON {
    /// A path of names read in place from the context (or from `$$`); only the value found is copied.
    /// Arrays on the way need sequence semantics: `general` (the path in value mode) answers those.
    static func names(_ names: [String], fromRoot: Bool, general: @escaping JSONCode) -> JSONCode {
        let hints = PositionHints(names: names)
        return { frame, context in
            let start = fromRoot ? frame.rootPointer : context
            switch find(hints, from: start) {
            case .found(let pointer): return pointer?.pointee
            case .throughArray:
                // A single value through arrays is read in place too; a sequence is the general path's.
                switch start.flatMap({ FastCollect.collect(hints, from: $0, &frame) }) {
                case .undefined?: return nil
                case .one(let pointer)?: return pointer.pointee
                case .many?, nil: return general(&frame, context)
                }
            }
        }
    }

    /// A path of names as a call argument: read in place like ``names(_:fromRoot:general:)``, but
    /// the result is the value itself, so a sequence (from arrays on the way) is passed on as it is
    /// (``FastCollect`` builds it in place when every item on the way is an object).
    static func namesValue(_ names: [String], fromRoot: Bool, general: @escaping FastCode) -> ContextValueCode {
        let hints = PositionHints(names: names)
        return ContextValueCode { frame, context in
            let start = fromRoot ? frame.rootPointer : context
            switch find(hints, from: start) {
            case .found(let pointer): return pointer.map { Value($0.pointee) }
            case .throughArray:
                if let start, let result = FastCollect.collect(hints, from: start, &frame) { return FastCollect.value(result) }
                do {
                    return try general(&frame, context.map { Value($0.pointee) })
                } catch {
                    return frame.handBack()
                }
            }
        }
    }

    enum Lookup {
        /// The value at the end of the names (`nil`: undefined).
        case found(UnsafePointer<JSON>?)
        /// An array before the last name.
        case throughArray
    }

    /// Follows the names of `hints` from `start` by pointer.
    static func find(_ hints: PositionHints, from start: UnsafePointer<JSON>?) -> Lookup {
        guard let start else { return .found(nil) }
        let value = JSONInPlace(start)
        switch value.kind {
        case .object: return find(hints, in: value.members)
        case .array: return .throughArray
        default: return .found(nil)
        }
    }

    /// Follows the names of `hints` from an object's members by pointer.
    static func find(
        _ hints: PositionHints, in members: (keys: UnsafeBufferPointer<String>, values: UnsafeBufferPointer<JSON>)
    ) -> Lookup {
        var (keys, values) = members
        var k = 0
        while true {
            guard let i = hints.position(k, in: keys) else { return .found(nil) }
            let member = values.baseAddress! + i
            k += 1
            if k == hints.count { return .found(member) }
            let value = JSONInPlace(member)
            switch value.kind {
            case .object: (keys, values) = value.members
            case .array: return .throughArray
            default: return .found(nil)
            }
        }
    }

    /// A path of names from a variable holding an input object (`$a.first_name`), read in place.
    /// Anything else the variable holds goes through `general` (the path in value mode).
    static func variableNames(_ slot: Int, _ names: [String], general: @escaping JSONCode) -> JSONCode {
        let hints = PositionHints(names: names)
        return { frame, context in
            guard case .jsonObject(let object)? = frame.slots[slot] else { return general(&frame, context) }
            let found: JSON?? = withExtendedLifetime(object) {
                switch find(hints, in: object.unsafeMembers) {
                case .found(let pointer): return .some(pointer?.pointee)
                case .throughArray: return nil
                }
            }
            if let found { return found }
            return general(&frame, context)
        }
    }

    /// A member of an object constructor as compiled: the common kinds are computed inside the
    /// constructor's loop, without a call (each call of a compiled piece costs a retain and release).
    enum Member {
        /// A literal.
        case constant(JSON)
        /// A variable bound to a value (`$amount`).
        case slot(Int)
        /// One name read from the item in place; `general` answers for an array item.
        case name(String, general: JSONExpr)
        /// An object built in the same loop: a constructor (on the item), or the call of a lambda whose
        /// body is one (``inlinedCall(keys:members:contextSlot:)``, on the item and the definition
        /// context in `contextSlot`).
        indirect case object(keys: [String], members: [Member], contextSlot: Int?)
        case code(JSONExpr)
    }

    /// Where a member's parts are kept: tables of the constructor, indexed by a trivial payload.
    private enum MemberKind {
        case constant(Int)
        case slot(Int)
        case name(Int)
        case object(Int)
        case code(Int)
    }

    /// An object constructor's keys and members, in one object: a closure with several captures
    /// retains each of them on every call.
    private final class ObjectShape: Sendable {
        let keys: [String]
        let kinds: [MemberKind]
        let constants: [JSON]
        let hints: PositionHints
        let generals: JSONExprs
        /// Nested objects' shapes, unretained (reading a reference from an array retains it): `owned`
        /// keeps them alive.
        let objects: [(shape: Unmanaged<ObjectShape>, contextSlot: Int?)]
        private let owned: [ObjectShape]
        let codes: JSONExprs

        init(keys: [String], members: [Member]) {
            var kinds: [MemberKind] = []
            var constants: [JSON] = [], names: [String] = [], generals: [JSONExpr] = [], codes: [JSONExpr] = []
            var objects: [(shape: Unmanaged<ObjectShape>, contextSlot: Int?)] = []
            var owned: [ObjectShape] = []
            for member in members {
                switch member {
                case .constant(let json):
                    kinds.append(.constant(constants.count))
                    constants.append(json)
                case .slot(let slot):
                    kinds.append(.slot(slot))
                case .name(let name, let general):
                    kinds.append(.name(names.count))
                    names.append(name)
                    generals.append(general)
                case .object(let keys, let members, let contextSlot):
                    kinds.append(.object(objects.count))
                    let nested = ObjectShape(keys: keys, members: members)
                    owned.append(nested)
                    objects.append((Unmanaged.passUnretained(nested), contextSlot))
                case .code(let code):
                    kinds.append(.code(codes.count))
                    codes.append(code)
                }
            }
            self.keys = keys
            self.kinds = kinds
            self.constants = constants
            self.hints = PositionHints(names: names)
            self.generals = JSONExprs(generals)
            self.objects = objects
            self.owned = owned
            self.codes = JSONExprs(codes)
        }
    }

    /// An object constructor with distinct literal keys over one item (several items are grouped by
    /// the interpreter). Members that are undefined are left out.
    static func object(keys: [String], members: [Member]) -> JSONCode {
        let shape = ObjectShape(keys: keys, members: members)
        return { frame, context in nested(shape, contextSlot: nil, &frame, context) }
    }

    /// The item an object constructor works on: the context, or the one element of an array context;
    /// `nil` for several elements, which the interpreter groups.
    @inline(__always)
    private static func item(of context: UnsafePointer<JSON>?) -> UnsafePointer<JSON>?? {
        guard let context, case .array = JSONInPlace(context).kind else { return .some(context) }
        let elements = JSONInPlace(context).elements
        guard elements.count <= 1 else { return nil }
        return .some(elements.baseAddress)
    }

    /// The call of a bound lambda whose body is an object constructor of literals, outer variables and
    /// its parameters (each used once, as a whole member: `function($amount) { {"amount": $amount,
    /// "currency": $currency} }`), built in place: `members` hold the arguments where the parameters
    /// were, evaluated on the call's context; the body's own members need no context. The definition
    /// context must still be one item, as the body's constructor would see it.
    static func inlinedCall(keys: [String], members: [Member], contextSlot: Int) -> JSONCode {
        let shape = ObjectShape(keys: keys, members: members)
        return { frame, context in nested(shape, contextSlot: contextSlot, &frame, context) }
    }

    /// An object constructor on `context`, or (with `contextSlot`) an inlined call on `context` whose
    /// body's constructor sees the definition context.
    private static func nested(_ shape: ObjectShape, contextSlot: Int?, _ frame: inout FastFrame, _ context: UnsafePointer<JSON>?) -> JSON? {
        if let contextSlot {
            guard case .known(let definition) = frame.contexts[contextSlot], item(of: definition) != nil else { return frame.handBack() }
            return build(shape, &frame, context)
        }
        guard let item = item(of: context) else { return frame.handBack() }
        return build(shape, &frame, item)
    }

    /// Builds the object of `shape`, its context-reading members evaluated on `item`.
    @inline(__always)
    private static func build(_ shape: ObjectShape, _ frame: inout FastFrame, _ item: UnsafePointer<JSON>?) -> JSON? {
        var present: [String]?
        // Values go straight into the object's storage.
        let values = JSONObject.Builder(capacity: shape.keys.count)
        for i in shape.keys.indices {
            // Each case appends in place: a value held in a local first is copied once more.
            var found = true
            switch shape.kinds[i] {
            case .constant(let k):
                values.append(shape.constants[k])
            case .slot(let slot):
                if let slotValue = frame.slots[slot] {
                    guard let json = FastSteps.faithfulJSON(slotValue) else { return frame.handBack() }
                    values.append(json)
                } else {
                    found = false
                }
            case .name(let k):
                switch member(shape.hints, k, of: item) {
                case .found(let pointer?): values.append(pointer.pointee)
                case .found(nil): found = false
                case .throughArray:
                    if let value = shape.generals.run(k, &frame, item) { values.append(consume value) } else { found = false }
                }
            case .object(let k):
                let object = shape.objects[k]
                let value = object.shape._withUnsafeGuaranteedRef { nested($0, contextSlot: object.contextSlot, &frame, item) }
                if let value { values.append(consume value) } else { found = false }
            case .code(let k):
                if let value = shape.codes.run(k, &frame, item) { values.append(consume value) } else { found = false }
            }
            if found {
                present?.append(shape.keys[i])
            } else {
                if frame.failed { return nil }
                if present == nil { present = Array(shape.keys[..<i]) }
            }
        }
        return .object(values.finish(keys: present ?? shape.keys))
    }

    /// One name read from `item` in place, as ``names(_:fromRoot:general:)`` reads a path of one.
    @inline(__always)
    private static func member(_ hints: PositionHints, _ k: Int, of item: UnsafePointer<JSON>?) -> Lookup {
        guard let item else { return .found(nil) }
        let value = JSONInPlace(item)
        switch value.kind {
        case .object:
            let (keys, values) = value.members
            guard let i = hints.position(k, in: keys) else { return .found(nil) }
            return .found(values.baseAddress! + i)
        case .array:
            return .throughArray
        default:
            return .found(nil)
        }
    }

    /// An array constructor: each item's value, an array's elements spliced in (unless the item is
    /// itself an array constructor).
    static func array(_ items: [JSONExpr], keepsNested: [Bool]) -> JSONCode {
        let items = JSONExprs(items)
        return { frame, context in
            var elements: [JSON] = []
            for i in 0..<items.count {
                guard let value = items.run(i, &frame, context) else {
                    if frame.failed { return nil }
                    continue
                }
                if !keepsNested[i], case .array(let inner) = value {
                    elements.append(contentsOf: inner)
                } else {
                    elements.append(value)
                }
            }
            return .array(elements)
        }
    }

    /// `names.{…}`: the object constructor applied to each item the names lead to — one result is
    /// itself, several are an array (a sequence), none is undefined.
    static func map(_ names: [String], fromRoot: Bool, object: @escaping JSONCode) -> JSONCode {
        let hints = PositionHints(names: names)
        let object = JSONExpr(object)
        return { frame, context in
            let start = fromRoot ? frame.rootPointer : context
            guard case .found(let found) = find(hints, from: start) else { return frame.handBack() }
            guard let found else { return nil }
            guard case .array = JSONInPlace(found).kind else { return object.run(&frame, found) }
            let items = JSONInPlace(found).elements
            guard frame.visit(items.count) else { return frame.handBack() }
            var results: [JSON] = []
            results.reserveCapacity(items.count)
            for i in items.indices {
                let item = items.baseAddress! + i
                // Nested arrays are flattened into the sequence first: the interpreter's business.
                if case .array = JSONInPlace(item).kind { return frame.handBack() }
                guard let result = object.run(&frame, item) else {
                    if frame.failed { return nil }
                    continue
                }
                results.append(result)
            }
            if results.isEmpty { return nil }
            return results.count == 1 ? results[0] : .array(results)
        }
    }

    /// `$string` of a JSON-mode value, as `&` joins it.
    @inline(__always)
    static func string(_ value: JSON?) throws(JSONataError) -> String {
        if case .string(let text)? = value { return text }
        return try Functions.string(value.map(Value.init))
    }
}

/// Code that reads a JSON-mode context and gives a value (call arguments); like ``JSONCode`` it
/// does not throw but sets `frame.failed`.
struct ContextValueCode: Sendable {
    let run: @Sendable (inout FastFrame, UnsafePointer<JSON>?) -> Value?
}
