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
            // Names cased and cut byte by byte; timezone and fraction presentations read from their bytes.
            ("$fromMillis(1732112000123, '[FNn] [FN] [Fn] [MNn,3-3] [MN,3-3] [Mn,1-1] [FNn,2-2]')", "Wednesday WEDNESDAY wednesday Nov NOV n We"),
            ("$fromMillis(1732112000123, '[PN] [Pn]', '-0500')", "AM am"),
            ("$fromMillis(1732112000123, '[Z] [Z01:01] [Z0101] [Z0] [z]', '+0530')", "+05:30 +05:30 +0530 +5:30 GMT+05:30"),
            ("$fromMillis(1732112000123, '[f001] [f01] [f1] [f0001]')", "123 12 1 1230"),
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

/// `$toMillis` with a picture of ASCII literals and decimal numbers reads the text step by step
/// instead of matching the regex; on any text, both must agree.
@Suite struct DatePictureStepsTests {
    @Test func readingStepsAgreesWithTheRegex() throws {
        let pictures = [
            "[D01]/[M01]/[Y0001] [H01]:[m01]", "[Y0001]-[M01]-[D01]", "[Y]-[M]-[D]T[H]:[m]:[s]", "[D1].[M1].[Y]", "[Y,4-4][M01][D01]",
            "[Y0001][M01][D01]", "[H01]h[m01]", "[Y,2]-[M,1-2]-[D#1]", "[d001]/[Y0001]", "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01]",
        ]
        let alphabet = Array("0123456789/-:.Th ".utf8) + [UInt8(ascii: "t"), UInt8(ascii: "H")]
        var generator = SystemRandomNumberGenerator()
        var steps = 0, parsed = 0
        for picture in pictures {
            let plan = try Pictures.dateParsePlan(picture)
            if plan.plainSteps != nil { steps += 1 }
            let samples = try (0..<3_000).map { _ in
                // Mutations of a matching text, and random texts from the picture's alphabet.
                let seed = try JSONataExpression("$fromMillis(\(Int.random(in: 0...4_000_000_000_000, using: &generator)), '\(picture)')").evaluate(nil)?.stringValue ?? ""
                var bytes = Array(seed.utf8)
                for _ in 0..<Int.random(in: 0...2, using: &generator) where !bytes.isEmpty {
                    let i = Int.random(in: 0..<bytes.count, using: &generator)
                    switch Int.random(in: 0..<3, using: &generator) {
                    case 0: bytes[i] = alphabet.randomElement(using: &generator)!
                    case 1: bytes.remove(at: i)
                    default: bytes.insert(alphabet.randomElement(using: &generator)!, at: i)
                    }
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            for text in samples + ["", "12/03/2026 10:00", "999999999999999999999-01-01", "2026-1-1", "2026-01-01T10:00:00"] {
                let stepped = try? DateTimeParser.parse(text, picture: picture, nowMillis: 0)
                let matched = try? DateTimeParser.parse(text, picture: picture, nowMillis: 0, readingSteps: false)
                #expect(stepped == matched, "\(text) with \(picture)")
                if stepped != nil { parsed += 1 }
            }
        }
        #expect(steps >= 8)
        #expect(parsed > 10_000)
    }
}
