import FuzzDriver
import JSONValue

/// Any bytes through the JSON parser (with the hub's ingest limits), and what parses back through the
/// serializer: it must parse again to the same value.
@_cdecl("FuzzJSON_main")
public func fuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, count in fuzzJSON(Array(UnsafeBufferPointer(start: data, count: count))) }
}

func fuzzJSON(_ bytes: [UInt8]) -> CInt {
    guard let value = try? JSON.parse(bytes, limits: JSONParseLimits(maxBytes: 1 << 20, maxDepth: 64)) else { return 0 }
    let again = try? JSON.parse(value.serializedBytes())
    if again != value { fatalError("serialized JSON does not parse back to the same value: \(value.serialized())") }
    _ = value.serialized(pretty: true)
    return 0
}
