@testable import JSONata
import JSONValue
import Testing

/// Expects `source` to give on `input` through ``JSONataExpression/evaluate(_:bindings:functions:limits:)``
/// (the fast tier when it answers) what the interpreter gives: the same answer, or an error with the
/// same code.
func expectTiersAgree(_ source: String, on input: JSON?, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let expression = try JSONataExpression(source)
    let interpreted = Result { try expression.interpret(input, bindings: [:], functions: [], limits: .default) }
    let evaluated = Result { try expression.evaluate(input) }
    switch (interpreted, evaluated) {
    case (.success(let a), .success(let b)): #expect(a == b, "\(source)", sourceLocation: sourceLocation)
    case (.failure(let a as JSONataError), .failure(let b as JSONataError)): #expect(a.code == b.code, "\(source)", sourceLocation: sourceLocation)
    default: Issue.record("\(source): \(interpreted) against \(evaluated)", sourceLocation: sourceLocation)
    }
}
