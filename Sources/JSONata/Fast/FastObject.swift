import JSONValue

/// Object constructors in JSON mode: members computed in the constructor's own loop, nested objects
/// and calls of object-building lambdas built in the same loop, values appended straight into the
/// new object's storage.
extension FastJSON {
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
        /// body is one (``object(keys:members:contextSlot:)``, on the item and the definition
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
    /// the interpreter), members that are undefined left out. With `contextSlot`, the call of a bound
    /// lambda whose body is such a constructor of literals, outer variables and its parameters (each
    /// used once, as a whole member: `function($amount) { {"amount": $amount, "currency": $currency} }`),
    /// built in place: `members` hold the arguments where the parameters were, evaluated on the
    /// call's context, and the definition context in `contextSlot` must be one item, as the body's
    /// constructor would see it.
    static func object(keys: [String], members: [Member], contextSlot: Int?) -> JSONCode {
        let shape = ObjectShape(keys: keys, members: members)
        return { frame, context in nested(shape, contextSlot: contextSlot, &frame, context) }
    }

    /// The item an object constructor works on: the context, or the one element of an array context;
    /// `nil` for several elements, which the interpreter groups (``nested(_:contextSlot:_:_:)``).
    @inline(__always)
    private static func item(of context: UnsafePointer<JSON>?) -> UnsafePointer<JSON>?? {
        guard let context, case .array = JSONInPlace(context).kind else { return .some(context) }
        let elements = JSONInPlace(context).elements
        guard elements.count <= 1 else { return nil }
        return .some(elements.baseAddress)
    }

    /// An object constructor on `context`, or (with `contextSlot`) an inlined call on `context` whose
    /// body's constructor sees the definition context.
    private static func nested(_ shape: ObjectShape, contextSlot: Int?, _ frame: inout FastFrame, _ context: UnsafePointer<JSON>?) -> JSON? {
        if let contextSlot {
            guard case .known(let definition) = frame.contexts[contextSlot], item(of: definition) != nil else { return frame.handBack() }
            return build(shape, &frame, context)
        }
        guard let item = item(of: context) else {
            // Several elements: with distinct literal keys every element falls in every key's group,
            // so each value is evaluated once on all of them — on the array itself when none of them
            // is an array (which the grouping would splice in).
            let elements = JSONInPlace(context.unsafelyUnwrapped).elements
            guard !elements.contains(where: { if case .array = $0 { true } else { false } }) else { return frame.handBack() }
            return build(shape, &frame, context)
        }
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
                    guard let json = FastSteps.resultJSON(slotValue) else { return frame.handBack() }
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
}
