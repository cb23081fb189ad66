@testable import JSONata
import JSONValue
import Testing

/// `$fromMillis` without a picture writes ISO 8601 bytes directly for years 0–9999 and as before
/// beyond; pictures write zero-padded digit markers directly. Checked at the edges of both.
@Suite struct DateFormattingTests {
    @Test(arguments: [
        (0 as Int64, "1970-01-01T00:00:00.000Z"), (-1, "1969-12-31T23:59:59.999Z"),
        (1_732_112_000_123, "2024-11-20T14:13:20.123Z"), (951_782_400_000, "2000-02-29T00:00:00.000Z"),
        (253_402_300_799_999, "9999-12-31T23:59:59.999Z"), (253_402_300_800_000, "10000-01-01T00:00:00.000Z"),
        (-62_167_219_200_000, "0000-01-01T00:00:00.000Z"),
    ])
    func isoTimestampsAtTheEdges(millis: Int64, expected: String) {
        #expect(DateFormatting.iso8601(millis: millis) == expected)
    }

    @Test func digitMarkersArePaddedAndYearsCutToTheirWidth() throws {
        let cases: [(String, String)] = [
            ("$fromMillis(1732112000123, '[Y0001]-[M01]-[D01] [H01]:[m01]:[s01]')", "2024-11-20 14:13:20"),
            ("$fromMillis(1732112000123, '[Y,2]/[M]/[D]')", "24/11/20"),
            ("$fromMillis(1732112000123, '[Y01]')", "24"),
            ("$fromMillis(1732112000123, '[D1o] [MNn] [Y]')", "20th November 2024"),
            ("$fromMillis(1732112000123, '[H01]:[m01]', '-0500')", "09:13"),
            ("$fromMillis(1732112000123, '[Y0001]-[M01]-[D01]', '+1400')", "2024-11-21"),
            ("$fromMillis(1732112000123, '[M001]:[D#1]')", "011:20"),
        ]
        for (source, expected) in cases {
            #expect(try JSONataExpression(source).evaluate(nil) == .string(expected), "\(source)")
        }
    }

    /// A time zone or instant from a payload may be any size: huge offsets are no offset, and local
    /// times saturate at the ends of the range, instead of trapping on overflow (found in review:
    /// `$fromMillis(0, '[Y]', '+99999999999999999')` aborted the process).
    @Test func hostileOffsetsAndInstantsDoNotTrap() throws {
        #expect(DateTimeFormatter.offsetMinutes("+99999999999999999999") == nil)
        #expect(DateTimeFormatter.offsetMinutes("-0130") == -90)
        #expect(CivilTime.shifted(.max, byMinutes: 60) == .max)
        #expect(CivilTime.shifted(.min, byMinutes: -60) == .min)
        #expect(CivilTime.shifted(0, byMinutes: .max) == .max)
        #expect(CivilTime.dayAndTime(of: .min).millisecond >= 0)
        #expect(CivilTime.dayAndTime(of: -1) == (-1, 86_399_999))
        for source in [
            "$fromMillis(0, '[Y]', '+99999999999999999')", "$fromMillis(1e300, '[Y]', '+9999')", "$fromMillis(-1e300, '[Y]', '-9999')",
            "$fromMillis(-1e300)", "$now('[Y]', '+99999999999999999')", "$toMillis('2024-01-01 +999999999999', '[Y]-[M]-[D] [Z]')",
        ] {
            _ = try? JSONataExpression(source).evaluate(nil)
        }
        // An offset of 10^15 hours saturates: a date is still written.
        #expect(try JSONataExpression("$fromMillis(0, '[Y0001]-[M01]-[D01]', '+99999999999999999')").evaluate(nil)?.stringValue != nil)
    }

    /// Offsets in their usual forms are read from the bytes; every form keeps the answer the general
    /// reading gives (Swift's `Int` parsing, which also takes a second sign).
    @Test(arguments: [
        ("+0530", 330), ("-0500", -300), ("+05:30", 330), ("-5", -300), ("+12", 720), ("+130", 90), ("+0", 0),
        ("+:30", nil), ("+5:", nil), ("+", nil), ("0530", nil), ("+05:30:00", nil), ("+5a", nil), ("+-5:30", -270),
        ("+999999999999999", 9_999_999_999_999 * 60 + 99), ("+99999999999999999999", nil),
    ] as [(String, Int?)])
    func offsetsInEveryForm(text: String, minutes: Int?) {
        #expect(DateTimeFormatter.offsetMinutes(text) == minutes)
    }
}
