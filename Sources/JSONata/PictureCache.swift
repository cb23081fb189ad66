import Synchronization

/// Parsed forms by their source text, shared by every evaluation: a mapping formats thousands of
/// values with the same few pictures, and parsing a picture costs more than applying it.
final class PictureCache<Parsed: Sendable>: Sendable {
    private let entries = Mutex<[String: Parsed]>([:])
    /// Past this many entries the cache starts again (pictures built from data must not grow it without end).
    private let capacity: Int

    init(capacity: Int = 512) { self.capacity = capacity }

    func parsed(_ key: String, _ parse: () throws(JSONataError) -> Parsed) throws(JSONataError) -> Parsed {
        if let found = entries.withLock({ $0[key] }) { return found }
        let value = try parse()
        entries.withLock { cache in
            if cache.count >= capacity { cache.removeAll(keepingCapacity: true) }
            cache[key] = value
        }
        return value
    }
}

/// The caches of the picture functions.
enum Pictures {
    static let numbers = PictureCache<NumberPicture>()
    static let integers = PictureCache<IntegerPicture>()
    static let dates = PictureCache<DateTimePicture>()
    /// What `$toMillis` needs to parse with a picture, by the picture's text.
    static let dateParsePlans = PictureCache<DateTimeParser.Plan>()

    static func number(_ picture: String, options: [(String, String)]) throws(JSONataError) -> NumberPicture {
        guard options.isEmpty else { return try NumberPicture(picture, options: options) }
        return try numbers.parsed(picture) { () throws(JSONataError) in try NumberPicture(picture, options: []) }
    }

    static func integer(_ picture: String) throws(JSONataError) -> IntegerPicture {
        try integers.parsed(picture) { () throws(JSONataError) in try IntegerPicture(picture) }
    }

    static func dateParsePlan(_ picture: String) throws(JSONataError) -> DateTimeParser.Plan {
        try dateParsePlans.parsed(picture) { () throws(JSONataError) in DateTimeParser.Plan(try date(picture)) }
    }

    static func date(_ picture: String) throws(JSONataError) -> DateTimePicture {
        try dates.parsed(picture) { () throws(JSONataError) in try DateTimePicture(picture) }
    }
}
