/// Paths read in place by walking (``FastJSON/walk(_:startStages:stages:from:step:general:)``): what a
/// path walks, compiled for JSON mode and as an operand.
extension FastCompiler {
    /// What a path read in place walks (``FastJSON/walk(_:startStages:stages:from:step:general:)``):
    /// where it starts, the starting variable's own predicates (`$events[0]`), the names with each
    /// one's predicates, and the step run on each item at the end.
    struct WalkPlan {
        var origin: FastJSON.Origin
        var startStages: [Node] = []
        var names: [String] = []
        var stages: [[Node]] = []
        var last: Node?
    }

    /// `steps` (a path's, or one name or variable with predicates) as a walk in place, when a
    /// predicate filters on the way: names from the context, `$$` or a variable, each optionally
    /// filtered, then at most one step run on each item; `nil` for anything else.
    mutating func walkPlan(_ steps: ArraySlice<Node>) throws(Unsupported) -> WalkPlan? {
        guard let first = steps.first else { return nil }
        var plan = WalkPlan(origin: .context)
        var rest = steps
        if case .variable(let name) = first.kind {
            guard Self.isPlainApartFromPredicatesAndGroup(first), first.group == nil, first.stages.isEmpty else { return nil }
            if name == "$" {
                guard first.predicates.isEmpty else { return nil }
                plan.origin = .root
            } else {
                guard !name.isEmpty, case .slot(let slot)? = try resolve(name) else { return nil }
                plan.origin = .slot(slot)
                plan.startStages = first.predicates
            }
            rest = steps.dropFirst()
        }
        for (i, step) in zip(rest.indices, rest) {
            if case .name(let name) = step.kind {
                if Self.isPlain(step) || Self.isFilteredName(step) {
                    plan.names.append(name)
                    plan.stages.append(step.stages)
                    continue
                }
                // A first name's own predicates filter its whole result: the same as its stages when
                // the context is one item, not an array.
                if i == steps.startIndex, Self.isPlainApartFromPredicatesAndGroup(step), step.group == nil, step.stages.isEmpty {
                    plan.origin = .wholeContext
                    plan.names.append(name)
                    plan.stages.append(step.predicates)
                    continue
                }
            }
            guard i == rest.endIndex - 1, !plan.names.isEmpty || !plan.startStages.isEmpty, Self.isPlain(step), Self.isMappedInJSON(step) else {
                return nil
            }
            plan.last = step
        }
        guard !plan.startStages.isEmpty || plan.stages.contains(where: { !$0.isEmpty }) else { return nil }
        return plan
    }

    /// The plan's predicates, compiled to test items read in place.
    private mutating func predicates(_ plan: WalkPlan) throws(Unsupported) -> (start: [FastPredicate], stages: [[FastPredicate]]) {
        let compile = { (compiler: inout FastCompiler, nodes: [Node]) throws(Unsupported) -> [FastPredicate] in
            try nodes.map { stage throws(Unsupported) in try compiler.predicate(stage, inPlace: true) }
        }
        return (try compile(&self, plan.startStages), try plan.stages.map { nodes throws(Unsupported) in try compile(&self, nodes) })
    }

    /// `node` read in place as `plan` walks it (``FastJSON/walk(_:startStages:stages:from:step:general:)``).
    mutating func walkInPlace(_ node: Node, _ plan: WalkPlan) throws(Unsupported) -> JSONExpr {
        // Predicates and the last step run per item: a loop.
        let ((predicates, step), caches) = try inLoop { compiler throws(Unsupported) in
            (try compiler.predicates(plan), try plan.last.map { last throws(Unsupported) in JSONExpr(try compiler.mappedStep(last)) })
        }
        let walk = FastJSON.walk(
            plan.names, startStages: predicates.start, stages: predicates.stages, from: plan.origin, step: step, general: try fallback(node))
        return JSONExpr(Self.clearing(caches, walk))
    }

    /// A path of names, some filtered by predicates, or one name or variable with predicates, as an
    /// operand read in place (``FastJSON/walkValue(_:startStages:stages:from:general:)``); `nil` for
    /// anything else.
    mutating func walkArgument(_ node: Node) throws(Unsupported) -> ContextValueCode? {
        let steps: ArraySlice<Node>
        switch node.kind {
        case .name, .variable: steps = [node][...]
        case .path(let all) where Self.isPlain(node): steps = all[...]
        default: return nil
        }
        guard let plan = try walkPlan(steps), plan.last == nil else { return nil }
        // Predicates run per item: a loop.
        let (predicates, caches) = try inLoop { compiler throws(Unsupported) in try compiler.predicates(plan) }
        let walk = FastJSON.walkValue(plan.names, startStages: predicates.start, stages: predicates.stages, from: plan.origin, general: try compile(node))
        if caches.isEmpty { return walk }
        return ContextValueCode { frame, context in
            Self.clear(caches, &frame)
            return walk.run(&frame, context)
        }
    }
}
