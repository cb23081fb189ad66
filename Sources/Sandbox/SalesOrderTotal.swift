import JSONValue

/// The simulated ERP's own arithmetic for a sales order: the lines' amounts, plus the header discount
/// (`discountRate`, negative), plus `shippingCost`, plus the tax details' amounts unless
/// `custbody_taxes_included` says they are already inside. Exact decimals, written at the largest scale
/// of the amounts, so a test can compare it with the storefront's `total_price`.
enum SalesOrderTotal {
    /// `record` with `total` set, or `nil` naming the first amount that is not a decimal.
    static func annotate(_ record: JSONObject) -> Result<JSONObject, SandboxError> {
        var amounts: [JSON?] = record["item"]?["items"]?.arrayValue?.map { $0["amount"] } ?? []
        amounts.append(record["discountRate"])
        amounts.append(record["shippingCost"])
        if record["custbody_taxes_included"]?.boolValue != true {
            amounts += record["taxDetails"]?["items"]?.arrayValue?.map { $0["taxAmount"] } ?? []
        }
        var total = FixedDecimal(units: 0, scale: 0)
        for case let amount? in amounts where amount != .null {
            guard let text = amount.stringValue ?? amount.numberValue?.text, let value = FixedDecimal(text) else {
                return .failure(SandboxError(status: 400, message: "Invalid amount \(amount.serialized()) on the sales order"))
            }
            total = total.adding(value)
        }
        var annotated = record
        annotated["total"] = .string(total.description)
        return .success(annotated)
    }
}

/// A decimal with up to 6 fraction digits in 64 bits: enough for any sales order amount the sandbox sees.
struct FixedDecimal {
    /// The value × 10^6.
    var units: Int
    /// The fraction digits it was written with.
    var scale: Int

    init(units: Int, scale: Int) {
        self.units = units
        self.scale = scale
    }

    init?(_ text: String) {
        var body = Substring(text)
        let negative = body.first == "-"
        if negative { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Int(parts[0]), parts[0].allSatisfy(\.isNumber), whole < 1_000_000_000_000 else { return nil }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard fraction.count <= 6, fraction.allSatisfy(\.isNumber) else { return nil }
        let fractionUnits = (Int(fraction) ?? 0) * Self.power(6 - fraction.count)
        units = (whole * 1_000_000 + fractionUnits) * (negative ? -1 : 1)
        scale = fraction.count
    }

    private static func power(_ n: Int) -> Int { (0..<n).reduce(1) { p, _ in p * 10 } }

    func adding(_ other: FixedDecimal) -> FixedDecimal { FixedDecimal(units: units + other.units, scale: max(scale, other.scale)) }

    var description: String {
        let magnitude = units.magnitude
        let whole = magnitude / 1_000_000
        var text = (units < 0 ? "-" : "") + String(whole)
        if scale > 0 {
            let fraction = String(magnitude % 1_000_000)
            text += "." + (String(repeating: "0", count: 6 - fraction.count) + fraction).prefix(scale)
        }
        return text
    }
}
