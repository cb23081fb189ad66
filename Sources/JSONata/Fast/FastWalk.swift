import JSONValue

/// Paths read in place by walking pointers into the input: names, some filtered by predicates, from
/// the context, `$$` or a variable (``FastCompiler/walkPlan(_:)`` decides what a path walks).
extension FastJSON {
    /// Where a path read in place starts.
    enum Origin {
        /// The context.
        case context
        /// The input document (`$$`).
        case root
        /// A variable holding input JSON (`$pi.charges.data[0]`); anything else it holds goes to the
        /// general path.
        case slot(Int)
        /// The context, whose items a name's own predicates filter as one sequence (`lines[0]`, not a
        /// path step): an array context goes to the general path.
        case wholeContext
    }

    /// `body` on where `origin` starts: the context, `$$`, or the slot's input JSON (whose pointer is
    /// valid during `body`: what it finds lies in the slot's value, which outlives the call). `nil`,
    /// without running `body`, when the general path must answer: a slot that holds no input JSON, an
    /// array context under a name's own predicates.
    static func reading<T>(
        _ origin: Origin, _ context: UnsafePointer<JSON>?, _ frame: inout FastFrame, _ body: (UnsafePointer<JSON>?, inout FastFrame) -> T
    ) -> T? {
        switch origin {
        case .context:
            return body(context, &frame)
        case .root:
            return body(frame.rootPointer, &frame)
        case .wholeContext:
            if let context, case .array = JSONInPlace(context).kind { return nil }
            return body(context, &frame)
        case .slot(let slot):
            guard let json = frame.slots[slot]?.inputJSON else { return nil }
            return withUnsafePointer(to: json) { body($0, &frame) }
        }
    }

    /// A path of names, some filtered by predicates (`data[0].card.brand`, `lines[qty > 0].sku`), from a
    /// start that `startStages` may filter first (a variable's own predicates: `$events[0].at`), read in
    /// place through arrays (``FastCollect/collect(_:startStages:stages:from:_:)``), then `step` on each
    /// item found, or the items themselves (several: their array). What the walk cannot answer goes to
    /// `general`.
    static func walk(
        _ names: [String], startStages: [FastPredicate], stages: [[FastPredicate]], from origin: Origin, step: JSONExpr?,
        general: @escaping JSONCode
    ) -> JSONCode {
        let hints = PositionHints(names: names)
        return { frame, context in
            let answer = reading(origin, context, &frame) { start, frame -> JSON?? in
                guard let start else { return .some(nil) }
                return walked(FastCollect.collect(hints, startStages: startStages, stages: stages, from: start, &frame), step, &frame)
            }
            if case .some(.some(let json)) = answer { return json }
            return frame.failed ? nil : general(&frame, context)
        }
    }

    /// What a walk found, or `step` on each of its items; `nil` when the general path must answer.
    private static func walked(_ found: FastCollect.Result?, _ step: JSONExpr?, _ frame: inout FastFrame) -> JSON?? {
        switch found {
        case nil: return nil
        case .undefined?: return .some(nil)
        case .one(let item)?:
            guard let step else { return .some(item.pointee) }
            // Before a further step, one array found is its items.
            guard case .array = JSONInPlace(item).kind else { return .some(step.run(&frame, item)) }
            let elements = JSONInPlace(item).elements
            return each(elements.indices.lazy.map { elements.baseAddress! + $0 }, step, &frame)
        case .many(let items)?:
            guard let step else { return .some(.array(items.map(\.pointee))) }
            return each(items, step, &frame)
        }
    }

    /// ``walk(_:startStages:stages:from:step:general:)`` without a step, as a call argument: the result is the
    /// value itself, several items a sequence.
    static func walkValue(
        _ names: [String], startStages: [FastPredicate], stages: [[FastPredicate]], from origin: Origin, general: @escaping FastCode
    ) -> ContextValueCode {
        let hints = PositionHints(names: names)
        return ContextValueCode { frame, context in
            let found = reading(origin, context, &frame) { start, frame -> Value?? in
                guard let start else { return .some(nil) }
                return FastCollect.collect(hints, startStages: startStages, stages: stages, from: start, &frame).map(FastCollect.value)
            }
            if case .some(.some(let value)) = found { return value }
            if frame.failed { return nil }
            do {
                return try general(&frame, context.map { Value($0.pointee) })
            } catch {
                return frame.handBack()
            }
        }
    }
}
