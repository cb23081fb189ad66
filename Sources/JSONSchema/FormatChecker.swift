import JSONValue

/// Checks one string `format`; returns `nil` when the value conforms, else a message.
public typealias FormatChecker = @Sendable (String) -> String?

/// The formats a validator asserts, by name. Unknown formats are annotations only.
public struct FormatRegistry: Sendable {
    public var checkers: [String: FormatChecker]

    public init(checkers: [String: FormatChecker]) { self.checkers = checkers }

    /// The standard formats this library implements, plus the hub's `decimal`, `currency`, `country`, `gstin`.
    public static let standard = FormatRegistry(checkers: [
        "date-time": { StandardFormats.isDateTime($0) ? nil : "is not an RFC 3339 date-time" },
        "date": { StandardFormats.isFullDate($0) ? nil : "is not an RFC 3339 date (YYYY-MM-DD)" },
        "time": { StandardFormats.isFullTime($0) ? nil : "is not an RFC 3339 time" },
        "email": { StandardFormats.isEmail($0) ? nil : "is not an email address" },
        "uuid": { StandardFormats.isUUID($0) ? nil : "is not a UUID" },
        "ipv4": { StandardFormats.isIPv4($0) ? nil : "is not an IPv4 address" },
        "ipv6": { IPv6Format.isIPv6($0) ? nil : "is not an IPv6 address" },
        "hostname": { Hostnames.isHostname($0) ? nil : "is not a host name" },
        "idn-hostname": { Hostnames.isIDNHostname($0) ? nil : "is not an internationalized host name" },
        "idn-email": { TextFormats.isIDNEmail($0) ? nil : "is not an internationalized email address" },
        "duration": { TextFormats.isDuration($0) ? nil : "is not an ISO 8601 duration" },
        "uri": { URIFormats.isURI($0) ? nil : "is not an absolute URI" },
        "uri-reference": { URIFormats.isURIReference($0) ? nil : "is not a URI reference" },
        "iri": { URIFormats.isURI($0, unicode: true) ? nil : "is not an absolute IRI" },
        "iri-reference": { URIFormats.isURIReference($0, unicode: true) ? nil : "is not an IRI reference" },
        "uri-template": { URIFormats.isURITemplate($0) ? nil : "is not a URI template" },
        "json-pointer": { TextFormats.isJSONPointer($0) ? nil : "is not a JSON Pointer" },
        "relative-json-pointer": { TextFormats.isRelativeJSONPointer($0) ? nil : "is not a relative JSON Pointer" },
        "regex": { TextFormats.isECMARegex($0) ? nil : "is not an ECMA-262 regular expression" },
        "decimal": { HubFormats.isDecimal($0) ? nil : "is not a decimal amount" },
        "currency": { HubFormats.isCurrency($0) ? nil : "is not an ISO 4217 currency code" },
        "country": { HubFormats.isCountry($0) ? nil : "is not an ISO 3166-1 alpha-2 country code" },
        "gstin": { HubFormats.isGSTIN($0) ? nil : "is not a valid GSTIN (format or check character)" },
    ])

    /// The empty registry: every format is an annotation.
    public static let none = FormatRegistry(checkers: [:])
}
