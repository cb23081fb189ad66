import Foundation
import JSONValue
@testable import JSONata
import Testing

/// The fast tier (``FastProgram``): which expressions it takes, and that it gives the interpreter's
/// answer — also where it must hand the evaluation back. (The official suite checks agreement on
/// every case it accepts; these pin the shapes mappings use and the hand-back paths.)
@Suite struct FastTierTests {
    /// Both tiers' answers for `source` on `input`; the fast one is `nil` when it handed back.
    func both(_ source: String, _ input: JSON?, functions: [JSONataFunction] = []) throws -> (fast: JSON??, interpreter: JSON?) {
        let expression = try JSONataExpression(source)
        let fast = expression.fast?.run(input, bindings: [:], functions: functions, limits: .default)
        return (fast, try expression.interpret(input, bindings: [:], functions: functions, limits: .default))
    }

    /// Each source answered in the fast tier, with the interpreter's answer on `order`.
    func expectFastAnswers(_ sources: [String]) throws {
        for source in sources {
            let (fast, interpreter) = try both(source, order)
            #expect(fast != nil, "\(source) was handed back")
            #expect(fast == .some(interpreter), "\(source)")
        }
    }

    let order: JSON = [
        "id": .number(JSONNumber(uncheckedText: "820982911946154508")), "currency": "USD",
        "customer": ["first_name": "Bran", "last_name": "Snow", "email": "Bran@Example.com"],
        "line_items": [
            ["sku": "A", "price": "49.00", "quantity": 2, "tax_lines": [["rate": 0.06, "price": "5.88"]]],
            ["sku": "B", "price": "0.10", "quantity": 3, "tax_lines": []],
        ],
        "shipping_lines": [["price": "4.00"], ["price": "1.50"]],
    ]

    /// Paths from a bound variable through arrays give sequences; the fast tier hands them to JSON-mode
    /// code as arrays instead of handing the whole evaluation back (which made every mapping with
    /// `$o := event.data; $o.lines.{…}` run twice).
    @Test func sequencesFromVariablePathsStayInTheFastTier() throws {
        let sources = [
            "($o := $; $o.line_items.{ 'sku': sku, 'q': $number(quantity) })", "($o := $; $o.line_items.sku)",
            "($o := $; [$o.line_items.{ 'sku': sku }])", "($o := $; { 'skus': $o.line_items.sku, 'n': $count($o.line_items) })",
            "($o := $; $o.line_items.sku & '')", "($o := $; $o.line_items.tax_lines.rate)",
        ]
        try expectFastAnswers(sources)
    }

    /// A last step that gives an array for some items (`lines.(cond ? [a, b] : [c])`) has its arrays
    /// spliced into the sequence in JSON mode; it used to hand the whole path to value mode, which did
    /// every item's work again.
    @Test func stepsGivingArraysAreSplicedInJSONMode() throws {
        try expectFastAnswers([
            "line_items.(quantity > 2 ? [sku, price] : [{ 'sku': sku }])",
            "line_items.(tax_lines)",
            "line_items.(quantity > 2 ? [] : [sku])",
            "line_items.(quantity > 2 ? [] : [])",
            "line_items.(quantity > 2 ? [sku] : price)",
            "{ 'taxes': line_items.(tax_lines.{ 'r': rate }) }",
            "line_items[quantity > 2].([sku, sku])",
            "customer.([first_name, last_name])",
        ])
    }

    /// Array constructors after the first step, each kept whole as the parser marks them (as in
    /// jsonata-js, a constructor ending an inner path keeps its mark in the outer one): both tiers
    /// agree on each, and results that stay values are answered in the fast tier.
    @Test func arrayConstructorStepsGiveTheInterpretersAnswer() throws {
        let sources = [
            "$count(line_items.[sku, price])", "line_items.[sku, price].$count($)", "$count(line_items.[sku].$)",
            "line_items.[sku, quantity]", "customer.[first_name]", "$string(line_items.[sku])",
        ]
        for source in sources {
            let (fast, interpreter) = try both(source, order)
            if let fast { #expect(fast == interpreter, "\(source)") }
        }
        try expectFastAnswers(["$count(line_items.[sku, price])", "line_items.[sku, price].$count($)", "$string(line_items.[sku])"])
    }

    /// Built-ins called directly with two or three arguments give the general call's answers, for
    /// arguments of their types, undefined ones, and ones only the general call takes (coerced or wrong).
    @Test func directCallsGiveTheGeneralCallsAnswers() throws {
        let calls = [
            "$round(x, 2)", "$round(x, -1)", "$round(nothing, 2)", "$round(x, nothing)", "$power(x, 2)", "$power(x, nothing)",
            "$substring(s, 1)", "$substring(s, -3, 2)", "$substring(s, 1, nothing)", "$substring(nothing, 1, 2)", "$substring(s, 2, -1)",
            "$substringBefore(s, '-')", "$substringAfter(s, '-')", "$substringAfter(s, nothing)", "$contains(s, 'éf')",
            "$contains(s, /Z/)", "$split(s, '-')", "$split(s, '')", "$split(s, nothing)", "$join(parts, '+')", "$join(parts, nothing)",
            "$join(s, '+')", "$join(nums, '+')", "$formatNumber(x, '#,##0.00')", "$formatNumber(nothing, '0')", "$pad(s, 9)",
            "$pad(s, -9, '*')", "$pad(s, 9, nothing)", "$substring(x, 1)", "$round(s, 1)", "$pad(s, 's')",
            "$formatInteger(x, '#,##0')", "$formatInteger(x, 'w')", "$formatInteger(1e7, 'I')", "$formatInteger(s, '0')",
            "$parseInteger('1,234', '#,##0')", "$parseInteger('twelve', 'w')", "$parseInteger(s, '0')", "$parseInteger(nothing, '0')",
            "$split('a,,b,', ',')", "$split(',', ',')", "$split('abc', 'abcd')", "$split('a--b---c', '--')", "$split('éxé', 'x')",
            "$fromMillis(ms)", "$fromMillis(nothing)", "$fromMillis(s)", "$fromMillis(ms, '[Y0001]-[M01]-[D01]')", "$fromMillis(ms, nothing)",
            "$fromMillis(ms, '[FNn], [D1o] [MNn,3-3] [Y] [H01]:[m01] [Z]', '+0530')", "$fromMillis(ms, '[FN] [mn] [Z01:01t] [z]', '-05:00')",
            "$fromMillis(ms, nothing, '+0100')", "$fromMillis(ms, '[Y]', 5)", "$fromMillis(ms, '[H]', 'bad')", "$fromMillis(ms, '[Z010101]')",
            "$fromMillis(ms, '[f001] [f01] [Z0]')", "$toMillis(iso)", "$toMillis(nothing)", "$toMillis('not a date')", "$toMillis(x)",
            // Pictures written in the expression are parsed when it compiles; invalid ones still fail when the call runs.
            "$formatNumber(x, picture)", "$formatNumber(x, '0.0.0')", "$formatNumber(x, '#;#;#')", "$formatInteger(x, '')",
            "$formatInteger(x, 'Ww;o')", "$formatInteger(x, picture)", "$parseInteger(s, 'w')", "$parseInteger('MMXXIV', 'I')",
            "$fromMillis(ms, '[Y0001')", "$fromMillis(ms, '[Q]')", "$fromMillis(ms, '[D01]', nothing)", "$fromMillis(ms, '[H01]:[m01]', zone)",
        ]
        let input: JSON = [
            "x": 1234.5678, "s": "abc-déf", "parts": ["a", "b"], "nums": [1, 2], "ms": 1_732_113_900_123, "iso": "2024-11-20T17:45:10-05:00",
            "picture": "#,##0.0", "zone": "-0330",
        ]
        for call in calls {
            // In value mode (an operand of `&`), in JSON mode (an object member) and as a native call's
            // operand, as answer or error.
            for source in ["'' & \(call)", "{ 'v': \(call) }", "{ 'v': $string(\(call)) }"] { try expectTiersAgree(source, on: input) }
        }
    }

    /// Higher-order built-ins call a compiled lambda with its arguments straight in its slots
    /// (``Callback``): every arity gets the arguments the interpreter passes, and a comparator's error
    /// ends the sort with the interpreter's error.
    @Test func callbacksGetTheInterpretersArguments() throws {
        try expectFastAnswers([
            "$map(line_items, function($l) { $l.sku })", "$map(line_items, function($l, $i) { $l.sku & $string($i) })",
            "$map(line_items, function($l, $i, $a) { $count($a) + $i })", "$map(line_items, function() { 1 })",
            "$filter(line_items, function($l, $i) { $i > 0 }).sku", "$filter(line_items, function($l, $i, $a) { $count($a) = 2 }).sku",
            "$reduce(line_items, function($acc, $l) { $acc + $l.quantity }, 0)",
            "$reduce(line_items, function($acc, $l, $i) { $acc + $i }, 10)",
            "$reduce(line_items, function($acc, $l, $i, $a) { $acc + $count($a) }, 0)",
            "$each(customer, function($v) { $v })", "$each(customer, function($v, $k) { $k & '=' & $v })",
            "$sort(line_items, function($a, $b) { $a.quantity < $b.quantity }).sku",
            "$sort(line_items, function($a, $b) { $a.sku > $b.sku }).sku",
        ])
        let expression = try JSONataExpression("$sort(line_items, function($a, $b) { $a.sku + 1 })")
        #expect(throws: JSONataError.self) { try expression.evaluate(order) }
        do {
            _ = try expression.evaluate(order)
        } catch let error as JSONataError {
            #expect(error.code == "T2001")
        }
    }

    @Test func theExampleMappingsRunInTheFastTier() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/order-to-cash/mappings")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".jsonata") }
        #expect(!files.isEmpty)
        // Including the Shopify mapping, which allocates discounts and taxes with predicates, path blocks
        // and `$map` over a lambda.
        for file in files {
            let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            #expect(try JSONataExpression(source).fast != nil, "\(file): the fast tier refuses it")
        }
    }

    @Test func mappingShapesGiveTheInterpretersAnswer() throws {
        let sources = [
            // Blocks, bound lambdas, paths mapped through object constructors, money helpers.
            """
            ( $currency := currency; $money := function($a) { { "amount": $a, "currency": $currency } };
              { "id": "SHOP-" & $string(id), "email": $lowercase(customer.email),
                "name": customer.first_name & " " & customer.last_name,
                "lines": [line_items.{ "sku": sku, "total": $money($decimalMul(price, quantity)),
                                       "taxes": [tax_lines.{ "percent": $string(rate * 100), "amount": $money(price) }] }],
                "shipping": $money($decimalSum(shipping_lines.price)), "root": $$.currency, "none": nothing } )
            """,
            "line_items.sku",
            "line_items.{ 'sku': sku }",
            "line_items[0].sku",
            "{ 'p': 0.1 + 0.2, 's': $string(0.1 + 0.2), 'big': id, 'n': $count(line_items) }",
            "[line_items.tax_lines.rate, shipping_lines.price]",
            "customer.first_name = 'Bran' ? 'yes' : 'no'",
        ]
        for source in sources {
            let (fast, interpreter) = try both(source, order)
            if let fast { #expect(fast == interpreter, "\(source)") }
        }
        let (fast, interpreter) = try both(sources[0], order)
        #expect(fast != nil, "the mapping shape stayed in the fast tier")
        #expect(fast == .some(interpreter))
    }

    @Test func objectBuildingLambdasAreBuiltAtTheCallSite() throws {
        let money = "$money := function($amount) { { 'amount': $amount, 'currency': $currency } }"
        let cases: [(source: String, answered: Bool)] = [
            // The argument is read on the call's context (a line item); `$currency` where the lambda was defined.
            ("( $currency := currency; \(money); line_items.{ 'unit': $money(price), 'none': $money(nothing) } )", true),
            // A binding of the same name at the call site does not reach the lambda's body.
            ("( $currency := currency; \(money); ( $currency := 'EUR'; $money('1.00') ) )", true),
            // Arguments that are calls, paths from the root and literals.
            ("( $currency := currency; \(money); [$money($decimalSum(shipping_lines.price)), $money($$.currency), $money(2)] )", true),
            // A parameter used twice, or not at all, is an ordinary call.
            ("( $twice := function($a) { { 'a': $a, 'b': $a } }; $twice(currency) )", true),
            ("( $unused := function($a) { { 'b': 1 } }; $unused(currency) )", true),
        ]
        for (source, answered) in cases {
            let expression = try JSONataExpression(source)
            #expect(expression.fast != nil, "\(source)")
            let (fast, interpreter) = try both(source, order)
            #expect((fast != nil) == answered, "\(source)")
            if let fast { #expect(fast == interpreter, "\(source)") }
        }
        let (fast, _) = try both(cases[0].source, order)
        #expect(fast == .some([
            ["unit": ["amount": "49.00", "currency": "USD"], "none": ["currency": "USD"]],
            ["unit": ["amount": "0.10", "currency": "USD"], "none": ["currency": "USD"]],
        ]))
        let (shadowed, _) = try both(cases[1].source, order)
        #expect(shadowed == .some(["amount": "1.00", "currency": "USD"]))
        // An argument the interpreter rejects: the evaluation goes back to it, which reports the error.
        let rejected = try JSONataExpression("( $currency := currency; \(money); $money(customer.email + 1) )")
        #expect(rejected.fast?.run(order, bindings: [:], functions: [], limits: .default) == .none)
        #expect(throws: JSONataError.self) { try rejected.evaluate(order) }
        // Defined on an array of several items, the body's constructor would group: the interpreter's business.
        let (grouped, groupedByInterpreter) = try both("( \(money); $money(1) )", [["currency": "USD"], ["currency": "EUR"]])
        #expect(grouped == nil || grouped == .some(groupedByInterpreter))
    }

    @Test func pathsThroughArraysGiveTheInterpretersSequences() throws {
        let input: JSON = [
            "one": [["price": "4.00"]],
            "two": [["price": "4.00"], ["price": "1.50", "tags": ["a", "b"]], ["other": 1], ["price": nil]],
            "nested": [["tags": [["x": 1], ["x": 2]]], ["tags": [["x": 3]]]],
            "deep": [["tags": [[["x": 1]]]]],
            "single": [["tags": ["only", "array"]]],
            "scalars": [1, "two", ["price": "3.00"]],
            "empty": [],
            "lines": [["price": "4.00"], ["price": "1.50"]],
        ]
        let paths = [
            "one.price", "two.price", "two.tags", "two.missing", "nested.tags.x", "deep.tags.x", "single.tags", "scalars.price",
            "empty.price", "$$.two.price", "lines.price",
        ]
        for path in paths {
            // As a value (object member), as a call argument, and as an array constructor's item.
            for source in ["{ 'v': \(path) }", "$count(\(path))", "$string(\(path))", "[\(path)]", "\(path) = '4.00'"] {
                let (fast, interpreter) = try both(source, input)
                if let fast { #expect(fast == interpreter, "\(source)") }
            }
        }
        // The common mapping shape is answered in place, with the interpreter's sequence.
        let (sum, interpreted) = try both("$decimalSum(lines.price)", input)
        #expect(sum == .some(interpreted))
        #expect(interpreted == "5.50")
        let (count, _) = try both("$count(nested.tags.x)", input)
        #expect(count == .some(3))
    }

    @Test func namesOfEveryLengthAreFoundWhereverTheyAre() throws {
        // Long names live on the heap (compared by content), short ones inline (compared by bits).
        let long = "a_member_name_longer_than_fifteen_bytes"
        let first = JSON.object(JSONObject([("short", "s1"), ("ключ", "k1"), (long, "l1"), ("x", 1)]))
        let reordered = JSON.object(JSONObject([(long, "l2"), ("x", 2), ("ключ", "k2"), ("short", "s2")]))
        let source = "{ 'short': short, 'key': `ключ`, 'long': `\(long)`, 'joined': short & `\(long)`, 'missing': `\(long)x` }"
        let expression = try JSONataExpression(source)
        #expect(expression.fast != nil)
        // The second input puts every member elsewhere: the hints from the first must not mislead.
        for input in [first, reordered, first] {
            let fast = expression.fast?.run(input, bindings: [:], functions: [], limits: .default)
            #expect(fast == .some(try expression.interpret(input, bindings: [:], functions: [], limits: .default)))
        }
        #expect(try expression.evaluate(reordered) == ["short": "s2", "key": "k2", "long": "l2", "joined": "s2l2"])
    }

    @Test func decimalSumTakesOneValueOrAnArrayAsItsSignatureCoercesThem() throws {
        let input: JSON = ["one": [["p": "4.00"]], "two": [["p": "4.00"], ["p": 1.5]], "none": [], "mixed": ["1.00", true], "deep": [["1"]]]
        let answered: [(source: String, result: JSON?)] = [
            ("$decimalSum(one.p)", "4.00"), ("$decimalSum(two.p)", "5.50"), ("$decimalSum(none)", "0"),
            ("$decimalSum(nothing)", nil), ("$decimalSum('2.5')", "2.5"), ("$decimalSum([1, '0.25'])", "1.25"),
        ]
        for (source, result) in answered {
            let (fast, interpreter) = try both(source, input)
            #expect(interpreter == result, "\(source)")
            #expect(fast == .some(interpreter), "\(source)")
        }
        // Operands the signature rejects: the interpreter reports them.
        for source in ["$decimalSum(mixed)", "$decimalSum(deep)", "$decimalSum(true)", "$decimalSum('1,5')"] {
            let expression = try JSONataExpression(source)
            #expect(expression.fast?.run(input, bindings: [:], functions: [], limits: .default) == .none, "\(source)")
            #expect(throws: JSONataError.self, "\(source)") { try expression.evaluate(input) }
        }
    }

    /// Predicates, path blocks, groupings, order-by steps, `~>` and lambdas given to native functions
    /// (`$map`, `$filter`, `$reduce`, `$sort`, …) run in the fast tier with the interpreter's answer.
    @Test func constructsBeyondPathsAndConstructorsGiveTheInterpretersAnswer() throws {
        let input: JSON = [
            "rows": [
                ["sku": "A", "loc": "X", "qty": 2, "tags": " a, b ,,c"], ["sku": "B", "loc": "X", "qty": 0, "tags": ""],
                ["sku": "A", "loc": "Y", "qty": 5, "tags": "d"], ["sku": "C", "loc": "X", "qty": 1],
            ],
            "words": ["delta", "alpha", "charlie", "bravo"], "n": 3, "nested": [[1, 2], [3]],
        ]
        let sources = [
            // Predicates: index, negative index, filters, indexes from an array, on a variable, after a call.
            "rows[0].sku", "rows[-1].sku", "rows[qty > 0].sku", "rows[[0, 2]].sku", "rows[sku = 'A'][1].loc",
            "( $r := rows; $r[qty >= 2].sku )", "$split('a,b,c', ',')[1]", "words[$ > 'b']", "nested[0]", "rows.tags[0]",
            // Path blocks and calls as steps.
            "rows.( $q := qty * 2; { 'sku': sku, 'double': $q } )", "rows.$string(qty)", "$split(rows[0].tags, ',').$trim($)[$ != '']",
            "[1..n].$string($)", "rows.(qty in [0, 5])",
            // Groupings and computed keys.
            "rows{ sku: $sum(qty) }", "rows{ sku & '@' & loc: { 'q': $sum(qty), 'n': $count(loc) } }", "( $r := rows; $r{ loc: sku } )",
            "{ rows[0].sku: 1 }", "rows.{ 'sku': sku }",
            // Order-by steps.
            "rows^(qty).sku", "rows^(>qty, sku).sku", "words^($)", "rows^(sku)[0].loc",
            // Lambdas given to native functions.
            "$map(rows, function($r) { $r.qty * 10 })", "$map(words, function($w, $i) { $string($i) & $w })",
            "$filter(rows, function($r) { $r.qty > 1 }).sku", "$reduce(rows, function($a, $r) { $a + $r.qty }, 0)",
            "$sort(rows, function($a, $b) { $a.qty < $b.qty }).sku", "$each({ 'a': 1, 'b': 2 }, function($v, $k) { $k & $v })",
            "$single(rows, function($r) { $r.sku = 'B' }).loc", "$sift(rows[0], function($v) { $type($v) = 'string' })",
            "rows.$map($split(tags, ','), function($t) { $trim($t) })",
            // `~>`, wildcards and regular expressions.
            "words[0] ~> $uppercase()", "rows[0].tags ~> $split(',') ~> $count()", "rows[0].*", "$replace(rows[0].tags, /\\s+/, '')",
            "$match('ab12', /[0-9]+/).match",
        ]
        for source in sources {
            let expression = try JSONataExpression(source)
            #expect(expression.fast != nil, "\(source): not compiled")
            let (fast, interpreter) = try both(source, input)
            #expect(fast != nil, "\(source): handed back")
            #expect(fast == .some(interpreter), "\(source)")
        }
    }

    /// A compiled lambda reads the slots of the call it was written in: once that call has returned it
    /// is dead, and calling it (it escaped through the function's result) hands the evaluation back.
    @Test func aLambdaThatEscapesItsCallGoesBackToTheInterpreter() throws {
        let source = "( $fs := $append([], function($x) { $x * 2 }); $map([1, 2], $fs[0]) )"
        let (fast, interpreter) = try both(source, nil)
        #expect(fast == nil)
        #expect(interpreter == [2, 4])
        #expect(try JSONataExpression(source).evaluate(nil) == [2, 4])
    }

    @Test func handsBackWhatItDoesNotModel() throws {
        // An object constructor over several items groups them, as the interpreter does.
        let grouping = try both("line_items.quantity.{ 'q': $ }", order)
        #expect(grouping.fast == .some(grouping.interpreter))
        let expression = try JSONataExpression("line_items.quantity.{ 'q': $ }")
        #expect(try expression.evaluate(order) == grouping.interpreter)
        // A double JSON would not read back exactly, used by `&`: handed back, same answer.
        let joined = try both("( $x := 0.1 + 0.2; 'x=' & $x )", order)
        #expect(try JSONataExpression("( $x := 0.1 + 0.2; 'x=' & $x )").evaluate(order) == joined.interpreter)
        #expect(joined.interpreter == "x=0.3")
        // Errors are always the interpreter's, with its code.
        let failing = try JSONataExpression("{ 'a': 'x' - 1 }")
        #expect(failing.fast != nil)
        #expect(failing.fast?.run(order, bindings: [:], functions: [], limits: .default) == nil)
        #expect(throws: JSONataError.self) { try failing.evaluate(order) }
    }

    @Test func declinesScopesItCannotModelWithSlots() throws {
        // Read before its binding in the same block, recursion, a lambda as a value: interpreter only.
        #expect(try JSONataExpression("( $y := $x; $x := 1; $y )").fast == nil)
        #expect(try JSONataExpression("( $f := function($n) { $n > 0 ? $f($n - 1) : 0 }; $f(3) )").fast == nil)
        #expect(try JSONataExpression("( $f := function($n) { $n }; $map([1, 2], $f) )").fast == nil)
        #expect(try JSONataExpression("( $f := function($n) { $n }; $f(3) )").evaluate(nil) == 3)
    }

    @Test func hostFunctionsAndShadowedBuiltins() throws {
        let shout = JSONataFunction(name: "string", signature: "<x:s>") { arguments in .string("host:\(arguments.first??.description ?? "")") }
        let lookup = JSONataFunction(name: "lookup", signature: "<ss:x>") { arguments in
            arguments.first == "rates" && arguments.last == "A" ? .number(JSONNumber(7)) : nil
        }
        let source = "( $sku := 'A'; { 's': $string(currency), 'r': $lookup('rates', $sku), 'm': $lookup('rates', 'Z') } )"
        let (fast, interpreter) = try both(source, order, functions: [shout, lookup])
        #expect(interpreter == ["s": "host:\"USD\"", "r": 7])
        #expect(fast == .some(interpreter))
    }

    @Test func hostFunctionsTakeJSONOrTheGeneralCall() throws {
        let echo = JSONataFunction(name: "echo", signature: "<s-n?:x>") { arguments in
            .array(arguments.map { $0 ?? "undefined" })
        }
        let fail = JSONataFunction(name: "fail", signature: "<s:s>") { _ throws(JSONataError) in
            throw JSONataError(code: "D9999", message: "host refused")
        }
        let cases: [(source: String, expected: JSON)] = [
            // Fits one to one: the arguments arrive as JSON.
            ("$echo(currency)", ["USD"]),
            ("$echo(customer.first_name, 2)", ["Bran", 2]),
            ("$echo('x', $count(line_items))", ["x", 2]),
        ]
        for (source, expected) in cases {
            let (fast, interpreter) = try both(source, order, functions: [echo, fail])
            #expect(interpreter == expected, "\(source)")
            #expect(fast == .some(interpreter), "\(source)")
        }
        // Arguments that do not fit the signature go to the general call, which reports the error.
        let wrong = try JSONataExpression("$echo(1)")
        #expect(wrong.fast?.run(order, bindings: [:], functions: [echo], limits: .default) == .none)
        #expect(throws: JSONataError.self) { try wrong.evaluate(order, functions: [echo]) }
        // A host function's error goes back to the interpreter, which reports it.
        let refused = try JSONataExpression("$fail(currency)")
        #expect(refused.fast?.run(order, bindings: [:], functions: [fail], limits: .default) == .none)
        #expect(throws: JSONataError.self) { try refused.evaluate(order, functions: [fail]) }
    }

    /// A native function's call as an operand (of arithmetic, a comparison, another call) reads its own
    /// operands in place and keeps the function's result as the value it is: sequences, doubles,
    /// direct built-ins and host functions, a shadowed built-in, errors.
    @Test func nativeCallsAsOperandsGiveTheInterpretersAnswer() throws {
        let factor = JSONataFunction(name: "factor", signature: "<s:n>") { arguments in
            arguments.first == "A" ? .number(JSONNumber(12)) : .number(JSONNumber(1))
        }
        let twice = JSONataFunction(name: "uppercase", signature: "<s:s>") { arguments in
            .string((arguments.first??.stringValue ?? "") + "!")
        }
        let sources = [
            "line_items.(quantity * $factor(sku))", "$sum(line_items.(quantity * $factor(sku)))", "line_items[$factor(sku) > 1].sku",
            "line_items.($number(price) * quantity)", "line_items.($length(sku) + $count(tax_lines))", "$count($split('a,b,c', ',')) * 2",
            "line_items.($round($number(price) / 3, 2) > 1)", "line_items.($substring(sku, 0, 1) = 'A')", "line_items.($uppercase(sku) = 'A!')",
            "line_items.($number(price) * $number('x'))", "line_items.($sum(tax_lines.$number(price)) + 1)", "line_items.($string(quantity) & 'x')",
            "line_items.($exists(missing) or $factor(sku) = 12)", "line_items.($factor(1) = 1)", "line_items.($power(2, quantity) - 1)",
            // Paths JSON mode reads in place as operands: a step per item, an order-by.
            "$sum(line_items.$number(price))", "$count(line_items.tax_lines.{ 'r': rate })", "$join(line_items^(>quantity).sku, ',')",
            "$string(line_items.(quantity * 2))", "$max(line_items.$number(price)) * 2", "$sum(line_items.(quantity > 2 ? quantity : 0))",
            "$count(line_items.($factor(sku)))", "$type(customer.{ 'n': first_name })", "$exists(line_items.(missing))",
        ]
        for source in sources {
            let expression = try JSONataExpression(source)
            // Errors (a cast that fails, a host function's signature refusing a number) are the interpreter's to report.
            let fast = expression.fast?.run(order, bindings: [:], functions: [factor, twice], limits: .default)
            #expect((fast != nil) != (source.contains("$number('x')") || source.contains("$factor(1)")), "\(source)")
            let evaluated = Result { try expression.evaluate(order, functions: [factor, twice]) }
            let interpreted = Result { try expression.interpret(order, bindings: [:], functions: [factor, twice], limits: .default) }
            switch (evaluated, interpreted) {
            case (.success(let a), .success(let b)): #expect(a == b, "\(source)")
            case (.failure(let a as JSONataError), .failure(let b as JSONataError)): #expect(a.code == b.code, "\(source)")
            default: Issue.record("\(source): \(evaluated) against \(interpreted)")
            }
        }
    }

    /// `$sort` with a comparator that compares its parameters' fields reads each field once per item
    /// and gives the interpreter's order (stable on equal keys) and errors, whatever the fields hold.
    @Test func keyedComparatorsSortAsTheInterpreter() throws {
        let input: JSON = [
            "rows": [
                ["id": 3, "date": "2025-02-01", "qty": 2, "tag": "b"], ["id": 1, "date": "2025-01-15", "qty": 2],
                ["id": 2, "date": "2025-02-01", "qty": 0, "tag": "a"], ["id": 5, "date": "2025-01-15", "qty": 7, "tag": "c"],
                ["id": 4, "date": "2025-03-09", "qty": 2, "tag": "a"],
            ],
            "mixed": [["k": 1], ["k": "x"], ["k": 2]], "nested": [["k": [2, 1]], ["k": [1]]], "words": ["pear", "apple", "fig"],
            "one": [["k": 1]],
        ]
        for source in [
            "$sort(rows, function($a, $b) { $a.date > $b.date }).id", "$sort(rows, function($l, $r) { $l.qty < $r.qty }).id",
            "$sort(rows, function($a, $b) { $b.qty >= $a.qty }).id", "$sort(rows, function($a, $b) { $a.qty <= $b.qty }).id",
            "$sort(rows, function($a, $b) { $a.date > $b.date or ($a.date = $b.date and $a.id > $b.id) }).id",
            "$sort(rows, function($a, $b) { $a.tag > $b.tag }).id", "$sort(rows, function($a, $b) { $a.tag != $b.tag and $a.id > 2 }).id",
            "$sort(words, function($a, $b) { $a > $b })", "$sort(rows, function($a, $b) { $a.missing > $b.missing }).id",
            "$sort(rows, function($a, $b) { ($a.qty > $b.qty) }).id", "$sort(rows, function($a, $b) { $a.qty > 1 and $b.qty = 0 }).id",
            "$sort(mixed, function($a, $b) { $a.k > $b.k }).k", "$sort(nested, function($a, $b) { $a.k > $b.k }).k",
            "$sort(one, function($a, $b) { $a.k > $b.k }).k", "$sort(rows, function($a, $b) { $a.qty > $b.qty })[0].id",
            "( $asc := true; $sort(rows, function($a, $b) { $asc ? $a.id > $b.id : $a.id < $b.id }).id )",
        ] {
            try expectTiersAgree(source, on: input)
        }
    }

    /// A path's last step after names runs in JSON mode on each item, whatever it is (a block, a call,
    /// a condition); a step that gives arrays for several items has them spliced by the general path.
    @Test func lastStepsAfterNamesGiveTheInterpretersAnswer() throws {
        let sources = [
            "line_items.( $q := quantity; { 'sku': sku, 'q': $q * 2 } )", "line_items.$uppercase(sku)",
            "line_items.(quantity > 2 ? sku : 'few')", "line_items.(sku & '-' & quantity)",
            "line_items.( [sku, quantity] )", "line_items.(tax_lines)", "line_items.( tax_lines.rate )",
            "customer.( { 'name': first_name & ' ' & last_name } )", "customer.( [first_name] )",
        ]
        try expectFastAnswers(sources)
    }

    /// A variable bound in a JSON-mode block to a path or constructor holds its JSON; paths from it
    /// read through arrays in place, with the interpreter's sequences.
    @Test func variablesHoldingJSONAreReadInPlace() throws {
        try expectFastAnswers([
            "( $lines := line_items; $lines.tax_lines.rate )", "( $lines := line_items; $count($lines.sku) )",
            "( $lines := line_items.{ 'sku': sku, 'taxes': tax_lines }; $lines.taxes.price )",
            "( $lines := line_items.{ 'sku': sku }; $lines[1].sku )", "( $c := customer; $c.first_name & $c.missing.name )",
            "( $all := [line_items, shipping_lines]; $all.price )", "( $lines := line_items; { 'n': $lines.quantity } )",
            // Names through arrays, then a step on each item, from the input and from a variable.
            "line_items.tax_lines.{ 'r': rate }", "line_items.tax_lines.( rate * 2 )", "( $l := line_items; $l.tax_lines.{ 'r': rate } )",
            "( $o := $; $o.line_items.tax_lines.( price & '!' ) )", "( $all := [line_items, shipping_lines]; $all.{ 'p': price } )",
            // A filtered name, then a step on each item that passes (or the items).
            "line_items[quantity > 2].{ 'sku': sku }", "line_items[quantity > 0].( $q := quantity; sku & $q )", "line_items[-1].sku",
            "$.line_items[0].{ 'first': sku }", "line_items[[0, 1]].sku", "line_items[missing].sku", "customer[first_name = 'Bran'].email",
            "line_items[quantity > 2][0].( sku )", "shipping_lines[$number(price) > 2].{ 'p': price }",
        ])
    }

    /// Names filtered by predicates anywhere in a path (`data[0].card.brand`), from the context, `$$`
    /// or a variable, through arrays, and one name with predicates on its own (`rows[0]`), are read
    /// in place with the interpreter's sequences; what they cannot model (arrays among the items,
    /// predicates that fail) gives the interpreter's answer or error.
    @Test func filteredNamesAnywhereAreReadInPlace() throws {
        let input: JSON = [
            "orders": [
                ["id": "o1", "lines": [["sku": "A", "qty": 2, "card": ["brand": "visa"]], ["sku": "B", "qty": 0]]],
                ["id": "o2", "lines": [["sku": "C", "qty": 5, "card": ["brand": "amex"]]]],
                ["id": "o3", "lines": []],
                ["id": "o4", "lines": ["sku": "D", "qty": 1]],
            ],
            "data": ["object": ["charges": ["data": [["id": "ch_1", "card": ["exp": 12]], ["id": "ch_2", "card": ["exp": 1]]]], "latest": "ch_2"]],
            "grid": [[["v": 1], ["v": 2]], [["v": 3]]], "scalar": 7, "tags": ["a", "b", "c"], "status": "paid", "n": 2,
        ]
        let inPlace = [
            "data.object.charges.data[0].card.exp", "data.object.charges.data[-1].card.exp", "data.object.charges.data[2].card.exp",
            "data.object.charges.data[id = $$.data.object.latest].card.exp", "( $pi := data.object; $pi.charges.data[id = $pi.latest].id )",
            "( $pi := data.object; $pi.charges.data[0] )", "orders.lines[0].sku", "orders.lines[qty > 0].sku", "orders.lines[-1]",
            "orders[id = 'o2'].lines.sku", "orders[1].lines[0].card.brand", "orders.lines[card].card.brand", "orders[0].lines[[0, 1]].qty",
            "orders.lines[qty > 0][0].sku", "orders.lines[qty > 0].{ 'sku': sku }", "orders[0].lines[0].( sku & '!' )", "$$.orders[3].lines[0]",
            "orders[0]", "orders[-1].id", "tags[0]", "tags[$ != 'b']", "scalar[0]", "scalar[1]", "missing[0]", "orders[missing].id",
            "{ 'first': orders[0].lines[0].sku, 'brands': orders.lines[card].card.brand }", "$count(orders.lines[qty > 0])",
            "$sum(orders.lines[qty > 0].qty)", "$string(data.object.charges.data[0].card.exp)", "$uppercase(orders[1].lines[0].sku)",
            "orders.( $o := $; lines[0].sku & $o.id )", "orders[n].id", "orders[[0, n]].id",
            "status in ['paid', 'refunded']", "status in ['open']", "missing in ['a']", "n in [1, 2]", "scalar in [null, true, 7]",
            "orders.(id in ['o1', 'o3'])", "tags in ['a']",
            // Operators on operands read in place: in predicates, steps and members.
            "orders.lines[qty > 1 and card].sku", "orders.lines[qty < 1 or sku = 'C'].sku", "orders.lines.(qty * 2 + 1)",
            "orders.lines.{ 'big': qty >= 2, 'ratio': qty / 4, 'odd': qty % 2 != 0 }", "orders.lines[sku != 'A'][qty <= 5].sku",
            "orders.lines.(sku > 'B')", "orders.lines.(missing < 1)", "orders.lines[qty > 0 and missing].sku", "orders.(id = 'o1')",
            // A variable's own predicates filter its value's items first.
            "( $o := orders; $o[1].lines.sku )", "( $o := orders; $o[id = 'o2'] )", "( $o := orders; $o[lines[qty > 1]].id )",
            "( $o := orders; $o[0].lines[qty > 0].{ 'sku': sku } )", "( $o := orders; $o[5] )", "( $t := tags; $t[-1] )",
            "( $s := scalar; $s[0] )", "( $o := orders; $count($o[id != 'o1']) )", "( $o := orders; $o[[0, 2]].id )",
            // Groupings over a variable's items, or over names from it.
            "( $o := orders; $o{id: $count(lines)} )", "( $l := orders.lines; $l{sku: $sum(qty)} )", "( $o := orders; $o.lines{sku: qty} )",
            "( $t := tags; $t{$: 1} )", "( $l := orders.lines.{ 'rate': qty, 'sku': sku }; $l{$string(rate): { 'n': $count(sku) }} )",
            // Bindings computed on operands read in place.
            "orders.( $n := $count(lines[qty > 0]); id & $string($n) )", "( $first := orders[0].lines[0]; $first.sku )",
            "orders.lines.( $d := qty * 2 + 1; $d > 3 ? sku : $d )", "( $b := orders[1].lines[0].card.brand; $uppercase($b) )",
            "( $none := missing * 2; $exists($none) )",
        ]
        for source in inPlace {
            let (fast, interpreter) = try both(source, input)
            #expect(fast != nil, "\(source) was handed back")
            #expect(fast == .some(interpreter), "\(source)")
        }
        // Arrays among the items, predicates that fail, an array context under a name's own predicates.
        for source in [
            "grid[0].v", "grid.v[0]", "grid[0]", "orders.lines[$number('x') > 0].sku", "orders.lines[qty > 'a'].sku",
            "orders.lines[0].sku[0]", "orders.( lines[0] )", "tags.( $[0] )", "orders.lines.( $[qty > 0] )",
            "orders.lines.(qty > 'a')", "orders.lines.(sku * 2)", "orders.lines.(qty / 0)", "orders.lines[card > 1].sku",
            "orders.lines.(card = card)", "grid.(v + 1)", "orders.lines.( $bad := sku * 2; $bad )", "( $g := grid; $g[0].v )",
            "( $g := grid; $g[0] )", "( $o := orders; $o[id * 2] )",
        ] {
            try expectTiersAgree(source, on: input)
        }
    }

    /// Built-ins called directly with one argument (no argument array, no signature check) answer
    /// what the library's general call answers, and leave what their signatures reject to it.
    @Test func directBuiltinsAnswerAsTheGeneralCall() throws {
        try expectFastAnswers([
            "$number(line_items[0].price)", "$number('0x1F')", "$number(true)", "$number(missing)", "line_items.$number(price)",
            "$trim('  a  b ')", "$trim(missing)", "$not(0)", "$not(missing)", "$not(line_items)", "$boolean('')",
            "$exists(missing)", "$exists(customer)", "$count(line_items)", "$count(missing)", "$count(currency)",
            "$sum(line_items.quantity)", "$sum(5)", "$sum(missing)", "$sum([])",
        ])
        for source in ["$number('abc')", "$number([1])", "$sum(['a'])", "$trim(5)", "$sum(line_items.sku)"] {
            let expression = try JSONataExpression(source)
            #expect(expression.fast?.run(order, bindings: [:], functions: [], limits: .default) == JSON??.none, "\(source) answered in the fast tier")
            #expect(throws: JSONataError.self, "\(source)") { try expression.evaluate(order) }
        }
    }

    /// A grouping's several items are handed to its value as one array, read in place when they are input JSON.
    @Test func groupsOfInputItemsAreReadAsJSON() throws {
        let source = "(line_items ~> $append(shipping_lines)){ $exists(sku) ? 'goods' : 'shipping': { 'prices': price, 'rates': tax_lines.rate } }"
        let (fast, interpreter) = try both(source, order)
        #expect(interpreter == ["goods": ["prices": ["49.00", "0.10"], "rates": 0.06], "shipping": ["prices": ["4.00", "1.50"]]])
        #expect(fast == .some(interpreter))
    }

    /// An object constructor with literal keys over several items evaluates each value once, on all
    /// of them, in constructor order (a grouping where every item falls in every key's group).
    @Test func literalKeysOverSeveralItemsTakeThemAll() throws {
        let source = "line_items{ 'skus': sku, 'quantity': $sum(quantity), 'none': missing, 'count': $count(sku) }"
        let (fast, interpreter) = try both(source, order)
        #expect(interpreter == ["skus": ["A", "B"], "quantity": 5, "count": 2])
        #expect(try JSONataExpression(source).interpret(order, bindings: [:], functions: [], limits: .default)?.objectValue?.keys == ["skus", "quantity", "count"])
        #expect(fast == .some(interpreter))
    }

    @Test func concurrentEvaluationsAgree() async throws {
        let expression = try JSONataExpression("[line_items.{ 'sku': sku, 'q': $string(quantity) }]")
        let expected = try expression.interpret(order, bindings: [:], functions: [], limits: .default)
        let order = self.order
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<200).allSatisfy { _ in (try? expression.evaluate(order)) == expected } }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 })
    }
}

/// Strings order as JavaScript orders them, by UTF-16 code units, in both tiers.
@Suite struct StringOrderTests {
    @Test func stringsCompareByUTF16CodeUnits() throws {
        // U+FF5E (fullwidth tilde) is above U+1F600 (emoji) in code points but below its surrogates.
        #expect(CodePointText.order("\u{1F600}", "\u{FF5E}") == -1)
        #expect(CodePointText.order("\u{FF5E}", "\u{1F600}") == 1)
        #expect(CodePointText.order("abc", "abd") == -1 && CodePointText.order("ab", "abc") == -1 && CodePointText.order("é", "é") == 0)
        // Not normalized: precomposed é (U+00E9) sorts after e + U+0301.
        #expect(CodePointText.order("\u{E9}", "e\u{301}") == 1)
        let cases: [(source: String, expected: JSON)] = [
            ("'\u{1F600}' < '\u{FF5E}'", true),
            ("$sort(['\u{FF5E}', '\u{1F600}', 'b', 'a'])", ["a", "b", "\u{1F600}", "\u{FF5E}"]),
            ("['\u{FF5E}', '\u{1F600}']^($)", ["\u{1F600}", "\u{FF5E}"]),
            ("$sort(['b', 'a', 'c'], function($x, $y) { $x > $y })", ["a", "b", "c"]),
        ]
        for (source, expected) in cases {
            let expression = try JSONataExpression(source)
            #expect(try expression.interpret(nil, bindings: [:], functions: [], limits: .default) == expected, "\(source)")
            #expect(try expression.evaluate(nil) == expected, "\(source)")
        }
    }

    /// `$merge` of JSON objects builds one JSON object, later members replacing earlier ones in place.
    @Test func mergeKeepsFirstPositionsAndLastValues() throws {
        let expression = try JSONataExpression("$merge([{'a': 1, 'b': 2}, {'c': 3, 'a': 4}, {'b': null}])")
        let merged = try expression.evaluate(nil)
        #expect(merged == ["a": 4, "b": nil, "c": 3])
        #expect(merged?.objectValue?.keys == ["a", "b", "c"])
    }
}
