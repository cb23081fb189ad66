import JSONValue
@testable import JSONata
import Testing

/// Loop-invariant parts of a loop are computed once per entry into the loop (FastCompiler+Hoisting.swift),
/// with the interpreter's answer, errors where the interpreter has them, and nothing cached that the
/// loop can change.
@Suite struct HoistingTests {
    let ledger: JSON = [
        "account": "ACME",
        "entries": [
            ["id": "a", "amount": "10.50", "qty": 1], ["id": "b", "amount": "99.00", "qty": 3],
            ["id": "c", "amount": "99.00", "qty": 2], ["id": "d", "amount": "7.25", "qty": 5],
        ],
    ]

    /// The fast tier's answer (`nil`: handed back), the interpreter's, and how many parts were hoisted.
    func run(_ source: String, _ input: JSON?, functions: [JSONataFunction] = []) throws -> (fast: JSON??, interpreter: JSON?, hoisted: Int?) {
        let expression = try JSONataExpression(source)
        let fast = expression.fast?.run(input, bindings: [:], functions: functions, limits: .default)
        return (fast, try expression.interpret(input, bindings: [:], functions: functions, limits: .default), expression.fast?.hoistedCount)
    }

    @Test func invariantPartsOfLoopsAreHoistedWithTheInterpretersAnswer() throws {
        // `hoisted`: how many parts at least are cached (0: none).
        let cases: [(source: String, hoisted: Int, expected: JSON)] = [
            // A predicate comparing each item with an aggregate of the whole set.
            ("( $e := entries; $e[$number(amount) = $max($e.$number(amount))].id )", 1, ["b", "c"]),
            ("entries[qty > $average($$.entries.qty)].id", 1, ["b", "d"]),
            // An object constructor per item reading the root.
            ("entries.{ 'id': id, 'of': $uppercase($$.account) }", 1, [["id": "a", "of": "ACME"], ["id": "b", "of": "ACME"], ["id": "c", "of": "ACME"], ["id": "d", "of": "ACME"]]),
            // A lambda passed to $map, whose body reads an outer aggregate.
            ("( $total := $sum(entries.qty); $map(entries, function($e) { $e.qty / $total * 100 }) )", 0, [9.090909090909092, 27.27272727272727, 18.181818181818183, 45.45454545454545]),
            ("$map(entries, function($e) { $e.qty / $sum($$.entries.qty) })", 1, [0.09090909090909091, 0.2727272727272727, 0.18181818181818182, 0.45454545454545453]),
            // A grouping whose values read the root.
            ("entries{ amount: $count($$.entries) }", 1, ["10.50": 4, "99.00": 4, "7.25": 4]),
        ]
        for (source, hoisted, expected) in cases {
            let (fast, interpreter, count) = try run(source, ledger)
            #expect(interpreter == expected, "\(source)")
            #expect(fast == .some(interpreter), "\(source)")
            // Parts compiled in both modes (JSON, and the value form it falls back on) are hoisted in each.
            #expect(hoisted == 0 ? count == 0 : (count ?? 0) >= hoisted, "\(source): \(count.map(String.init) ?? "no fast form") hoisted")
        }
    }

    @Test func whatReadsTheItemOrTheLoopsVariablesIsNotHoisted() throws {
        let cases: [(source: String, expected: JSON)] = [
            // A context-default parameter takes each item: `$uppercase()` reads it.
            ("['a', 'b'][$uppercase() = 'B']", "b"),
            ("entries[$string() != ''].id", ["a", "b", "c", "d"]),
            // A lambda's parameter changes from call to call: the inner predicate's cache is refilled
            // on every entry.
            ("$map([1, 3], function($n) { $count(entries[qty >= $max([$n, 0])]) })", [4, 2]),
            // A block binding inside the loop.
            ("entries.( $q := qty; $sum($$.entries[qty = $q].qty) )", [1, 3, 2, 5]),
            // $random is asked every time.
            ("$count(entries[$random() >= 0])", 4),
        ]
        for (source, expected) in cases {
            let (fast, interpreter, _) = try run(source, ledger)
            #expect(interpreter == expected, "\(source)")
            #expect(fast == .some(interpreter), "\(source)")
        }
    }

    @Test func anEmptyLoopEvaluatesNothing() throws {
        // Lazily filled: a failing invariant part is never reached when no item needs it.
        let source = "nothing[$error('never') = 1]"
        let (fast, interpreter, count) = try run(source, ledger)
        #expect((count ?? 0) >= 1)
        #expect(interpreter == nil)
        #expect(fast == .some(nil))
        // And an error where the interpreter has it when an item does.
        #expect(throws: JSONataError.self) { try JSONataExpression("entries[$error('always') = 1]").evaluate(ledger) }
    }

    @Test func aHostFunctionWithABuiltinsNameIsCalledEveryTime() throws {
        let calls = Counter()
        let max = JSONataFunction(name: "max", signature: "<a<n>:n>") { arguments in
            .number(JSONNumber(Double(calls.increment())))
        }
        let source = "$count(entries[qty >= $max([1])])"
        let expression = try JSONataExpression(source)
        let fast = expression.fast?.run(ledger, bindings: [:], functions: [max], limits: .default)
        // Called once per item: 1, 2, 3, 4 against qty 1, 3, 2, 5.
        #expect(fast == .some(3))
        #expect(calls.value == 4)
    }
}

/// A count shared with a host function.
private final class Counter: @unchecked Sendable {
    private(set) var value = 0

    func increment() -> Int {
        value += 1
        return value
    }
}

