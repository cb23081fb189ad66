import FuzzDriver
import JSONValue
import JSONata

/// Two decimal texts, an operation and a scale from the input, through the money helpers as a
/// mapping calls them: every outcome is a result or a mapping error.
@_cdecl("FuzzDecimal_main")
public func fuzzDecimalMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, count in fuzzDecimal(Array(UnsafeBufferPointer(start: data, count: count))) }
}

func fuzzDecimal(_ bytes: [UInt8]) -> CInt {
    guard bytes.count >= 2 else { return 0 }
    let operation = Int(bytes[0]) % 7
    let texts = String(decoding: bytes[1...], as: UTF8.self).split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
    let a = texts.first ?? "", b = texts.count > 1 ? texts[1] : "1", scale = texts.count > 2 ? texts[2] : "2"
    let names = ["decimalAdd(a, b)", "decimalSub(a, b)", "decimalMul(a, b)", "decimalSum([a, b, a])", "decimalRound(a, $number(s))",
                 "decimalCompare(a, b)", "decimalRound(a, $number(s), 'half-even')"]
    let input: JSON = ["a": .string(a), "b": .string(b), "s": .string(scale)]
    _ = try? JSONataExpression("$" + names[operation]).evaluate(input)
    // The same operands as JSON numbers, when they are numbers.
    if let number = try? JSON.parse(Array(a.utf8)), case .number = number {
        _ = try? JSONataExpression("$" + names[operation]).evaluate(["a": number, "b": .string(b), "s": .string(scale)])
    }
    return 0
}
