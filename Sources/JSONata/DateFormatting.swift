/// ISO 8601 formatting of epoch milliseconds in UTC (for `$now` and `$fromMillis`).
enum DateFormatting {
    static func iso8601(millis: Int64) -> String {
        let (days, msOfDay) = CivilTime.dayAndTime(of: millis)
        let (year, month, day) = CivilTime.civil(fromDays: days)
        let h = msOfDay / 3_600_000, m = (msOfDay / 60_000) % 60, s = (msOfDay / 1000) % 60, ms = msOfDay % 1000
        // Years 0…9999, the usual case, as 24 ASCII bytes written in place.
        guard (0...9999).contains(year) else {
            let pad = DateTimeFormatter.pad
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(h, 2)):\(pad(m, 2)):\(pad(s, 2)).\(pad(ms, 3))Z"
        }
        return String(unsafeUninitializedCapacity: 24) { bytes in
            var i = 0
            func put(_ value: Int, _ width: Int) {
                var divisor = 1
                for _ in 1..<width { divisor *= 10 }
                while divisor > 0 {
                    bytes[i] = UInt8(ascii: "0") + UInt8(value / divisor % 10)
                    i += 1
                    divisor /= 10
                }
            }
            func put(_ byte: Unicode.Scalar) {
                bytes[i] = UInt8(ascii: byte)
                i += 1
            }
            put(year, 4); put("-"); put(month, 2); put("-"); put(day, 2); put("T")
            put(h, 2); put(":"); put(m, 2); put(":"); put(s, 2); put("."); put(ms, 3); put("Z")
            return i
        }
    }
}
