import JSONValue
import JSONata

/// Runs a project's self-tests: each mapping's examples must produce the expected output, inbound
/// mappings' outputs must satisfy their contracts, and each contract's examples must pass or fail as named.
public enum ProjectChecker {
    /// Every failing example or contract violation, as problems with the mapping's file.
    public static func check(_ project: Project) -> (examples: Int, problems: [ProjectProblem]) {
        let functions = HubFunctions.make(project: project, crossReferences: CrossReferenceCache())
        var problems: [ProjectProblem] = []
        var count = 0
        var contractsByMapping: [String: Contract] = [:]
        for system in project.systems.values {
            for route in system.inbound.values { if let c = route.contract { contractsByMapping[route.mapping.path] = c } }
        }
        for flow in project.flows {
            for step in flow.steps { if let body = step.body, let c = step.contract { contractsByMapping[body.path] = c } }
        }
        for mapping in project.mappings.values.sorted(by: { $0.path < $1.path }) {
            for example in mapping.examples {
                count += 1
                let file = mapping.path + " (example \(example.name))"
                let output: JSON?
                do {
                    output = try mapping.expression.evaluate(example.input, functions: functions)
                } catch {
                    problems.append(ProjectProblem(file: file, message: "evaluation failed: \(error)"))
                    continue
                }
                guard let output else {
                    problems.append(ProjectProblem(file: file, message: "produced no output"))
                    continue
                }
                let differences = example.expected.differences(to: output)
                if !differences.isEmpty {
                    problems.append(ProjectProblem(file: file, message: "output differs from expected:\n    " + differences.map(\.description).joined(separator: "\n    ")))
                }
                if let contract = contractsByMapping[mapping.path] {
                    for violation in contract.check(output) {
                        problems.append(ProjectProblem(file: file, message: "output violates \(contract.reference): \(violation)"))
                    }
                }
            }
        }
        for contract in project.contracts.values.sorted(by: { $0.file < $1.file }) {
            for example in contract.examples {
                count += 1
                let file = contract.file + " (example \(example.name))"
                let violations = contract.check(example.instance)
                if example.expectValid && !violations.isEmpty {
                    problems.append(ProjectProblem(file: file, message: "should conform but: " + violations.map(\.description).joined(separator: "; ")))
                } else if !example.expectValid && violations.isEmpty {
                    problems.append(ProjectProblem(file: file, message: "should violate the contract but conforms"))
                } else if let expected = example.expectedMessage, !violations.contains(where: { $0.description.contains(expected) }) {
                    problems.append(ProjectProblem(file: file, message: "expected a violation containing \"\(expected)\", got: " + violations.map(\.description).joined(separator: "; ")))
                }
            }
        }
        return (count, problems)
    }
}
