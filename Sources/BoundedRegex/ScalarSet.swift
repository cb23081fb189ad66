/// A set of Unicode code points: ranges, plus general categories (`\p{L}`), possibly negated.
struct ScalarSet: Sendable {
    /// Sorted, non-overlapping ranges.
    private(set) var ranges: [ClosedRange<UInt32>] = []
    /// General categories in the set (`\p{…}`), and those whose complement is in it (`\P{…}`).
    var categories: [Unicode.GeneralCategory] = []
    var excludedCategories: [Unicode.GeneralCategory] = []
    var negated = false

    init() {}

    init(_ ranges: [ClosedRange<UInt32>]) {
        for range in ranges { insert(range) }
    }

    mutating func insert(_ range: ClosedRange<UInt32>) {
        var merged = range
        var kept: [ClosedRange<UInt32>] = []
        for existing in ranges {
            if existing.upperBound &+ 1 < merged.lowerBound || merged.upperBound &+ 1 < existing.lowerBound {
                kept.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        kept.append(merged)
        ranges = kept.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Adds everything in `other` (which must not be negated or hold excluded categories, unless it is
    /// a plain complement of ranges, which is added as its ranges' complement).
    mutating func formUnion(_ other: ScalarSet) {
        if other.negated {
            for range in other.complementRanges { insert(range) }
        } else {
            for range in other.ranges { insert(range) }
        }
        categories += other.categories
        excludedCategories += other.excludedCategories
    }

    /// The code points not in `ranges`.
    var complementRanges: [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in ranges {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound &+ 1
            if range.upperBound == 0x10FFFF { return result }
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return result
    }

    /// Whether `value` is in the set.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        var found = false
        if value < 0x80, let first = ranges.first, first.lowerBound > value {
            found = false
        } else {
            for range in ranges {
                if value < range.lowerBound { break }
                if value <= range.upperBound {
                    found = true
                    break
                }
            }
        }
        if !found && (!categories.isEmpty || !excludedCategories.isEmpty), let scalar = Unicode.Scalar(value) {
            let category = scalar.properties.generalCategory
            found = categories.contains(category) || (!excludedCategories.isEmpty && !excludedCategories.contains(category))
        }
        return found != negated
    }

    /// Whether `value`, or its simple upper or lower case, is in the set (the `i` flag).
    func containsIgnoringCase(_ value: UInt32) -> Bool {
        if contains(value) { return true }
        for other in CaseFolding.variants(of: value) where other != value && contains(other) { return true }
        return false
    }

    // MARK: - Class escapes (ECMA-262: \d and \w are ASCII; \s is Unicode white space and line terminators)

    static let digits = ScalarSet([0x30...0x39])
    static let word = ScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    static let space = ScalarSet([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029, 0x202F...0x202F,
        0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `\n`, `\r`, U+2028, U+2029: what `.`, `^` and `$` (under `m`) treat as line ends.
    static let lineTerminators = ScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029])

    func negatedSet() -> ScalarSet {
        var copy = self
        copy.negated.toggle()
        return copy
    }
}

/// Simple (one code point to one code point) case mappings, for the `i` flag.
enum CaseFolding {
    static func variants(of value: UInt32) -> [UInt32] {
        if value < 0x80 {
            if value >= 0x41 && value <= 0x5A { return [value, value + 32] }
            if value >= 0x61 && value <= 0x7A { return [value, value - 32] }
            return [value]
        }
        guard let scalar = Unicode.Scalar(value) else { return [value] }
        var result = [value]
        for mapping in [scalar.properties.lowercaseMapping, scalar.properties.uppercaseMapping] {
            let scalars = mapping.unicodeScalars
            if scalars.count == 1, let only = scalars.first, !result.contains(only.value) { result.append(only.value) }
        }
        return result
    }

    /// The value every case variant of `value` shares (for comparing two code points under `i`).
    static func canonical(_ value: UInt32) -> UInt32 {
        if value < 0x80 { return value >= 0x61 && value <= 0x7A ? value - 32 : value }
        return variants(of: value).max() ?? value
    }
}
