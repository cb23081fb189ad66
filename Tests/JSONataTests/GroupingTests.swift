@testable import JSONata
import JSONValue
import Testing

/// Groupings over paths of names (`rows{key: value}`) are built in JSON mode from the input read in
/// place; each shape gives the interpreter's answer or error, and the common ones are answered in the
/// fast tier.
@Suite struct GroupingTests {
    let input: JSON = [
        "lines": [
            ["sku": "A", "type": "x", "price": 2], ["sku": "B", "type": "y", "price": 3], ["sku": "C", "type": "x", "price": 4],
            ["sku": "D", "price": 5],
        ],
        "orders": [["lines": [["sku": "E", "type": "x", "price": 1]]], ["lines": [["sku": "F", "type": "z", "price": 6]]]],
        "nested": [[["type": "x"]], [["type": "y"]]], "empty": [], "one": ["sku": "S", "type": "x", "price": 7],
    ]

    /// Including object constructors on a group of several items, which evaluate each value once on
    /// all of them.
    @Test func groupingsGiveTheInterpretersAnswer() throws {
        let answered = [
            "lines{type: $sum(price)}", "lines{type: $count($)}", "lines{type: $}", "lines{type: sku}", "orders.lines{type: price}",
            "$$.lines{sku: price * 2}", "lines{'all': $sum(price)}", "lines{type: ($t := $sum(price); $t * 2)}", "one{type: sku}",
            "lines{nothing: 1}", "lines{type: { 'n': $count(sku), 'skus': sku }}", "lines.{ 'skus': sku }", "lines{ 'a': sku, 'b': price }", "{ 'byType': lines{type: $sum(price)} }",
            "lines{type & '-' & sku: price}", "($g := lines{type: $sum(price)}; $keys($g).{ 'type': $, 'total': $lookup($g, $) })",
        ]
        let others = ["lines{price: 1}", "nested.{ 'a': type }", "[[1, 2], [3]].{ 'a': $ }", "lines{type: 1, sku: 2}", "lines{type: 1, 'x': 2}", "nested{type: 1}", "empty{type: 1}", "nothing{type: 1}"]
        for source in answered + others { try expectTiersAgree(source, on: input) }
        for source in answered {
            #expect(try JSONataExpression(source).answersInFastTier(input), "\(source) was handed back")
        }
    }
}
