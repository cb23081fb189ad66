import JSONValue
import JSONata
import Testing

@Suite struct JSONataEngineTests {
    func eval(_ source: String, _ input: JSON? = nil, limits: EvaluationLimits = .default) throws(JSONataError) -> JSON? {
        try JSONataExpression(source).evaluate(input, limits: limits)
    }

    let order: JSON = [
        "id": .number(JSONNumber(uncheckedText: "820982911946154508")),
        "lines": [["sku": "A", "price": "49.00", "quantity": 2], ["sku": "B", "price": "0.10", "quantity": 3]],
    ]

    @Test func pathsPredicatesAndConstructors() throws {
        #expect(try eval("lines.sku", order) == ["A", "B"])
        #expect(try eval("lines[quantity > 2].sku", order) == "B")
        #expect(try eval("lines[0].sku", order) == "A")
        #expect(try eval("[lines.sku]", order) == ["A", "B"])
        #expect(try eval("{'n': $count(lines)}", order) == ["n": 2])
        #expect(try eval("lines.{'s': sku}", order) == [["s": "A"], ["s": "B"]])
        #expect(try eval("$sum(lines.quantity)", order) == 5)
        #expect(try eval("nothing", order) == nil)
    }

    @Test func largeIdsStayExact() throws {
        #expect(try eval("id", order)?.serialized() == "820982911946154508")
        #expect(try eval("$string(id)", order) == "820982911946154508")
        #expect(try eval("'SHOP-' & $string(id)", order) == "SHOP-820982911946154508")
    }

    @Test func decimalHelpersAreExact() throws {
        #expect(try eval("$decimalAdd('0.10', '0.20')") == "0.30")
        #expect(try eval("$decimalMul('49.00', 3)") == "147.00")
        #expect(try eval("$decimalSum(lines.price)", order) == "49.10")
        #expect(try eval("$decimalRound('2.345', 2)") == "2.35")
        #expect(try eval("$decimalRound('2.345', 2, 'half-even')") == "2.34")
        #expect(try eval("$decimalRound('-2.5', 0, 'half-up')") == "-3")
        #expect(try eval("$decimalSum(lines.$decimalMul(price, quantity))", order) == "98.30")
        #expect(throws: JSONataError.self) { try eval("$decimalAdd('49.0x', '1')") }
        // Digits past the 18th are carried in 128 bits; 38 digits is the limit.
        #expect(try eval("$decimalAdd('123456789012345678.9', '0.1')") == "123456789012345679.0")
        #expect(try eval("$decimalAdd('999999999999999999', '1')") == "1000000000000000000")
        #expect(try eval("$decimalMul('0.0000000000000000000001', '10')") == "0.0000000000000000000010")
        #expect(try eval("$decimalAdd('-12345678901234567890123456789.5', '0.5')") == "-12345678901234567890123456789.0")
        #expect(throws: JSONataError.self) { try eval("$decimalAdd('123456789012345678901234567890123456789012', '1')") }
    }

    @Test func lambdasClosuresAndChaining() throws {
        #expect(try eval("($add := function($a, $b) { $a + $b }; $add(2, 3))") == 5)
        #expect(try eval("($c := 10; $f := function($x) { $x + $c }; $map([1, 2], $f))") == [11, 12])
        #expect(try eval("'abc' ~> $uppercase()") == "ABC")
        #expect(try eval("($add := function($a,$b){$a+$b}; $inc := $add(?, 1); $inc(41))") == 42)
        #expect(try eval("[3,1,2]^($)") == [1, 2, 3])
    }

    @Test func errorsCarryCodesAndPositions() {
        do {
            _ = try eval("1 + 'a'")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "T2002")
            #expect(error.position != nil)
        }
        #expect(throws: JSONataError.self) { try JSONataExpression("{ 'a': ") }
    }

    @Test func runawayRecursionEndsWithADepthError() {
        do {
            _ = try eval("($f := function($n) { $f($n + 1) }; $f(0))", limits: EvaluationLimits(timeout: .seconds(5), maxDepth: 200))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "U1001")
            #expect(error.message.contains("Stack overflow"))
        }
    }

    @Test func endlessComputationEndsWithinTheTimeLimit() {
        let started = ContinuousClock.now
        do {
            _ = try eval("($f := function($n) { $n > 0 ? $f($n - 1) + $f($n - 1) : 1 }; $f(40))", limits: EvaluationLimits(timeout: .milliseconds(100)))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "U1001")
            #expect(error.message.contains("timeout"))
        }
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func hostFunctionsAreCallable() throws {
        let xref = JSONataFunction(name: "xref", signature: "<sss:s>") { args throws(JSONataError) in
            .string("\(args[0]?.stringValue ?? "")/\(args[1]?.stringValue ?? "")/\(args[2]?.stringValue ?? "")")
        }
        #expect(try JSONataExpression("$xref('erp', 'customer', 'C1')").evaluate(nil, functions: [xref]) == "erp/customer/C1")
    }
}

/// Built-ins that return sequences follow jsonata-js 2.x: a path's sequence stays a sequence.
@Suite struct SequenceResultTests {
    let order: JSON = [
        "line_items": [
            ["tax_lines": [["rate": 0.06]]], ["tax_lines": [["rate": 0.06]]], ["tax_lines": [["rate": 0.06]]],
            ["tax_lines": [["rate": 0.06]]], ["tax_lines": [["rate": 0.06]]],
        ],
    ]

    @Test func distinctOfAPathWithOneValueIsThatValue() throws {
        // jsonata-js 2.2.2 answers 0.06 here, not [0.06].
        #expect(try JSONataExpression("$distinct(line_items.tax_lines.rate)").evaluate(order) == 0.06)
        #expect(try JSONataExpression("$distinct([1, 1, 2])").evaluate(nil) == [1, 2])
        #expect(try JSONataExpression("$distinct([1, 1])").evaluate(nil) == [1])
        #expect(try JSONataExpression("$distinct([5])").evaluate(nil) == [5])
        #expect(try JSONataExpression("$distinct(line_items.tax_lines.rate) = 0.06").evaluate(order) == true)
    }

    @Test func otherSequenceBuiltinsCollapseASingleResult() throws {
        #expect(try JSONataExpression("$map([1], function($v) { $v * 2 })").evaluate(nil) == 2)
        #expect(try JSONataExpression("$filter([1, 2], function($v) { $v > 1 })").evaluate(nil) == 2)
        #expect(try JSONataExpression("$keys({'a': 1})").evaluate(nil) == "a")
        #expect(try JSONataExpression("$each({'a': 1}, function($v) { $v })").evaluate(nil) == 1)
        #expect(try JSONataExpression("$reverse([1])").evaluate(nil) == [1])
    }
}

/// Constructed objects keep their JSON for host functions called with them again and again; a
/// transform that changes a nested object must not leave its parents' JSON out of date.
@Suite struct ConstructedObjectJSONTests {
    let echo = JSONataFunction(name: "echo", signature: "<x:x>") { arguments in arguments.first ?? nil }

    @Test func aTransformUpdatesWhatAHostFunctionSees() throws {
        // The pattern hands the copy to the host function (its JSON is kept), then the update changes `a`.
        let source = "( $u := { 'a': { 'b': 1 } } ~> | $[$echo($) != null].a | { 'c': 2 } |; $echo($u) )"
        let result = try JSONataExpression(source).evaluate(nil, functions: [echo])
        #expect(result == ["a": ["b": 1, "c": 2]])
    }

    @Test func aGroupingPassedToAHostFunctionManyTimesGivesEachAnswer() throws {
        let input: JSON = ["rows": [["k": "x", "v": 1], ["k": "y", "v": 2], ["k": "x", "v": 3]]]
        let source = "( $g := rows{ k: $sum(v) }; $keys($g).{ 'k': $, 'v': $lookup($echo($g), $) } )"
        let result = try JSONataExpression(source).evaluate(input, functions: [echo])
        #expect(result == [["k": "x", "v": 4], ["k": "y", "v": 2]])
    }
}
