extension Functions {
    static let aggregateFunctions: [NativeFunction] = [
        NativeFunction("sum", "<a<n>:n>") { a, _ in
            guard let items = a[0]?.elements else { return nil }
            return .number(items.reduce(0) { $0 + ($1.numeric ?? 0) })
        },
        NativeFunction("count", "<a:n>") { a, _ in
            .number(Double(items(a.first ?? nil).count))
        },
        NativeFunction("max", "<a<n>:n>") { a, _ in
            guard let items = a[0]?.elements, !items.isEmpty else { return nil }
            return .number(items.compactMap(\.numeric).max()!)
        },
        NativeFunction("min", "<a<n>:n>") { a, _ in
            guard let items = a[0]?.elements, !items.isEmpty else { return nil }
            return .number(items.compactMap(\.numeric).min()!)
        },
        NativeFunction("average", "<a<n>:n>") { a, _ in
            guard let items = a[0]?.elements, !items.isEmpty else { return nil }
            return .number(items.reduce(0) { $0 + ($1.numeric ?? 0) } / Double(items.count))
        },
    ]
}
