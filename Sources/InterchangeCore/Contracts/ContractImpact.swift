/// Which mappings and flow steps of a project read or write the fields a contract change touches.
public struct ContractImpact: Sendable, Equatable, CustomStringConvertible {
    /// The mapping file.
    public var mapping: String
    /// `reads` or `writes`.
    public var access: String
    /// Where the mapping is used: `systems.yaml storefront orders/create`, `flow order-to-cash step create-sales-order`.
    public var usedBy: [String]

    public var description: String {
        "\(mapping) \(access) it" + (usedBy.isEmpty ? "" : " (used by " + usedBy.joined(separator: ", ") + ")")
    }

    /// The mappings that touch `field` of contract `stem`: inbound mappings that produce the contract
    /// (writes), and the step mappings of flows triggered by its events (reads).
    public static func of(field: String, contract stem: String, in project: Project) -> [ContractImpact] {
        var impacts: [ContractImpact] = []
        var producedEvents = Set<String>()
        for system in project.systems.values.sorted(by: { $0.name < $1.name }) {
            for (topic, route) in system.inbound.sorted(by: { $0.key < $1.key }) where route.contract.map({ project.contracts[stem]?.reference == $0.reference }) ?? false {
                producedEvents.insert(route.emits)
                let refs = route.mapping.expression.fieldReferences
                if refs.written.contains(field) || refs.read.contains(field) {
                    impacts.append(ContractImpact(mapping: route.mapping.path, access: "writes", usedBy: ["systems.yaml \(system.name) \(topic)"]))
                }
            }
        }
        for flow in project.flows where producedEvents.contains(flow.trigger) {
            for step in flow.steps {
                var users: [String] = []
                var mappings: [(String, Set<String>)] = []
                if let body = step.body { mappings.append((body.path, body.expression.fieldReferences.read)) }
                mappings.append(("\(flow.name) step \(step.name) path", step.path.fieldReferences.read))
                mappings.append(("\(flow.name) step \(step.name) idempotencyKey", step.idempotencyKey.fieldReferences.read))
                for (name, read) in mappings where read.contains(field) {
                    users = ["flow \(flow.name) step \(step.name)"]
                    impacts.append(ContractImpact(mapping: name, access: "reads", usedBy: name.hasSuffix(".jsonata") ? users : []))
                }
            }
        }
        return impacts
    }
}
