import Foundation
import JSONValue
import JSONata

/// The example mapping written by hand in idiomatic Swift on the same JSON types (subscript lookups,
/// `JSONObject(uniqueKeys:values:)`, `ExactDecimal`): a reference for what building this output costs
/// without any engine. The benchmark checks that it gives exactly the engine's output.
enum HandWrittenMapping {
    static func str(_ j: JSON?) -> JSON? {
        switch j {
        case .string(let s)?: return .string(s)
        case .number(let n)?: return .string(n.description)
        default: return nil
        }
    }
    static func money(_ amount: JSON?, _ currency: JSON?) -> JSON {
        var keys = ["amount", "currency"]; var values: [JSON] = []
        if let amount { values.append(amount) } else { keys.removeFirst() }
        if let currency { values.append(currency) }
        return .object(JSONObject(uniqueKeys: keys, values: values, indexed: false))
    }
    static func dec(_ j: JSON?) -> ExactDecimal { ExactDecimal(str(j)?.stringValue ?? "0")! }
    /// `$string(rate * 100)`: JavaScript arithmetic on doubles, written as JavaScript writes numbers.
    static func percent(_ rate: JSON?) -> JSON {
        .string(JSONNumber((rate?.numberValue?.double ?? 0) * 100).text)
    }

    /// `fulfillment_status ? fulfillment_status : "unfulfilled"`.
    static func fulfillment(_ status: JSON?) -> JSON {
        if case .string(let text)? = status, !text.isEmpty { return .string(text) }
        return .string("unfulfilled")
    }

    static func address(_ a: JSON?) -> JSON? {
        guard let a else { return nil }
        let fn = a["first_name"]?.stringValue ?? "", ln = a["last_name"]?.stringValue ?? ""
        return .object(JSONObject(uniqueKeys: ["name", "line1", "city", "region", "postalCode", "countryCode"],
            values: [.string(fn + " " + ln), a["address1"]!, a["city"]!, a["province_code"]!, a["zip"]!, a["country_code"]!], indexed: false))
    }
    static func map(_ o: JSON, _ lookup: JSONObject) -> JSON {
        let currency = o["currency"]
        let id = str(o["id"])!.stringValue!
        let cid = str(o["customer"]?["id"])!.stringValue!
        var lines: [JSON] = []
        for line in o["line_items"]?.arrayValue ?? [] {
            var taxes: [JSON] = []
            for t in line["tax_lines"]?.arrayValue ?? [] {
                taxes.append(.object(JSONObject(uniqueKeys: ["category", "percent", "taxAmount", "title"], values: [
                    lookup[t["title"]!.stringValue!]!, percent(t["rate"]),
                    money(t["price"], currency), t["title"]!], indexed: false)))
            }
            let ext = (dec(line["price"]) * dec(line["quantity"])).rounded(scale: 2, mode: .halfUp).description
            lines.append(.object(JSONObject(uniqueKeys: ["lineId", "sku", "description", "quantity", "unitPrice", "lineExtensionAmount", "taxes", "isService", "requiresShipping", "fulfilledQuantity", "refundedQuantity"], values: [
                str(line["id"])!, line["sku"]!, line["title"]!,
                .object(JSONObject(uniqueKeys: ["value", "uom"], values: [str(line["quantity"])!, .string("C62")], indexed: false)),
                money(line["price"], currency), money(.string(ext), currency), .array(taxes),
                .bool(line["requires_shipping"] == .bool(false)), line["requires_shipping"]!, .string("0"), .string("0")], indexed: false)))
        }
        var subtotals: [JSON] = []
        for t in o["tax_lines"]?.arrayValue ?? [] {
            subtotals.append(.object(JSONObject(uniqueKeys: ["category", "percent", "taxableAmount", "taxAmount"], values: [
                lookup[t["title"]!.stringValue!]!, percent(t["rate"]),
                money(o["subtotal_price"], currency), money(t["price"], currency)], indexed: false)))
        }
        var ship = ExactDecimal(mantissa: 0, scale: 0)
        for s in o["shipping_lines"]?.arrayValue ?? [] { ship = ship + dec(s["price"]) }
        let fs = o["financial_status"]
        let object = JSONObject(uniqueKeys: ["id", "externalRefs", "orderNumber", "channel", "customerRef", "customer", "currency", "orderedAt", "status", "paymentStatus", "fulfillmentStatus", "billingAddress", "shippingAddress", "lines", "taxesIncluded", "taxSubtotals", "totals"], values: [
            .string("SHOP-" + id),
            .array([.object(JSONObject(uniqueKeys: ["system", "type", "id"], values: [.string("shopify"), .string("order"), .string(id)], indexed: false))]),
            o["name"]!, .string("shopify"), .string("SHOP-" + cid),
            .object(JSONObject(uniqueKeys: ["externalId", "email", "firstName", "lastName"], values: [.string("SHOP-" + cid), .string(o["customer"]!["email"]!.stringValue!.lowercased()), o["customer"]!["first_name"]!, o["customer"]!["last_name"]!], indexed: false)),
            currency!, o["created_at"]!, .string("pending"), fs == .string("paid") ? .string("captured") : fs!,
            fulfillment(o["fulfillment_status"]),
            address(o["billing_address"])!, address(o["shipping_address"])!, .array(lines), o["taxes_included"]!, .array(subtotals),
            .object(JSONObject(uniqueKeys: ["lineExtension", "discountTotal", "shippingTotal", "taxTotal", "rounding", "payable"], values: [
                money(o["subtotal_price"], currency), money(o["total_discounts"], currency), money(.string(ship.rounded(scale: 2, mode: .halfUp).description), currency),
                money(o["total_tax"], currency), money(.string("0.00"), currency), money(o["total_price"], currency)], indexed: false)),
        ], indexed: false)
        // `"notes": note ? note` — present only when the note is truthy, before the totals.
        guard case .string(let note)? = o["note"], !note.isEmpty else { return .object(object) }
        var members = Array(object)
        members.insert(("notes", .string(note)), at: members.count - 1)
        return .object(JSONObject(members))
    }
    /// µs per evaluation of the hand-written mapping, after checking it gives `expected`.
    static func measure(_ order: JSON, _ lookup: JSONObject, expected: JSON, iterations: Int) -> Double {
        let differences = expected.differences(to: map(order, lookup))
        if !differences.isEmpty { fatalError("the hand-written mapping must give the engine's output: \(differences)") }
        for _ in 0..<min(iterations, 2000) { _ = map(order, lookup) }
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<iterations { _ = map(order, lookup) }
        let elapsed = clock.now - start
        return (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(iterations)
    }
}
