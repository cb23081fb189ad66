/// Built-ins the fast tier calls directly with one argument: no argument array, no signature check.
/// Each answers what the library's implementation answers for an argument its signature accepts
/// (`.some(nil)` is an undefined result); `nil` means "not handled here": the general call then runs
/// and reports a wrong argument the usual way.
enum FastBuiltins {
    /// One built-in's direct form (a struct, so the dictionary holds the function without a thunk).
    struct Direct: Sendable {
        let call: @Sendable (Value?) throws(JSONataError) -> Value??
    }

    static let direct: [String: Direct] = [
        // `<x-b?:s>`
        "string": Direct { value throws(JSONataError) in
            guard let value else { return .some(nil) }
            if case .function = value { return .some(.string("")) }
            return .some(.string(try Functions.string(value)))
        },
        // `<s-:s>`
        "lowercase": Direct { value in
            guard let value else { return .some(nil) }
            guard case .string(let text) = value else { return nil }
            return .some(.string(text.lowercased()))
        },
        // `<s-:s>`
        "uppercase": Direct { value in
            guard let value else { return .some(nil) }
            guard case .string(let text) = value else { return nil }
            return .some(.string(text.uppercased()))
        },
    ]
}
