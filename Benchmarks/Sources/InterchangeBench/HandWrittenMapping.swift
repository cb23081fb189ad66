import Foundation
import JSONValue
import JSONata

/// The example mapping written by hand in idiomatic Swift on the same JSON types (subscript lookups,
/// `JSONObject(uniqueKeys:values:)`, `ExactDecimal`): a reference for what building this output costs
/// without any engine. The benchmark checks that it gives exactly the engine's output.
enum HandWrittenMapping {
    /// `$string(value)` of a string or a number read from the input.
    static func text(_ value: JSON?) -> JSON? {
        switch value {
        case .string(let text)?: return .string(text)
        case .number(let number)?: return .string(number.description)
        default: return nil
        }
    }

    /// `$money(amount)`: `{ "amount": amount, "currency": currency }`, undefined members left out.
    static func money(_ amount: JSON?, _ currency: JSON?) -> JSON {
        var keys = ["amount", "currency"]; var values: [JSON] = []
        if let amount { values.append(amount) } else { keys.removeFirst() }
        if let currency { values.append(currency) }
        return .object(JSONObject(uniqueKeys: keys, values: values, indexed: false))
    }
    /// A decimal string or number as an exact decimal.
    static func decimal(_ value: JSON?) -> ExactDecimal { ExactDecimal(text(value)?.stringValue ?? "0")! }

    /// `$string(rate * 100)`: JavaScript arithmetic on doubles, written as JavaScript writes numbers.
    static func percent(_ rate: JSON?) -> JSON {
        .string(JSONNumber((rate?.numberValue?.double ?? 0) * 100).text)
    }

    /// `fulfillment_status ? fulfillment_status : "unfulfilled"`.
    static func fulfillment(_ status: JSON?) -> JSON {
        if case .string(let text)? = status, !text.isEmpty { return .string(text) }
        return .string("unfulfilled")
    }

    /// `$address(a)`.
    static func address(_ address: JSON?) -> JSON? {
        guard let address else { return nil }
        let first = address["first_name"]?.stringValue ?? "", last = address["last_name"]?.stringValue ?? ""
        return .object(JSONObject(uniqueKeys: ["name", "line1", "city", "region", "postalCode", "countryCode"],
            values: [.string(first + " " + last), address["address1"]!, address["city"]!, address["province_code"]!, address["zip"]!,
                     address["country_code"]!], indexed: false))
    }

    /// The whole mapping: `order` is the Shopify order, `taxCategories` the project's lookup table.
    static func map(_ order: JSON, _ taxCategories: JSONObject) throws -> JSON {
        let currency = order["currency"]
        let id = text(order["id"])!.stringValue!
        let customerId = text(order["customer"]?["id"])!.stringValue!
        var lines: [JSON] = []
        for line in order["line_items"]?.arrayValue ?? [] {
            var taxes: [JSON] = []
            for tax in line["tax_lines"]?.arrayValue ?? [] {
                taxes.append(.object(JSONObject(uniqueKeys: ["category", "percent", "taxAmount", "title"], values: [
                    taxCategories[tax["title"]!.stringValue!]!, percent(tax["rate"]),
                    money(tax["price"], currency), tax["title"]!], indexed: false)))
            }
            let lineExtension = try (decimal(line["price"]) * decimal(line["quantity"])).rounded(scale: 2, mode: .halfUp).description
            lines.append(.object(JSONObject(uniqueKeys: ["lineId", "sku", "description", "quantity", "unitPrice", "lineExtensionAmount", "taxes", "isService", "requiresShipping", "fulfilledQuantity", "refundedQuantity"], values: [
                text(line["id"])!, line["sku"]!, line["title"]!,
                .object(JSONObject(uniqueKeys: ["value", "uom"], values: [text(line["quantity"])!, .string("C62")], indexed: false)),
                money(line["price"], currency), money(.string(lineExtension), currency), .array(taxes),
                .bool(line["requires_shipping"] == .bool(false)), line["requires_shipping"]!, .string("0"), .string("0")], indexed: false)))
        }
        var subtotals: [JSON] = []
        for tax in order["tax_lines"]?.arrayValue ?? [] {
            subtotals.append(.object(JSONObject(uniqueKeys: ["category", "percent", "taxableAmount", "taxAmount"], values: [
                taxCategories[tax["title"]!.stringValue!]!, percent(tax["rate"]),
                money(order["subtotal_price"], currency), money(tax["price"], currency)], indexed: false)))
        }
        var shipping = ExactDecimal(mantissa: 0, scale: 0)
        for shippingLine in order["shipping_lines"]?.arrayValue ?? [] { shipping = try shipping + decimal(shippingLine["price"]) }
        let financialStatus = order["financial_status"]
        let object = JSONObject(uniqueKeys: ["id", "externalRefs", "orderNumber", "channel", "customerRef", "customer", "currency", "orderedAt", "status", "paymentStatus", "fulfillmentStatus", "billingAddress", "shippingAddress", "lines", "taxesIncluded", "taxSubtotals", "totals"], values: [
            .string("SHOP-" + id),
            .array([.object(JSONObject(uniqueKeys: ["system", "type", "id"], values: [.string("shopify"), .string("order"), .string(id)], indexed: false))]),
            order["name"]!, .string("shopify"), .string("SHOP-" + customerId),
            .object(JSONObject(uniqueKeys: ["externalId", "email", "firstName", "lastName"], values: [.string("SHOP-" + customerId), .string(order["customer"]!["email"]!.stringValue!.lowercased()), order["customer"]!["first_name"]!, order["customer"]!["last_name"]!], indexed: false)),
            currency!, order["created_at"]!, .string("pending"), financialStatus == .string("paid") ? .string("captured") : financialStatus!,
            fulfillment(order["fulfillment_status"]),
            address(order["billing_address"])!, address(order["shipping_address"])!, .array(lines), order["taxes_included"]!, .array(subtotals),
            .object(JSONObject(uniqueKeys: ["lineExtension", "discountTotal", "shippingTotal", "taxTotal", "rounding", "payable"], values: [
                money(order["subtotal_price"], currency), money(order["total_discounts"], currency), money(.string(try shipping.rounded(scale: 2, mode: .halfUp).description), currency),
                money(order["total_tax"], currency), money(.string("0.00"), currency), money(order["total_price"], currency)], indexed: false)),
        ], indexed: false)
        // `"notes": note ? note` — present only when the note is truthy, before the totals.
        guard case .string(let note)? = order["note"], !note.isEmpty else { return .object(object) }
        var members = Array(object)
        members.insert(("notes", .string(note)), at: members.count - 1)
        return .object(JSONObject(members))
    }
    /// µs per evaluation of the hand-written mapping, after checking it gives `expected`.
    static func measure(_ order: JSON, _ taxCategories: JSONObject, expected: JSON, iterations: Int) throws -> Double {
        let differences = expected.differences(to: try map(order, taxCategories))
        if !differences.isEmpty { fatalError("the hand-written mapping must give the engine's output: \(differences)") }
        return microsecondsPerCall(iterations: iterations, warmUp: min(iterations, 2000)) { _ = try? map(order, taxCategories) }
    }
}
