import JSONValue

/// Exact comparisons of JSON numbers as decimals, falling back to doubles only when digits overflow.
enum DecimalComparison {
    /// -1, 0 or 1.
    static func compare(_ a: JSONNumber, _ b: JSONNumber) -> Int {
        if a.double < b.double { return -1 }
        if a.double > b.double { return 1 }
        if a == b { return 0 }
        // Equal as doubles but not as decimals: compare the exact digits.
        let x = a.decimalParts, y = b.decimalParts
        let sign = x.negative ? -1 : 1
        let xMagnitude = x.digits.count + x.exponent, yMagnitude = y.digits.count + y.exponent
        if xMagnitude != yMagnitude { return (xMagnitude < yMagnitude ? -1 : 1) * sign }
        for i in 0..<max(x.digits.count, y.digits.count) {
            let dx = i < x.digits.count ? x.digits[i] : 0
            let dy = i < y.digits.count ? y.digits[i] : 0
            if dx != dy { return (dx < dy ? -1 : 1) * sign }
        }
        return 0
    }

    /// Whether `value` is an integer multiple of `divisor`, exactly.
    static func isMultiple(_ value: JSONNumber, of divisor: JSONNumber) -> Bool {
        let v = value.decimalParts, d = divisor.decimalParts
        if v.digits.isEmpty { return true }
        guard !d.digits.isEmpty else { return false }
        let scale = min(v.exponent, d.exponent)
        guard v.digits.count + (v.exponent - scale) <= 18, d.digits.count + (d.exponent - scale) <= 18 else {
            let q = value.double / divisor.double
            return q.isFinite && q.rounded() == q
        }
        func integer(_ digits: [UInt8], _ shift: Int) -> Int {
            var n = 0
            for digit in digits { n = n * 10 + Int(digit) }
            for _ in 0..<shift { n *= 10 }
            return n
        }
        return integer(v.digits, v.exponent - scale) % integer(d.digits, d.exponent - scale) == 0
    }
}
