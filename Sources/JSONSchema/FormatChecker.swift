import JSONValue

/// Checks one string `format`; returns `nil` when the value conforms, else a message.
public typealias FormatChecker = @Sendable (String) -> String?

/// The formats a validator asserts, by name. Unknown formats are annotations only.
public struct FormatRegistry: Sendable {
    /// Formats added by the caller, by name; they take precedence over the built-in ones.
    public var checkers: [String: FormatChecker]
    /// Whether the formats this library implements (``BuiltinFormat``) are known.
    public var includesBuiltins: Bool

    public init(checkers: [String: FormatChecker], includesBuiltins: Bool = false) {
        self.checkers = checkers
        self.includesBuiltins = includesBuiltins
    }

    /// The standard formats this library implements, plus the hub's `decimal`, `currency`, `country`, `gstin`.
    public static let standard = FormatRegistry(checkers: [:], includesBuiltins: true)

    /// The empty registry: every format is an annotation.
    public static let none = FormatRegistry(checkers: [:])

    /// How the format called `name` is asserted, or `nil` when it is unknown.
    func assertion(named name: String) -> FormatAssertion? {
        if let checker = checkers[name] { return .custom(checker) }
        if includesBuiltins, let builtin = BuiltinFormat.named[name] { return .builtin(builtin) }
        return nil
    }
}

/// How one asserted format is checked: built-in formats are a switch (no closure to call, no context
/// to retain on the validator's hot path); registered ones call their checker.
enum FormatAssertion {
    case builtin(BuiltinFormat)
    case custom(FormatChecker)

    /// `nil` when `string` conforms, else what is wrong with it.
    func message(for string: String) -> String? {
        switch self {
        case .builtin(let format): format.conforms(string) ? nil : format.failure
        case .custom(let checker): checker(string)
        }
    }
}

/// The formats this library implements.
public enum BuiltinFormat: String, CaseIterable, Sendable {
    case dateTime = "date-time", date, time, email, uuid, ipv4, ipv6, hostname
    case idnHostname = "idn-hostname", idnEmail = "idn-email", duration, uri
    case uriReference = "uri-reference", iri, iriReference = "iri-reference", uriTemplate = "uri-template"
    case jsonPointer = "json-pointer", relativeJSONPointer = "relative-json-pointer", regex
    case decimal, currency, country, gstin

    static let named = Dictionary(uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// Whether `string` conforms.
    public func conforms(_ string: String) -> Bool {
        switch self {
        case .dateTime: StandardFormats.isDateTime(string)
        case .date: StandardFormats.isFullDate(string)
        case .time: StandardFormats.isFullTime(string)
        case .email: StandardFormats.isEmail(string)
        case .uuid: StandardFormats.isUUID(string)
        case .ipv4: StandardFormats.isIPv4(string)
        case .ipv6: IPv6Format.isIPv6(string)
        case .hostname: Hostnames.isHostname(string)
        case .idnHostname: Hostnames.isIDNHostname(string)
        case .idnEmail: TextFormats.isIDNEmail(string)
        case .duration: TextFormats.isDuration(string)
        case .uri: URIFormats.isURI(string)
        case .uriReference: URIFormats.isURIReference(string)
        case .iri: URIFormats.isURI(string, unicode: true)
        case .iriReference: URIFormats.isURIReference(string, unicode: true)
        case .uriTemplate: URIFormats.isURITemplate(string)
        case .jsonPointer: TextFormats.isJSONPointer(string)
        case .relativeJSONPointer: TextFormats.isRelativeJSONPointer(string)
        case .regex: TextFormats.isECMARegex(string)
        case .decimal: HubFormats.isDecimal(string)
        case .currency: HubFormats.isCurrency(string)
        case .country: HubFormats.isCountry(string)
        case .gstin: HubFormats.isGSTIN(string)
        }
    }

    /// Whether the string at `string`, with these UTF-8 bytes, conforms. The hub's formats and the
    /// RFC 3339 ones read only the bytes; the rest copy the string.
    func conforms(_ string: UnsafePointer<String>, utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .decimal: HubFormats.isDecimal(bytes)
        case .currency: HubFormats.currencyTable.contains(utf8: bytes)
        case .country: HubFormats.countryTable.contains(utf8: bytes)
        case .dateTime: StandardFormats.isDateTime(bytes)
        case .date: StandardFormats.isFullDate(bytes)
        case .time: StandardFormats.isFullTime(bytes)
        default: conforms(string.pointee)
        }
    }

    /// What a non-conforming string is not, for messages (`"49.0x" is not a decimal amount`).
    public var failure: String {
        switch self {
        case .dateTime: "is not an RFC 3339 date-time"
        case .date: "is not an RFC 3339 date (YYYY-MM-DD)"
        case .time: "is not an RFC 3339 time"
        case .email: "is not an email address"
        case .uuid: "is not a UUID"
        case .ipv4: "is not an IPv4 address"
        case .ipv6: "is not an IPv6 address"
        case .hostname: "is not a host name"
        case .idnHostname: "is not an internationalized host name"
        case .idnEmail: "is not an internationalized email address"
        case .duration: "is not an ISO 8601 duration"
        case .uri: "is not an absolute URI"
        case .uriReference: "is not a URI reference"
        case .iri: "is not an absolute IRI"
        case .iriReference: "is not an IRI reference"
        case .uriTemplate: "is not a URI template"
        case .jsonPointer: "is not a JSON Pointer"
        case .relativeJSONPointer: "is not a relative JSON Pointer"
        case .regex: "is not an ECMA-262 regular expression"
        case .decimal: "is not a decimal amount"
        case .currency: "is not an ISO 4217 currency code"
        case .country: "is not an ISO 3166-1 alpha-2 country code"
        case .gstin: "is not a valid GSTIN (format or check character)"
        }
    }
}
