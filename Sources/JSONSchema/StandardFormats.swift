/// Checks for the standard JSON Schema formats (RFC 3339, RFC 5321 subset, RFC 4122, RFC 2673).
enum StandardFormats {
    static func isDateTime(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isDateTime($0) }
    }

    static func isDateTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let t = bytes.firstIndex(where: { $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") }) else { return false }
        return isFullDate(UnsafeBufferPointer(rebasing: bytes[..<t])) && isFullTime(UnsafeBufferPointer(rebasing: bytes[(t + 1)...]))
    }

    static func isFullDate(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isFullDate($0) }
    }

    static func isFullTime(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { isFullTime($0) }
    }

    private static let daysInMonth = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

    static func isFullDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2)
        else { return false }
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return day <= (month == 2 && leap ? 29 : daysInMonth[month - 1])
    }

    static func isFullTime(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 9, bytes[2] == UInt8(ascii: ":"), bytes[5] == UInt8(ascii: ":"),
            let hour = digits(bytes, 0, 2), let minute = digits(bytes, 3, 2), let second = digits(bytes, 6, 2)
        else { return false }
        var i = 8
        if bytes[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            guard i > start else { return false }
        }
        guard i < bytes.count else { return false }
        var offsetMinutes = 0
        if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") {
            guard i + 1 == bytes.count else { return false }
        } else if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            guard bytes.count == i + 6, bytes[i + 3] == UInt8(ascii: ":"),
                let oh = digits(bytes, i + 1, 2), let om = digits(bytes, i + 4, 2), oh <= 23, om <= 59
            else { return false }
            offsetMinutes = (oh * 60 + om) * (bytes[i] == UInt8(ascii: "+") ? 1 : -1)
        } else {
            return false
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return false }
        if second == 60 {
            // A leap second is only valid at 23:59:60 UTC.
            var utc = hour * 60 + minute - offsetMinutes
            utc = ((utc % 1440) + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    /// RFC 5321 mailbox (dot-atom or quoted local part; host name or address literal domain), on bytes.
    static func isEmail(_ s: String) -> Bool {
        var s = s
        return s.withUTF8 { bytes in
            guard let at = bytes.lastIndex(of: UInt8(ascii: "@")), at > 0, at < bytes.count - 1, at <= 64 else { return false }
            let local = UnsafeBufferPointer(rebasing: bytes[..<at])
            let domain = String(decoding: UnsafeBufferPointer(rebasing: bytes[(at + 1)...]), as: UTF8.self)
            if local.count >= 2 && local.first == UInt8(ascii: "\"") && local.last == UInt8(ascii: "\"") {
                return Hostnames.isHostname(domain) || isAddressLiteral(domain)
            }
            guard local.first != UInt8(ascii: "."), local.last != UInt8(ascii: ".") else { return false }
            var previousDot = false
            for b in local {
                if b == UInt8(ascii: ".") {
                    if previousDot { return false }
                    previousDot = true
                    continue
                }
                previousDot = false
                guard atext[Int(b)] else { return false }
            }
            return isAddressLiteral(domain) || Hostnames.isHostname(domain)
        }
    }

    /// `atext` of RFC 5322 as a byte lookup table.
    private static let atext: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { table[Int(b)] = true }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { table[Int(b)] = true }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(b)] = true }
        for b in "!#$%&'*+-/=?^_`{|}~".utf8 { table[Int(b)] = true }
        return table
    }()

    private static func isAddressLiteral(_ domain: String) -> Bool {
        guard domain.hasPrefix("["), domain.hasSuffix("]") else { return false }
        let inner = String(domain.dropFirst().dropLast())
        if inner.hasPrefix("IPv6:") { return IPv6Format.isIPv6(String(inner.dropFirst(5))) }
        return isIPv4(inner)
    }

    static func isUUID(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard b == UInt8(ascii: "-") else { return false }
            } else {
                guard isHex(b) else { return false }
            }
        }
        return true
    }

    static func isIPv4(_ s: String) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                let value = Int(part), value <= 255, part == "0" || !part.hasPrefix("0")
            else { return false }
        }
        return true
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            guard isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private static func isHex(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "f")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "F"))
    }
}
