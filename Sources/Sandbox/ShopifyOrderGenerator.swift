import JSONValue

/// Generates Shopify `orders/create` payloads (shape of the REST resource), with exact money strings.
public struct ShopifyOrderGenerator: Sendable {
    public init() {}

    /// An order with a 64-bit id; `unknownSku` puts a SKU the ERP does not know on the first line;
    /// `taxMismatch` states a tax total one cent off the lines' taxes while the order total stays the same.
    public func order(id: UInt64, number: Int, lineCount: Int = 3, unknownSku: Bool = false, taxMismatch: Bool = false, seed: UInt64) -> JSON {
        var rng = SplitMix64(seed: seed)
        let customerId = 115_310_627_314_723_954 &+ (seed % 1_000_000)
        let first = ["Jon", "Arya", "Sansa", "Bran", "Tyrion", "Brienne"][Int(rng.next() % 6)]
        let last = ["Snow", "Stark", "Lannister", "Tarth"][Int(rng.next() % 4)]
        let email = "\(first.lowercased()).\(last.lowercased())\(seed % 997)@example.com"
        var lines: [JSON] = []
        var subtotal = 0
        var tax = 0
        for i in 0..<max(1, lineCount) {
            let product = Catalogue.products[Int(rng.next() % UInt64(Catalogue.products.count))]
            let quantity = Int(rng.next() % 3) + 1
            let lineTotal = product.cents * quantity
            let lineTax = (lineTotal * 6 + 50) / 100
            subtotal += lineTotal
            tax += lineTax
            let sku = unknownSku && i == 0 ? "UNKNOWN-\(seed % 10_000)" : product.sku
            let price = Money.format(cents: product.cents)
            lines.append([
                "id": .number(JSONNumber(uncheckedText: String(466_157_049 + UInt64(i) + seed % 1000 * 10))),
                "product_id": .integer(632_910_392 + i), "variant_id": .integer(39_072_856 + i),
                "sku": .string(sku), "title": .string(product.title), "quantity": .integer(quantity), "price": .string(price),
                "price_set": ["shop_money": ["amount": .string(price), "currency_code": "USD"], "presentment_money": ["amount": .string(price), "currency_code": "USD"]],
                "total_discount": "0.00", "taxable": true, "requires_shipping": true, "fulfillable_quantity": .integer(quantity),
                "fulfillment_status": nil,
                "tax_lines": [["title": "State Tax", "rate": 0.06, "price": .string(Money.format(cents: lineTax))]],
            ])
        }
        let shipping = 1000
        let address: JSON = [
            "first_name": .string(first), "last_name": .string(last), "address1": "1 Main St", "city": "Ottawa", "province_code": "ON",
            "zip": "K2P 1L4", "country_code": "CA", "phone": nil, "company": nil,
        ]
        let idText = String(id)
        return [
            "id": .number(JSONNumber(uncheckedText: idText)),
            "admin_graphql_api_id": .string("gid://shopify/Order/\(idText)"),
            "name": .string("#\(number)"), "order_number": .integer(number),
            "email": .string(email), "created_at": "2025-03-01T10:15:42-05:00",
            "currency": "USD", "presentment_currency": "USD",
            "subtotal_price": .string(Money.format(cents: subtotal)), "total_discounts": "0.00",
            "total_tax": .string(Money.format(cents: taxMismatch ? tax + 1 : tax)), "total_price": .string(Money.format(cents: subtotal + tax + shipping)),
            "taxes_included": false, "financial_status": "paid", "fulfillment_status": nil, "note": nil,
            "updated_at": "2025-03-01T10:15:42-05:00",
            "customer": [
                "id": .number(JSONNumber(uncheckedText: String(customerId))), "email": .string(email), "first_name": .string(first),
                "last_name": .string(last), "phone": nil, "tax_exempt": false,
            ],
            "billing_address": address, "shipping_address": address,
            "line_items": .array(lines),
            "shipping_lines": [["code": "STD", "title": "Standard", "price": .string(Money.format(cents: shipping)), "tax_lines": []]],
            "tax_lines": [["title": "State Tax", "rate": 0.06, "price": .string(Money.format(cents: tax))]],
        ]
    }
}

extension ShopifyOrderGenerator {
    /// The `orders/updated` payload of `order` after a merchant changed its note (revision `revision`).
    public func updated(_ order: JSON, note: String, revision: Int) -> JSON {
        guard case .object(var object) = order else { return order }
        object["note"] = .string(note)
        let minute = revision % 60
        object["updated_at"] = .string("2025-03-01T11:\(minute < 10 ? "0" : "")\(minute):00-05:00")
        return .object(object)
    }
}

/// A small deterministic generator so generated orders are reproducible from a seed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
