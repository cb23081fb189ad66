import JSONValue

/// What kind of order the storefront generates: discounts, tax regime, tax-inclusive prices, a second
/// currency, a gift card payment. Every case is one Shopify really sends, with Shopify's own arithmetic.
public struct OrderShape: Sendable, Equatable {
    /// How tax is charged.
    public enum TaxRegime: String, Sendable, CaseIterable {
        /// One US state sales tax (6 %) on lines, none on shipping; shop currency USD.
        case salesTax
        /// Canadian GST 5 % + British Columbia PST 7 % on lines and shipping; CAD.
        case canada
        /// Indian CGST 9 % + SGST 9 % (supply within one state) on lines and shipping; INR.
        case indiaIntraState
        /// Indian IGST 18 % (supply between states) on lines and shipping; INR.
        case indiaInterState
        /// VAT 20 % on lines and shipping; EUR. Usually with tax-inclusive prices.
        case vat
    }

    /// The first line carries its own discount (10 %, a code applied to that line only).
    public var lineDiscount = false
    /// An order-level discount (15.00 off, `target_selection: all`), allocated across the lines.
    public var orderDiscount = false
    /// Free shipping: a discount on the shipping line.
    public var shippingDiscount = false
    /// Prices include tax (`taxes_included: true`): the total is subtotal + shipping.
    public var taxesIncluded = false
    public var regime: TaxRegime = .salesTax
    /// The customer pays in another currency than the shop's (`presentment_currency` differs).
    public var multiCurrency = false
    /// Part of the payment is a gift card: a payment method, not a discount.
    public var giftCard = false
    /// The customer is tax exempt: no tax at all.
    public var taxExempt = false
    /// The last line is zero-rated (rate 0, tax 0.00).
    public var zeroRated = false
    /// The first line's price is chosen so that its tax is exactly half a cent before rounding.
    public var halfCentTax = false

    public init(
        lineDiscount: Bool = false, orderDiscount: Bool = false, shippingDiscount: Bool = false, taxesIncluded: Bool = false,
        regime: TaxRegime = .salesTax, multiCurrency: Bool = false, giftCard: Bool = false, taxExempt: Bool = false,
        zeroRated: Bool = false, halfCentTax: Bool = false
    ) {
        self.lineDiscount = lineDiscount
        self.orderDiscount = orderDiscount
        self.shippingDiscount = shippingDiscount
        self.taxesIncluded = taxesIncluded
        self.regime = regime
        self.multiCurrency = multiCurrency
        self.giftCard = giftCard
        self.taxExempt = taxExempt
        self.zeroRated = zeroRated
        self.halfCentTax = halfCentTax
    }

    /// The shop's currency under this regime.
    var shopCurrency: String {
        switch regime {
        case .salesTax: "USD"
        case .canada: "CAD"
        case .indiaIntraState, .indiaInterState: "INR"
        case .vat: "EUR"
        }
    }

    /// The taxes charged per line: title and rate in basis points (600 = 6 %).
    var lineTaxes: [(title: String, basisPoints: Int)] {
        guard !taxExempt else { return [] }
        switch regime {
        case .salesTax: return [("State Tax", 600)]
        case .canada: return [("GST", 500), ("PST", 700)]
        case .indiaIntraState: return [("CGST", 900), ("SGST", 900)]
        case .indiaInterState: return [("IGST", 1800)]
        case .vat: return [("VAT", 2000)]
        }
    }

    /// Whether shipping is taxed like the lines (US sales tax here leaves it untaxed).
    var shippingTaxed: Bool { regime != .salesTax }

    /// The customer's currency and how many of its cents one shop cent is worth, when it differs.
    var presentment: (currency: String, rate: Double) {
        guard multiCurrency else { return (shopCurrency, 1) }
        switch shopCurrency {
        case "USD": return ("EUR", 0.92)
        case "EUR": return ("GBP", 0.85)
        default: return ("USD", shopCurrency == "INR" ? 0.012 : 0.73)
        }
    }
}

/// How often each kind of order is generated: probabilities between 0 and 1, set with the storefront's
/// faults or on a send request.
public struct OrderMix: Sendable, Equatable {
    public var discountRate: Double = 0
    public var orderDiscountRate: Double = 0
    public var shippingDiscountRate: Double = 0
    public var taxesIncludedRate: Double = 0
    public var multiTaxRate: Double = 0
    public var multiCurrencyRate: Double = 0
    public var giftCardRate: Double = 0
    public var taxExemptRate: Double = 0
    public var zeroRatedRate: Double = 0
    public var halfCentTaxRate: Double = 0

    public init() {}

    /// The settings by name, as the faults endpoint and the send request spell them.
    static var keys: [(name: String, path: WritableKeyPath<OrderMix, Double>)] {
        [
        ("discountRate", \.discountRate), ("orderDiscountRate", \.orderDiscountRate), ("shippingDiscountRate", \.shippingDiscountRate),
        ("taxesIncludedRate", \.taxesIncludedRate), ("multiTaxRate", \.multiTaxRate), ("multiCurrencyRate", \.multiCurrencyRate),
        ("giftCardRate", \.giftCardRate), ("taxExemptRate", \.taxExemptRate), ("zeroRatedRate", \.zeroRatedRate),
        ("halfCentTaxRate", \.halfCentTaxRate),
        ]
    }

    /// Reads the settings present in `object` (a faults body or a send request), leaving the others as they are.
    mutating func read(_ object: JSONObject) throws(SandboxError) {
        for (name, path) in Self.keys {
            guard let value = object[name] else { continue }
            guard let p = value.numberValue?.double, p >= 0, p <= 1 else {
                throw SandboxError(status: 400, message: "\(name) is a probability between 0 and 1")
            }
            self[keyPath: path] = p
        }
    }

    var json: [(String, JSON)] { Self.keys.map { ($0.name, .double(self[keyPath: $0.path])) } }

    /// One order's shape, drawn with `next` (uniform in 0..<1).
    func draw(_ next: () -> Double) -> OrderShape {
        var shape = OrderShape()
        shape.lineDiscount = next() < discountRate
        shape.orderDiscount = next() < orderDiscountRate
        shape.shippingDiscount = next() < shippingDiscountRate
        if next() < taxesIncludedRate {
            shape.taxesIncluded = true
            shape.regime = .vat
        } else if next() < multiTaxRate {
            let regimes: [OrderShape.TaxRegime] = [.canada, .indiaIntraState, .indiaInterState]
            shape.regime = regimes[Int(next() * Double(regimes.count)) % regimes.count]
        }
        shape.multiCurrency = next() < multiCurrencyRate
        shape.giftCard = next() < giftCardRate
        shape.taxExempt = next() < taxExemptRate
        shape.zeroRated = next() < zeroRatedRate
        shape.halfCentTax = next() < halfCentTaxRate
        return shape
    }
}
