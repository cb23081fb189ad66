import BoundedRegex
import JSONSchema
import FuzzDriver
import JSONValue

/// A schema and an instance (split at the first NUL byte): compiled and validated; and the schema's
/// text as a regular expression over the instance's text. Errors are fine; traps and hangs are not,
/// and neither are two answers that differ: the regex automaton's and the backtracking matcher's, the
/// flag form's and the annotation-collecting walk's.
@_cdecl("FuzzSchema_main")
public func fuzzSchemaMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runFuzzer(argc, argv) { data, count in fuzzSchema(Array(UnsafeBufferPointer(start: data, count: count))) }
}

func fuzzSchema(_ bytes: [UInt8]) -> CInt {
    let split = bytes.firstIndex(of: 0) ?? bytes.count
    let rest = split < bytes.count ? Array(bytes[(split + 1)...]) : []
    if let pattern = try? BoundedRegex(String(decoding: bytes[..<split], as: UTF8.self)) {
        let text = String(decoding: rest, as: UTF8.self)
        let matches = try? pattern.allMatches(in: text.unicodeScalars.map(\.value))
        if let matches, let answer = try? pattern.automatonAnswer(text) {
            precondition(answer == !matches.isEmpty, "the automaton and the matcher disagree on /\(pattern.pattern)/")
        }
    }
    guard let schema = try? JSON.parse(Array(bytes[..<split])), let instance = try? JSON.parse(rest) else { return 0 }
    guard let validator = try? JSONSchemaValidator(schema, uri: "urn:fuzz", options: .init(assertFormats: true), resolver: { _ in nil }) else { return 0 }
    let valid = validator.isValid(instance)
    _ = validator.validate(instance)
    precondition(valid == validator.validate(instance, collectAnnotations: true).errors.isEmpty, "the flag form and the walk disagree")
    return 0
}
