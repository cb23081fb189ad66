import JSONValue

/// Generates Shopify `orders/create` payloads (shape of the REST resource), with exact money strings and
/// Shopify's semantics: `total_line_items_price` before discounts, `subtotal_price` after line discounts
/// and before shipping and tax, discounts allocated to lines (`discount_allocations`), shipping with its
/// own discount and tax, `taxes_included` prices, and every amount also in the customer's currency (`*_set`).
public struct ShopifyOrderGenerator: Sendable {
    public init() {}

    /// An order with a 64-bit id; `unknownSku` puts a SKU the ERP does not know on the first line;
    /// `taxMismatch` states a tax total one cent off the lines' taxes while the order total stays the same;
    /// `shape` chooses discounts, tax regime, currencies and payment.
    public func order(
        id: UInt64, number: Int, lineCount: Int = 3, unknownSku: Bool = false, taxMismatch: Bool = false, seed: UInt64,
        shape: OrderShape = OrderShape()
    ) -> JSON {
        var rng = SplitMix64(seed: seed)
        let customerId = 115_310_627_314_723_954 &+ (seed % 1_000_000)
        let first = ["Jon", "Arya", "Sansa", "Bran", "Tyrion", "Brienne"][Int(rng.next() % 6)]
        let last = ["Snow", "Stark", "Lannister", "Tarth"][Int(rng.next() % 4)]
        let email = "\(first.lowercased()).\(last.lowercased())\(seed % 997)@example.com"
        var products: [(sku: String, title: String, cents: Int, quantity: Int)] = (0..<max(1, lineCount)).map { i in
            let product = Catalogue.products[Int(rng.next() % UInt64(Catalogue.products.count))]
            let sku = unknownSku && i == 0 ? "UNKNOWN-\(seed % 10_000)" : product.sku
            return (sku, product.title, product.cents, Int(rng.next() % 3) + 1)
        }
        if shape.halfCentTax, let price = OrderArithmetic.halfCentPrice(rates: shape.lineTaxes, included: shape.taxesIncluded) {
            products[0].cents = price
            products[0].quantity = 1
        }
        let (presentmentCurrency, rate) = shape.presentment
        let convert = { (cents: Int) in Int((Double(cents) * rate).rounded()) }
        let shop = OrderArithmetic(
            prices: products.map { ($0.cents, $0.quantity) }, shippingPrice: 1000, fixedDiscount: 1500, shape: shape)
        let customer = OrderArithmetic(
            prices: products.map { (convert($0.cents), $0.quantity) }, shippingPrice: convert(1000), fixedDiscount: convert(1500), shape: shape)
        let money = MoneySet(shopCurrency: shape.shopCurrency, presentmentCurrency: presentmentCurrency)

        var lines: [JSON] = []
        for (i, product) in products.enumerated() {
            let line = shop.lines[i], other = customer.lines[i]
            lines.append([
                "id": .number(JSONNumber(uncheckedText: String(466_157_049 + UInt64(i) + seed % 1000 * 10))),
                "product_id": .integer(632_910_392 + i), "variant_id": .integer(39_072_856 + i),
                "sku": .string(product.sku), "title": .string(product.title), "quantity": .integer(product.quantity),
                "price": money.text(line.unitPrice), "price_set": money.set(line.unitPrice, other.unitPrice),
                "total_discount": money.text(line.discount), "total_discount_set": money.set(line.discount, other.discount),
                "discount_allocations": money.allocations(line, other),
                "taxable": .bool(!shape.taxExempt), "requires_shipping": true, "fulfillable_quantity": .integer(product.quantity),
                "fulfillment_status": nil, "gift_card": false,
                "tax_lines": money.taxLines(line.taxes, other.taxes),
            ])
        }
        let shipping: JSON = [
            "code": "STD", "title": "Standard", "source": "shopify",
            "price": money.text(shop.shipping.gross), "price_set": money.set(shop.shipping.gross, customer.shipping.gross),
            "discounted_price": money.text(shop.shipping.net), "discounted_price_set": money.set(shop.shipping.net, customer.shipping.net),
            "discount_allocations": money.allocations(shop.shipping, customer.shipping),
            "tax_lines": money.taxLines(shop.shipping.taxes, customer.shipping.taxes),
        ]
        let address = Self.address(first: first, last: last, regime: shape.regime)
        let idText = String(id)
        let statedTax = taxMismatch ? shop.totalTax + 1 : shop.totalTax
        let customerTax = taxMismatch ? customer.totalTax + 1 : customer.totalTax
        let codes = shop.applications.enumerated().filter { $0.element.kind == "discount_code" }.map { index, application -> JSON in
            let amount = shop.lines.flatMap(\.allocations).filter { $0.index == index }.reduce(0) { $0 + $1.amount }
            return ["code": .string(application.code), "amount": money.text(amount), "type": .string(application.valueType)]
        }
        return [
            "id": .number(JSONNumber(uncheckedText: idText)),
            "admin_graphql_api_id": .string("gid://shopify/Order/\(idText)"),
            "name": .string("#\(number)"), "order_number": .integer(number),
            "email": .string(email), "created_at": "2025-03-01T10:15:42-05:00",
            "currency": .string(shape.shopCurrency), "presentment_currency": .string(presentmentCurrency),
            "total_line_items_price": money.text(shop.lineItemsTotal),
            "total_line_items_price_set": money.set(shop.lineItemsTotal, customer.lineItemsTotal),
            "subtotal_price": money.text(shop.subtotal), "subtotal_price_set": money.set(shop.subtotal, customer.subtotal),
            "total_discounts": money.text(shop.totalDiscounts), "total_discounts_set": money.set(shop.totalDiscounts, customer.totalDiscounts),
            "total_shipping_price_set": money.set(shop.shippingTotal, customer.shippingTotal),
            "total_tax": money.text(statedTax), "total_tax_set": money.set(statedTax, customerTax),
            "total_price": money.text(shop.total), "total_price_set": money.set(shop.total, customer.total),
            "taxes_included": .bool(shape.taxesIncluded), "financial_status": "paid", "fulfillment_status": nil, "note": nil,
            "payment_gateway_names": shape.giftCard ? ["gift_card", "shopify_payments"] : ["shopify_payments"],
            "updated_at": "2025-03-01T10:15:42-05:00",
            "customer": [
                "id": .number(JSONNumber(uncheckedText: String(customerId))), "email": .string(email), "first_name": .string(first),
                "last_name": .string(last), "phone": nil, "tax_exempt": .bool(shape.taxExempt),
            ],
            "billing_address": address, "shipping_address": address,
            "discount_applications": .array(shop.applications.map { application in
                [
                    "type": .string(application.kind), "code": .string(application.code), "title": .string(application.code),
                    "value": .string(application.value), "value_type": .string(application.valueType),
                    "allocation_method": .string(application.allocationMethod), "target_selection": .string(application.targetSelection),
                    "target_type": .string(application.targetType),
                ]
            }),
            "discount_codes": .array(codes),
            "line_items": .array(lines),
            "shipping_lines": [shipping],
            "tax_lines": money.taxLines(shop.taxSummary, customer.taxSummary),
        ]
    }

    static func address(first: String, last: String, regime: OrderShape.TaxRegime) -> JSON {
        let (city, province, zip, country): (String, String, String, String) = switch regime {
        case .salesTax: ("Columbus", "OH", "43215", "US")
        case .canada: ("Vancouver", "BC", "V6B 1A1", "CA")
        case .indiaIntraState, .indiaInterState: ("Bengaluru", "KA", "560001", "IN")
        case .vat: ("Lyon", "ARA", "69002", "FR")
        }
        return [
            "first_name": .string(first), "last_name": .string(last), "address1": "1 Main St", "city": .string(city),
            "province_code": .string(province), "zip": .string(zip), "country_code": .string(country), "phone": nil, "company": nil,
        ]
    }
}

/// Writes amounts in both of an order's currencies, as Shopify's `*_set` fields carry them.
struct MoneySet {
    let shopCurrency: String
    let presentmentCurrency: String

    func text(_ cents: Int) -> JSON { .string(OrderArithmetic.decimal(cents)) }

    func set(_ shop: Int, _ presentment: Int) -> JSON {
        [
            "shop_money": ["amount": text(shop), "currency_code": .string(shopCurrency)],
            "presentment_money": ["amount": text(presentment), "currency_code": .string(presentmentCurrency)],
        ]
    }

    func allocations(_ shop: OrderArithmetic.Line, _ presentment: OrderArithmetic.Line) -> JSON {
        .array(zip(shop.allocations, presentment.allocations).map { a, b in
            ["amount": text(a.amount), "amount_set": set(a.amount, b.amount), "discount_application_index": .integer(a.index)]
        })
    }

    func taxLines(_ shop: [(title: String, basisPoints: Int, amount: Int)], _ presentment: [(title: String, basisPoints: Int, amount: Int)]) -> JSON {
        .array(zip(shop, presentment).map { a, b in
            ["title": .string(a.title), "rate": .double(Double(a.basisPoints) / 10_000), "price": text(a.amount), "price_set": set(a.amount, b.amount)]
        })
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
