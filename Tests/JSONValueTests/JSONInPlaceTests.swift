import JSONValue
import Testing

/// The in-place view reads exactly what the ordinary `switch` binds, on this toolchain.
@Suite struct JSONInPlaceTests {
    @Test func theLayoutItReliesOnHoldsHere() {
        #expect(JSONInPlace.layoutHolds)
    }

    @Test func readsEveryKindWhereItLies() throws {
        let document = try JSON.parse(#"""
            {"id": "820982911946154508", "note": "a string well beyond fifteen bytes, with é and 😀",
             "n": 820982911946154508.25, "ok": false, "none": null, "lines": [1, "two", {"x": []}]}
            """#)
        guard case .object(let object) = document else { Issue.record("not an object"); return }
        withUnsafePointer(to: document) { pointer in
            let root = JSONInPlace(pointer)
            #expect(root.kind == .object)
            let (keys, values) = root.members
            #expect(Array(keys) == object.keys)
            #expect(Array(values) == object.values)
            for (i, value) in values.enumerated() {
                let member = JSONInPlace(values.baseAddress! + i)
                #expect(member.kind == value.kind)
                switch value {
                case .string(let text): #expect(member.string.pointee == text)
                case .number(let number): #expect(member.number.pointee == number)
                case .bool(let flag): #expect(member.bool == flag)
                case .array(let elements): #expect(Array(member.elements) == elements)
                case .null, .object: break
                }
            }
        }
    }

    @Test func inlineUTF8IsTheStringsBytesForSmallStringsOnly() {
        for text in ["", "USD", "49.21", "é", "😀12345678901", "123456789012345"] {
            withUnsafePointer(to: text) { pointer in
                #expect(JSONInPlace.inlineUTF8(of: pointer).map(Array.init) == Array(text.utf8), "\(text)")
            }
        }
        for text in ["1234567890123456", String(repeating: "é", count: 8)] {
            withUnsafePointer(to: text) { #expect(JSONInPlace.inlineUTF8(of: $0) == nil, "\(text)") }
        }
    }
}
