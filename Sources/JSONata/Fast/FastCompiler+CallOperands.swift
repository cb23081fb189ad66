import JSONValue

/// Calls of native functions as operands (`qty * $lookup("factors", uom)`, `$sum(lines.$number(amount))`'s
/// inner calls, `$count($split(tags, ","))`): the call's own operands read in place, without the
/// context as a value, and the function's result kept as the value it is (a sequence, a double JSON
/// would not carry), as value mode gives it.
extension FastCompiler {
    /// The call `callee(argumentNodes…)` of a native function as an operand; `nil` when the callee is a
    /// bound lambda or not a plain variable (value mode then compiles the call).
    mutating func nativeCallOperand(_ node: Node, _ callee: Node, _ argumentNodes: [Node]) throws(Unsupported) -> ContextValueCode? {
        guard case .variable(let name) = callee.kind, Self.isPlain(callee), !name.isEmpty, name != "$", !argumentNodes.isEmpty else { return nil }
        if case .lambda? = try resolve(name) { return nil }
        let operands = try argumentNodes.map { node throws(Unsupported) in try argument(node, ofNative: true) }
        let slot = try valueSlot(name)
        let general = Self.generalCallOperand(slot, operands, position: node.position)
        guard case .function(let builtin)? = Functions.builtinValues[name], let direct = Self.directOperands(name, operands, picture: Self.literalPicture(argumentNodes)) else { return general }
        return ContextValueCode { frame, context in
            guard frame.holds(builtin, in: slot) else { return general.run(&frame, context) }
            guard let answer = direct(&frame, context) else { return general.run(&frame, context) }
            return answer
        }
    }

    /// A direct built-in form (``FastBuiltins``) for `operands`: `nil` from it runs the general call;
    /// an error or an operand that cannot be evaluated hands the evaluation back.
    private static func directOperands(
        _ name: String, _ operands: [Argument], picture: String?
    ) -> (@Sendable (inout FastFrame, UnsafePointer<JSON>?) -> Value??)? {
        switch operands.count {
        case 1:
            guard let direct = FastBuiltins.direct[name] else { return nil }
            let first = operands[0]
            return { frame, context in
                var contextValue: Value??
                let value = first.value(&frame, context, &contextValue)
                if frame.failed { return .some(nil) }
                return answer(&frame) { () throws(JSONataError) in try direct.call(value) }
            }
        case 2:
            guard let direct = FastBuiltins.direct2(name, literal: picture) else { return nil }
            let first = operands[0], second = operands[1]
            return { frame, context in
                var contextValue: Value??
                let a = first.value(&frame, context, &contextValue)
                let b = second.value(&frame, context, &contextValue)
                if frame.failed { return .some(nil) }
                return answer(&frame) { () throws(JSONataError) in try direct.call(a, b) }
            }
        case 3:
            guard let direct = FastBuiltins.direct3(name, literal: picture) else { return nil }
            let first = operands[0], second = operands[1], third = operands[2]
            return { frame, context in
                var contextValue: Value??
                let a = first.value(&frame, context, &contextValue)
                let b = second.value(&frame, context, &contextValue)
                let c = third.value(&frame, context, &contextValue)
                if frame.failed { return .some(nil) }
                return answer(&frame) { () throws(JSONataError) in try direct.call(a, b, c) }
            }
        default:
            return nil
        }
    }

    /// A direct form's answer: `nil` (not handled) runs the general call; an error hands back.
    @inline(__always)
    private static func answer(_ frame: inout FastFrame, _ call: () throws(JSONataError) -> Value??) -> Value?? {
        do {
            return try call()
        } catch {
            return .some(frame.handBack())
        }
    }

    /// The call of whatever native function `slot` holds, as value mode makes it (``invoke(_:_:context:position:raw:_:)``);
    /// a host function named freely takes JSON operands that fit its signature as they are.
    private static func generalCallOperand(_ slot: Int, _ operands: [Argument], position: Int) -> ContextValueCode {
        let evaluate = arguments(operands)
        return ContextValueCode { frame, context in
            if let host = frame.freeFunctions[slot].native,
                let result = host._withUnsafeGuaranteedRef({ hostCallOnJSON($0, operands, &frame, context) })
            {
                return result.map(Value.init)
            }
            guard let native = frame.nativeFunction(in: slot) else { return frame.handBack() }
            let values = evaluate(&frame, context, native.arity)
            if frame.failed { return nil }
            do {
                return try invoke(native, values, context: { context.map { Value($0.pointee) } }, position: position, &frame)
            } catch {
                return frame.handBack()
            }
        }
    }
}
