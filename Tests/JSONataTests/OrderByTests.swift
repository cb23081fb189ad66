@testable import JSONata
import JSONValue
import Testing

/// Order-by keys that are all numbers or all strings are compared as ranked numbers; the order must
/// be the rule's: the first differing term decides, undefined keys last, strings in JavaScript's
/// order, ties in input order.
@Suite struct OrderByTests {
    /// The rule, written plainly: a stable insertion sort over the keys.
    func reference(_ items: [[String: JSON]], terms: [(String, Bool)]) -> [Int] {
        /// Negative when `x` goes first: undefined keys last whichever the direction.
        func compare(_ x: JSON?, _ y: JSON?, descending: Bool) -> Int {
            switch (x, y) {
            case (nil, nil): return 0
            case (nil, _): return 1
            case (_, nil): return -1
            case (.number(let p)?, .number(let q)?):
                let order = p.double < q.double ? -1 : p.double > q.double ? 1 : 0
                return descending ? -order : order
            case (.string(let p)?, .string(let q)?):
                let order = CodePointText.order(p, q)
                return descending ? -order : order
            default: return 0
            }
        }
        var order: [Int] = []
        for i in items.indices {
            var position = order.count
            while position > 0 {
                let previous = items[order[position - 1]]
                var c = 0
                for (name, descending) in terms {
                    c = compare(items[i][name], previous[name], descending: descending)
                    if c != 0 { break }
                }
                guard c < 0 else { break }
                position -= 1
            }
            order.insert(i, at: position)
        }
        return order
    }

    @Test func typedKeysSortAsTheRuleSays() throws {
        var generator = SystemRandomNumberGenerator()
        // Precomposed and decomposed é are equal to Swift's `String` but sort apart by code points.
        let words = ["b", "a", "B", "\u{E9}", "e\u{301}", "😀", "\u{E000}", "ab", "", "a"]
        for _ in 0..<300 {
            let count = Int.random(in: 0...40, using: &generator)
            var items: [[String: JSON]] = []
            for i in 0..<count {
                var item: [String: JSON] = ["i": .number(JSONNumber(Double(i)))]
                if Int.random(in: 0..<6, using: &generator) > 0 { item["n"] = .number(JSONNumber(Double(Int.random(in: -3...3, using: &generator)) / 2)) }
                if Int.random(in: 0..<6, using: &generator) > 0 { item["s"] = .string(words.randomElement(using: &generator)!) }
                items.append(item)
            }
            let terms: [(String, Bool)] = [("n", Bool.random(using: &generator)), ("s", Bool.random(using: &generator))].shuffled(using: &generator)
            let written = terms.map { ($0.1 ? ">" : "<") + $0.0 }.joined(separator: ", ")
            let rows: [JSON] = items.map { item in .object(JSONObject(item.map { ($0.key, $0.value) })) }
            let input = JSON.object(JSONObject([("items", JSON.array(rows))]))
            let result = try JSONataExpression("[items^(\(written)).i]").evaluate(input)
            let expected = reference(items, terms: terms).map { JSON.number(JSONNumber(Double($0))) }
            #expect(result == .array(expected), "\(written) over \(items)")
        }
    }

    /// Names, an order-by and a last step are sorted in place in JSON mode; every shape gives the
    /// interpreter's answer, or its error, and the common ones are answered in the fast tier.
    @Test func sortedPathsInJSONModeGiveTheInterpretersAnswer() throws {
        let input: JSON = [
            "orders": [
                ["lines": [["sku": "B", "price": 2, "tags": ["x", "y"]], ["sku": "A", "price": 2], ["sku": "C"]]],
                ["lines": [["sku": "D", "price": 1, "tags": ["z"]]]],
            ],
            "one": ["sku": "S", "price": 5], "mixed": [["k": 1], ["k": "a"]], "numbers": [3, 1, 2],
            "words": ["pear", "apple", "\u{e9}clair", "fig"], "flags": [true, false], "nested": [[2], [1]],
        ]
        let answered = [
            "orders.lines^(price).sku", "orders.lines^(>price, sku).sku", "orders.lines^(sku)", "orders.lines^(price).tags",
            "orders.lines^(>sku).{ 'sku': sku, 'p': price }", "one^(price).sku", "orders[0].lines^(price * -1).sku",
            "orders.lines^($string(price) & sku).sku", "orders.lines^(nothing).sku", "{ 'first': orders.lines^(sku)[0].sku }",
            // Scalar items: the term sees each as its context.
            "numbers^($)", "numbers^(>$)", "orders.lines.sku^($)", "orders.lines.sku^(>$).{ 's': $ }", "words^($)",
        ]
        for source in answered + ["mixed^(k)", "orders.lines^(sku).($)", "nested^($)", "flags^($)", "flags^(>$)"] { try expectTiersAgree(source, on: input) }
        for source in answered where !source.contains("[0]") {
            #expect(try JSONataExpression(source).answersInFastTier(input), "\(source) was handed back")
        }
    }

    @Test func mixedKindsStillFail() {
        #expect(throws: JSONataError.self) { try JSONataExpression("[{'k': 1}, {'k': 'a'}]^(k)").evaluate(nil) }
        #expect(throws: JSONataError.self) { try JSONataExpression("[{'k': 1}, {'k': true}]^(k)").evaluate(nil) }
    }
}
