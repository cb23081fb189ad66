import JSONValue
import Testing

@Suite struct JSONValueTests {
    @Test func largeShopifyIdRoundTripsExactly() throws {
        let text = ##"{"id":820982911946154508,"name":"#1001"}"##
        let json = try JSON.parse(text)
        #expect(json["id"]?.numberValue?.text == "820982911946154508")
        #expect(json.serialized() == text)
    }

    @Test func keepsKeyOrderAndBooleansApartFromNumbers() throws {
        let json = try JSON.parse(#"{"b":true,"a":1,"c":[false,0]}"#)
        #expect(json.objectValue?.keys == ["b", "a", "c"])
        #expect(json["b"] == .bool(true))
        #expect(json["b"] != .integer(1))
        #expect(json["c"]?.arrayValue?[0] != json["c"]?.arrayValue?[1])
    }

    @Test func numbersCompareAsExactDecimals() throws {
        #expect(try JSON.parse("1") == JSON.parse("1.0"))
        #expect(try JSON.parse("1e2") == JSON.parse("100"))
        #expect(try JSON.parse("820982911946154508") != JSON.parse("820982911946154500"))
        #expect(try JSON.parse("0.1") != JSON.parse("0.10000000000000001"))
    }

    @Test(arguments: [
        ("{\"a\":1,}", 7), ("[1 2]", 3), ("\"abc", 4), ("{\"a\" 1}", 5), ("01", 1), ("[1]x", 3),
    ])
    func rejectsMalformedInputWithItsOffset(text: String, offset: Int) {
        #expect(throws: JSONParseError.self) { try JSON.parse(text) }
        do {
            _ = try JSON.parse(text)
        } catch {
            #expect(error.offset == offset, "\(error)")
        }
    }

    @Test func enforcesSizeAndDepthLimits() {
        let deep = String(repeating: "[", count: 70) + String(repeating: "]", count: 70)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep, limits: JSONParseLimits(maxBytes: 1000, maxDepth: 64)) }
        #expect(throws: JSONParseError.self) { try JSON.parse("[1,2,3]", limits: JSONParseLimits(maxBytes: 4, maxDepth: 64)) }
        #expect((try? JSON.parse(deep, limits: JSONParseLimits(maxBytes: 1000, maxDepth: 80))) != nil)
    }

    @Test func serializesEscapesAndUnicode() throws {
        let json: JSON = ["s": .string("a\"b\\c\n\u{01}é😀")]
        let text = json.serialized()
        #expect(text == #"{"s":"a\"b\\c\n\u0001é😀"}"#)
        #expect(try JSON.parse(text) == json)
        #expect(try JSON.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func jsonPointerResolvesAndEscapes() throws {
        let json = try JSON.parse(#"{"a/b":{"m~n":[10,20]}}"#)
        let pointer = try #require(JSONPointer("/a~1b/m~0n/1"))
        #expect(json[pointer: pointer] == .integer(20))
        #expect(pointer.description == "/a~1b/m~0n/1")
        #expect(json[pointer: JSONPointer("/a~1b/m~0n/01")!] == nil)
        #expect(JSONPointer("no-slash") == nil)
    }

    @Test func doublesFormatLikeJavaScript() {
        #expect(JSONNumber(6.0).text == "6")
        #expect(JSONNumber(0.1 + 0.2).text == "0.30000000000000004")
        #expect(JSONNumber(1e21).text == "1e+21")
        #expect(JSONNumber(1e-7).text == "1e-7")
        #expect(JSONNumber(123.456).text == "123.456")
        #expect(JSONNumber(-0.000001).text == "-0.000001")
    }

    /// A number made from a double keeps no text until asked: its text, equality, integer test and
    /// in-place reading give what the text would.
    @Test func numbersFromDoublesWriteTheirTextWhenAsked() throws {
        let computed = JSONNumber(2777.39 * 0.05)
        #expect(computed.isBinary)
        #expect(computed.text == "138.8695")
        #expect(JSON.number(computed).serialized() == "138.8695")
        #expect(computed == JSONNumber(uncheckedText: "138.8695"))
        #expect(JSONNumber(uncheckedText: "138.869500") == computed)
        #expect(computed != JSONNumber(138.86950000000002))
        #expect(JSONNumber(42.0).isInteger && JSONNumber(42.0).intValue == 42)
        #expect(!computed.isInteger && computed.intValue == nil)
        let number = JSON.number(JSONNumber(1e21))
        withUnsafePointer(to: number) { pointer in
            let inPlace = JSONInPlace(pointer)
            #expect(inPlace.kind == .number)
            let numberPointer = inPlace.number
            #expect(JSONInPlace.text(of: numberPointer) == nil)
            #expect(numberPointer.pointee.text == "1e+21")
            #expect(JSONInPlace.isInteger(numberPointer))
        }
    }

    @Test func diffNamesChangedAddedAndRemovedFields() throws {
        let a = try JSON.parse(#"{"x":1,"y":[1,2],"z":"keep"}"#)
        let b = try JSON.parse(#"{"x":2,"y":[1],"z":"keep","w":true}"#)
        let diff = a.differences(to: b).map(\.description)
        #expect(diff == ["~ /x: expected 1, got 2", "- /y/1: 2", "+ /w: true"])
    }
}
