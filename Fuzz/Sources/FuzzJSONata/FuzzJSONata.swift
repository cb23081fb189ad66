import FuzzDriver
import JSONValue
import JSONata

/// An expression and an input document (split at the first NUL byte): parsed and evaluated under the
/// hub's limits. Errors are fine; a trap, a hang or a leak is not.
@_cdecl("FuzzJSONata_main")
public func fuzzJSONataMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, count in fuzzJSONata(Array(UnsafeBufferPointer(start: data, count: count))) }
}

func fuzzJSONata(_ bytes: [UInt8]) -> CInt {
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    let source = String(decoding: bytes[..<split], as: UTF8.self)
    let input = split < bytes.count ? try? JSON.parse(Array(bytes[(split + 1)...])) : nil
    guard let expression = try? JSONataExpression(source) else { return 0 }
    _ = try? expression.evaluate(input, limits: EvaluationLimits(timeout: .milliseconds(50), maxDepth: 200, maxOutputItems: 100_000))
    return 0
}
