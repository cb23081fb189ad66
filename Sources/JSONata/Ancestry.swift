/// Resolves parent operators (`%`) after parsing, as jsonata-js does: each `%` names a binding that
/// an earlier path step records for its input, which turns that part of the path into a tuple stream.
struct Ancestry {
    private var counter = 0

    /// Resolves every `%` in `root`; throws S0217 when a parent cannot be derived.
    static func resolve(_ root: Node) throws(JSONataError) {
        var ancestry = Ancestry()
        let unresolved = try ancestry.visit(root)
        if !unresolved.isEmpty {
            throw JSONataError(code: "S0217", position: root.position, message: "The object representing the 'parent' cannot be derived from this expression")
        }
    }

    /// Returns the slots still looking for their step.
    private mutating func visit(_ node: Node) throws(JSONataError) -> [AncestorSlot] {
        var seeking: [AncestorSlot] = []
        switch node.kind {
        case .parent:
            let slot = AncestorSlot(label: "!\(counter)", level: 1)
            counter += 1
            node.slot = slot
            seeking.append(slot)
        case .path(let steps):
            for (i, step) in steps.enumerated() {
                var slots: [AncestorSlot] = []
                if case .parent = step.kind {
                    slots += try visit(step)
                } else {
                    slots += try visitChildren(step)
                }
                for stage in step.stages {
                    for slot in try visit(stage) {
                        if slot.level == 1 {
                            _ = try seek(step, slot)
                        } else {
                            slot.level -= 1
                            slots.append(slot)
                        }
                    }
                }
                for slot in slots {
                    var s = slot
                    var index = i - 1
                    while s.level > 0 {
                        if index < 0 {
                            seeking.append(s)
                            break
                        }
                        var previous = steps[index]
                        index -= 1
                        while index >= 0 && previous.focus != nil && steps[index].focus != nil {
                            previous = steps[index]
                            index -= 1
                        }
                        s = try seek(previous, s)
                    }
                }
            }
            if let group = node.group {
                for (k, v) in group { seeking += try visit(k) + visit(v) }
            }
            return seeking
        default:
            seeking += try visitChildren(node)
        }
        for predicate in node.predicates { seeking += try visit(predicate) }
        if let group = node.group {
            for (k, v) in group { seeking += try visit(k) + visit(v) }
        }
        return seeking
    }

    private mutating func visitChildren(_ node: Node) throws(JSONataError) -> [AncestorSlot] {
        var seeking: [AncestorSlot] = []
        switch node.kind {
        case .path, .parent: seeking += try visit(node)
        case .binary(_, let a, let b), .apply(let a, let b): seeking += try visit(a) + visit(b)
        case .negate(let a), .bind(_, let a): seeking += try visit(a)
        case .array(let items), .block(let items): for item in items { seeking += try visit(item) }
        case .object(let pairs): for (k, v) in pairs { seeking += try visit(k) + visit(v) }
        case .condition(let a, let b, let c):
            seeking += try visit(a) + visit(b)
            if let c { seeking += try visit(c) }
        case .call(let f, let args):
            // A `%` used as the function itself is not a parent reference (calling it fails at run time).
            _ = try visit(f)
            for a in args { seeking += try visit(a) }
        case .partial(let f, let args):
            seeking += try visit(f)
            for case let a? in args { seeking += try visit(a) }
        case .lambda(_, let body, _): _ = try visit(body)
        case .sort(let terms): for (t, _) in terms { seeking += try visit(t) }
        case .transform(let a, let b, let c):
            _ = try visit(a)
            _ = try visit(b)
            if let c { _ = try visit(c) }
        default: break
        }
        return seeking
    }

    /// Moves a slot one step up through `node`.
    private func seek(_ node: Node, _ slot: AncestorSlot) throws(JSONataError) -> AncestorSlot {
        switch node.kind {
        case .name, .wildcard:
            slot.level -= 1
            if slot.level == 0 {
                if let existing = node.ancestor {
                    slot.label = existing.label
                } else {
                    node.ancestor = slot
                }
                node.tuple = true
            }
            return slot
        case .parent:
            slot.level += 1
            return slot
        case .block(let expressions):
            guard let last = expressions.last else { return slot }
            node.returnsTuples = true
            return try seek(last, slot)
        case .path(let steps):
            node.returnsTuples = true
            var s = slot
            var index = steps.count - 1
            while s.level > 0 && index >= 0 {
                s = try seek(steps[index], s)
                index -= 1
            }
            return s
        default:
            throw JSONataError(code: "S0217", position: node.position, message: "The object representing the 'parent' cannot be derived from this expression")
        }
    }
}
