import JSONValue
import JSONata
import Testing

/// Exact decimals from outside (a price with fifty decimals, a huge scale) fail the evaluation with a
/// clear error; none may stop the process.
@Suite struct DecimalOverflowTests {
    func eval(_ source: String, _ input: JSON? = nil) throws(JSONataError) -> JSON? {
        try JSONataExpression(source).evaluate(input)
    }

    /// `"0."` followed by 50 zeros and a `1`: the price that crashed the hub.
    let tinyPrice = "0." + String(repeating: "0", count: 50) + "1"

    @Test func aPriceWithFiftyDecimalsIsAnErrorNotATrap() throws {
        let order: JSON = ["lines": [["price": .string(tinyPrice)], ["price": "274.00"]]]
        for expression in [
            "$decimalSum(lines.price)", "$decimalAdd(lines[0].price, lines[1].price)",
            "$decimalSub(lines[1].price, lines[0].price)", "$decimalMul(lines[0].price, lines[0].price)",
            "(lines.{'n': $decimalSum([price, '1'])}).n",
        ] {
            let error = #expect(throws: JSONataError.self, "\(expression)") { try eval(expression, order) }
            #expect(error?.code == "D3031" || error?.code == "D3030", "\(expression): \(String(describing: error))")
        }
    }

    @Test func digitsBeyondThirtyEightAreAnError() {
        let big = String(repeating: "9", count: 38)
        let largest = "1" + String(repeating: "0", count: 38)  // 10^38: Int128 holds it, but not twice
        #expect(throws: JSONataError.self) { try eval("$decimalAdd('\(largest)', '\(largest)')") }
        #expect(throws: JSONataError.self) { try eval("$decimalMul('\(big)', '\(big)')") }
        #expect(throws: JSONataError.self) { try eval("$decimalSub('-\(largest)', '\(largest)')") }
        #expect(throws: JSONataError.self) { try eval("$decimalSum(['\(big)', '\(big)'])") }
        #expect(throws: JSONataError.self) { try eval("$decimalAdd('1\(big)', '1')") }
    }

    @Test func exponentsAndScalesOutOfRangeAreErrors() throws {
        #expect(throws: JSONataError.self) { try eval("$decimalAdd('1e-9223372036854775808', '1')") }
        #expect(throws: JSONataError.self) { try eval("$decimalAdd('1e99999', '1')") }
        #expect(throws: JSONataError.self) { try eval("$decimalRound('1.5', 1e300)") }
        #expect(throws: JSONataError.self) { try eval("$decimalRound('1.5', 1000000000)") }
        #expect(throws: JSONataError.self) { try eval("$decimalRound('1.5', 0.5)") }
        #expect(throws: JSONataError.self) { try eval("$decimalRound('1.5', 40)") }
    }

    @Test func roundingStillWorksAtTheEdges() throws {
        #expect(try eval("$decimalRound('\(tinyPrice)', 2)") == "0.00")
        #expect(try eval("$decimalRound('\(tinyPrice)', 2, 'up')") == "0.01")
        #expect(try eval("$decimalRound('-\(tinyPrice)', 2, 'floor')") == "-0.01")
        #expect(try eval("$decimalRound('1234.5', -2)") == "1200")
        #expect(try eval("$decimalRound('1250', -2, 'half-even')") == "1200")
        #expect(try eval("$decimalRound('0.005', 2)") == "0.01")
        #expect(try eval("$decimalCompare('\(tinyPrice)', '274.00')") == -1)
        #expect(try eval("$decimalCompare('274.00', '\(tinyPrice)')") == 1)
        #expect(try eval("$decimalCompare('-274.00', '\(tinyPrice)')") == -1)
    }

    @Test func exactDecimalArithmeticThrowsOverflow() throws {
        let big = try #require(ExactDecimal(String(repeating: "9", count: 38)))
        let tiny = try #require(ExactDecimal(tinyPrice))
        #expect(throws: ExactDecimal.Overflow.self) { try big + big }
        #expect(throws: ExactDecimal.Overflow.self) { try big * big }
        #expect(throws: ExactDecimal.Overflow.self) { try tiny + ExactDecimal(mantissa: 27400, scale: 2) }
        #expect(try (ExactDecimal(mantissa: 27400, scale: 2) + ExactDecimal(mantissa: 1, scale: 3)).description == "274.001")
        #expect(ExactDecimal("1e-99999") == nil)
    }
}
