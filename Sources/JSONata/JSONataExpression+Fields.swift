extension JSONataExpression {
    /// Field names the expression reads (path steps) and writes (literal keys of object constructors),
    /// for impact analysis such as "which mappings does removing `sku` break".
    public var fieldReferences: (read: Set<String>, written: Set<String>) {
        var read = Set<String>(), written = Set<String>()
        FieldCollector.collect(root, &read, &written)
        return (read, written)
    }
}

enum FieldCollector {
    static func collect(_ node: Node, _ read: inout Set<String>, _ written: inout Set<String>) {
        switch node.kind {
        case .name(let name): read.insert(name)
        case .path(let steps): for s in steps { collect(s, &read, &written) }
        case .binary(_, let a, let b), .apply(let a, let b): collect(a, &read, &written); collect(b, &read, &written)
        case .negate(let a), .bind(_, let a): collect(a, &read, &written)
        case .array(let items), .block(let items): for i in items { collect(i, &read, &written) }
        case .object(let members): pairs(members, &read, &written)
        case .condition(let a, let b, let c):
            collect(a, &read, &written)
            collect(b, &read, &written)
            if let c { collect(c, &read, &written) }
        case .call(let f, let args): collect(f, &read, &written); for a in args { collect(a, &read, &written) }
        case .partial(let f, let args): collect(f, &read, &written); for case let a? in args { collect(a, &read, &written) }
        case .lambda(_, let body, _): collect(body, &read, &written)
        case .sort(let terms): for (t, _) in terms { collect(t, &read, &written) }
        case .transform(let a, let b, let c):
            collect(a, &read, &written)
            collect(b, &read, &written)
            if let c { collect(c, &read, &written) }
        case .string, .number, .literal, .variable, .wildcard, .descendant, .parent, .regex, .placeholder: break
        }
        for s in node.stages { collect(s, &read, &written) }
        for p in node.predicates { collect(p, &read, &written) }
        if let group = node.group { pairs(group, &read, &written) }
    }

    private static func pairs(_ pairs: [(Node, Node)], _ read: inout Set<String>, _ written: inout Set<String>) {
        for (key, value) in pairs {
            if case .string(let name) = key.kind { written.insert(name) } else { collect(key, &read, &written) }
            collect(value, &read, &written)
        }
    }
}
