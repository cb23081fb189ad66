import JSONValue
import JSONata
import Testing

/// Regular expressions in mappings cannot outrun the evaluation's limits.
@Suite struct RegexLimitTests {
    @Test func aCatastrophicPatternAnswersInsteadOfBacktrackingForSeconds() throws {
        // `^(a+)+$` on 30 a's and a "!" takes a plain backtracker 2^30 steps; here it is linear.
        let input: JSON = ["s": .string(String(repeating: "a", count: 5_000) + "!")]
        #expect(try JSONataExpression("$match(s, /^(a+)+$/)").evaluate(input) == nil)
        #expect(try JSONataExpression("$contains(s, /^(a|aa)+$/)").evaluate(input) == false)
        #expect(try JSONataExpression("$count($match(s, /a+/))").evaluate(input) == 1)
    }

    @Test func theTimeLimitHoldsInsideARegexCall() throws {
        let input: JSON = ["s": .string(String(repeating: "ab", count: 500_000))]
        let error = #expect(throws: JSONataError.self) {
            try JSONataExpression("$match(s, /(a|b)*c/)").evaluate(input, limits: EvaluationLimits(timeout: .microseconds(1)))
        }
        #expect(error?.code == "U1001")
    }

    @Test func regexResultsKeepTheirOffsetsAndGroups() throws {
        let result = try JSONataExpression("$match('héllo wörld', /(w)(ö)?r/)").evaluate(nil)
        #expect(result?["match"] == "wör")
        #expect(result?["index"] == 6)
        #expect(result?["groups"] == ["w", "ö"])
        #expect(try JSONataExpression("$split('a1b22c', /[0-9]+/)").evaluate(nil) == ["a", "b", "c"])
        #expect(try JSONataExpression("$replace('2024-01-31', /(\\d+)-(\\d+)-(\\d+)/, '$3.$2.$1')").evaluate(nil) == "31.01.2024")
        #expect(try JSONataExpression("'ABC' ~> /b/i").evaluate(nil)?["match"] == "B")
    }

    @Test func anInvalidPatternIsASyntaxError() {
        let error = #expect(throws: JSONataError.self) { try JSONataExpression("$match('a', /(a/)") }
        #expect(error?.code == "S0302")
    }
}

/// Work inside one step counts against the time limit too.
@Suite struct WorkLimitTests {
    /// Found by fuzzing: a lambda that doubles an array on each call (and never ends) took few
    /// evaluation steps, so the clock, checked every 1,024 steps, was not read until memory ran out.
    @Test func anArrayDoublingOnEveryCallEndsAtTheLimit() {
        let source = "($f := function($s, $x)<an:s> { $x > 0 ? $f([$s, $s], $x-0) : $s}; $f('a', 2))"
        let error = #expect(throws: JSONataError.self) {
            try JSONataExpression(source).evaluate(nil, limits: EvaluationLimits(timeout: .milliseconds(50), maxDepth: 200, maxOutputItems: 100_000))
        }
        #expect(error?.code == "U1001" || error?.code == "U1002", "\(String(describing: error))")
        let appending = "($f := function($s) { $f($append($s, $s)) }; $f([1]))"
        #expect(throws: JSONataError.self) { try JSONataExpression(appending).evaluate(nil) }
    }

    /// Found by fuzzing (session 6): the fast tier turned a ten-million-item range into JSON item by
    /// item without looking at the clock, so the evaluation outran its limit by seconds.
    @Test func aHugeRangeEndsAtTheTimeLimitInEitherTier() {
        let error = #expect(throws: JSONataError.self) {
            try JSONataExpression("[1..10000000] ~> $count()").evaluate(nil, limits: EvaluationLimits(timeout: .milliseconds(1)))
        }
        #expect(error?.code == "U1001", "\(String(describing: error))")
    }

    /// Found by fuzzing under load (session 10): building the ten million items asked no clock, so
    /// the limit was only seen after them. The range operator itself now stops at the limit: the
    /// timeout is reported at its position, where its size error is.
    @Test func theRangeOperatorAsksTheClockWhileBuilding() {
        let timeout = #expect(throws: JSONataError.self) {
            try JSONataExpression("[1..10000000] ~> $count()").evaluate(nil, limits: EvaluationLimits(timeout: .zero))
        }
        let tooLarge = #expect(throws: JSONataError.self) { try JSONataExpression("[1..100000000] ~> $count()").evaluate(nil) }
        #expect(timeout?.code == "U1001" && tooLarge?.code == "D2014")
        #expect(timeout?.position == tooLarge?.position, "\(String(describing: timeout)) vs \(String(describing: tooLarge))")
    }
}
