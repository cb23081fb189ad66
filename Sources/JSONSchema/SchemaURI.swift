/// Minimal RFC 3986 reference resolution for schema identifiers (`$id`, `$ref`).
enum SchemaURI {
    /// Splits `uri` into the part before `#` and the fragment (without `#`), if any.
    static func split(_ uri: String) -> (base: String, fragment: String?) {
        guard let hash = uri.firstIndex(of: "#") else { return (uri, nil) }
        return (String(uri[..<hash]), String(uri[uri.index(after: hash)...]))
    }

    /// Resolves `reference` against `base`.
    static func resolve(_ reference: String, against base: String) -> String {
        if reference.isEmpty { return split(base).base }
        if hasScheme(reference) { return removeDotSegments(in: reference) }
        let baseNoFragment = split(base).base
        if reference.hasPrefix("#") { return baseNoFragment + reference }
        guard let schemeEnd = baseNoFragment.firstRange(of: ":") else {
            return reference
        }
        let scheme = String(baseNoFragment[..<schemeEnd.upperBound])
        let rest = String(baseNoFragment[schemeEnd.upperBound...])
        if reference.hasPrefix("//") { return scheme + reference }
        var authority = ""
        var path = rest
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            if let slash = afterSlashes.firstIndex(of: "/") {
                authority = "//" + afterSlashes[..<slash]
                path = String(afterSlashes[slash...])
            } else {
                authority = "//" + afterSlashes
                path = ""
            }
        }
        if let query = path.firstIndex(of: "?") { path = String(path[..<query]) }
        if reference.hasPrefix("/") { return scheme + authority + removeDotSegments(reference) }
        if reference.hasPrefix("?") { return scheme + authority + path + reference }
        let directory: String
        if let lastSlash = path.lastIndex(of: "/") {
            directory = String(path[...lastSlash])
        } else {
            directory = authority.isEmpty ? "" : "/"
        }
        return scheme + authority + removeDotSegments(directory + reference)
    }

    static func hasScheme(_ uri: String) -> Bool {
        guard let colon = uri.firstIndex(of: ":") else { return false }
        let scheme = uri[..<colon]
        guard let first = scheme.first, first.isLetter else { return false }
        return scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
    }

    private static func removeDotSegments(in uri: String) -> String {
        guard let schemeEnd = uri.firstRange(of: "://") else { return uri }
        let afterAuthorityStart = uri[schemeEnd.upperBound...]
        guard let slash = afterAuthorityStart.firstIndex(of: "/") else { return uri }
        let prefix = String(uri[..<slash])
        return prefix + removeDotSegments(String(uri[slash...]))
    }

    private static func removeDotSegments(_ path: String) -> String {
        let (pathPart, fragment) = split(path)
        var output: [Substring] = []
        let segments = pathPart.split(separator: "/", omittingEmptySubsequences: false)
        for (i, segment) in segments.enumerated() {
            if segment == "." { continue }
            if segment == ".." {
                if output.count > 1 { output.removeLast() }
                continue
            }
            if i == 0 || !segment.isEmpty || i == segments.count - 1 { output.append(segment) }
        }
        var result = output.joined(separator: "/")
        if (pathPart.hasSuffix("/.") || pathPart.hasSuffix("/..")) && !result.hasSuffix("/") { result += "/" }
        if let fragment { result += "#" + fragment }
        return result
    }
}
