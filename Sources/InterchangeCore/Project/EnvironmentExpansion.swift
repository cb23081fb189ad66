/// Expands `${NAME}` and `${NAME:-default}` in project files from a given environment.
public enum EnvironmentExpansion {
    public static func expand(_ text: String, environment: [String: String]) -> String {
        var output = ""
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            output += rest[..<start.lowerBound]
            let afterStart = rest[start.upperBound...]
            guard let end = afterStart.firstIndex(of: "}") else {
                output += rest[start.lowerBound...]
                return output
            }
            let body = afterStart[..<end]
            let name: Substring
            var fallback: Substring?
            if let separator = body.firstRange(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
            }
            if let value = environment[String(name)], !value.isEmpty {
                output += value
            } else {
                output += fallback ?? ""
            }
            rest = afterStart[afterStart.index(after: end)...]
        }
        output += rest
        return output
    }
}
