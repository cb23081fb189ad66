import Foundation
import InterchangeCore
import FuzzDriver
import JSONValue

/// The ingest path a signed webhook takes once its signature holds: the body is parsed with the hub's
/// limits, mapped by the example project's Shopify mapping and checked against the Order contract. A
/// payload the hub cannot take must become a quarantine reason (a thrown `Normalizer.Failure`), never
/// a trap: the body that crashed the hub (a price of "0." and 51 digits) arrives this way.
let normalizer: Normalizer = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/order-to-cash")
    do {
        return Normalizer(project: try ProjectLoader.load(from: root, environment: ["SANDBOX_URL": "http://127.0.0.1:1"]))
    } catch {
        fatalError("the example project does not load: \(error)")
    }
}()

@_cdecl("FuzzIngest_main")
public func fuzzIngestMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, count in fuzzIngest(Array(UnsafeBufferPointer(start: data, count: count))) }
}

func fuzzIngest(_ bytes: [UInt8]) -> CInt {
    guard let payload = try? JSON.parse(bytes, limits: JSONParseLimits(maxBytes: 1 << 20, maxDepth: 64)) else { return 0 }
    _ = try? normalizer.normalize(system: "storefront", topic: "orders/create", payload: payload, inboundId: "fuzz", now: Date(timeIntervalSince1970: 0))
    return 0
}
