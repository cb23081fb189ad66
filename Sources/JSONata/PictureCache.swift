import Synchronization

/// Parsed forms by their source text, shared by every evaluation: a mapping formats thousands of
/// values with the same few pictures, and parsing a picture costs more than applying it.
final class PictureCache<Parsed: Sendable>: Sendable {
    private struct State {
        var entries: [String: Parsed] = [:]
        /// The last few pictures used, compared before hashing: a picture written in an expression is
        /// the same string every call, and equal strings that share storage compare without reading it.
        var recent: [(key: String, parsed: Parsed)] = []
        var nextRecent = 0
    }

    private let state = Mutex(State())
    /// Past this many entries the cache starts again (pictures built from data must not grow it without end).
    private let capacity: Int
    private static var recentCount: Int { 8 }

    init(capacity: Int = 512) { self.capacity = capacity }

    func parsed(_ key: String, _ parse: () throws(JSONataError) -> Parsed) throws(JSONataError) -> Parsed {
        let found: Parsed? = state.withLock { state in
            // By index: iterating the entries would copy each one out.
            for i in state.recent.indices where state.recent[i].key == key { return state.recent[i].parsed }
            guard let parsed = state.entries[key] else { return nil }
            Self.remember(key, parsed, in: &state)
            return parsed
        }
        if let found { return found }
        let value = try parse()
        state.withLock { state in
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[key] = value
            Self.remember(key, value, in: &state)
        }
        return value
    }

    private static func remember(_ key: String, _ parsed: Parsed, in state: inout State) {
        if state.recent.count < recentCount {
            state.recent.append((key, parsed))
        } else {
            state.recent[state.nextRecent] = (key, parsed)
            state.nextRecent = (state.nextRecent + 1) % recentCount
        }
    }
}

/// The caches of the picture functions.
enum Pictures {
    static let numbers = PictureCache<NumberPicture>()
    /// Boxed: an integer picture is a value inside date pictures, but shared from the cache.
    static let integers = PictureCache<Shared<IntegerPicture>>()
    static let dates = PictureCache<DateTimePicture>()
    /// What `$toMillis` needs to parse with a picture, by the picture's text.
    static let dateParsePlans = PictureCache<DateTimeParser.Plan>()

    static func number(_ picture: String, options: [(String, String)]) throws(JSONataError) -> NumberPicture {
        guard options.isEmpty else { return try NumberPicture(picture, options: options) }
        return try numbers.parsed(picture) { () throws(JSONataError) in try NumberPicture(picture, options: []) }
    }

    static func integer(_ picture: String) throws(JSONataError) -> Shared<IntegerPicture> {
        try integers.parsed(picture) { () throws(JSONataError) in Shared(try IntegerPicture(picture)) }
    }

    static func dateParsePlan(_ picture: String) throws(JSONataError) -> DateTimeParser.Plan {
        try dateParsePlans.parsed(picture) { () throws(JSONataError) in DateTimeParser.Plan(try date(picture)) }
    }

    static func date(_ picture: String) throws(JSONataError) -> DateTimePicture {
        try dates.parsed(picture) { () throws(JSONataError) in try DateTimePicture(picture) }
    }
}

/// A parsed value shared by reference: handing it out costs one retain, not a copy of its parts.
final class Shared<Parsed: Sendable>: Sendable {
    let value: Parsed
    init(_ value: Parsed) { self.value = value }
}
