/// Shopify's order arithmetic in whole cents, for one currency: discounts allocated to lines, taxes per
/// line (rounded half up, included in the price or added to it), shipping with its own discount and tax,
/// and the order totals built from them exactly as Shopify states them.
struct OrderArithmetic {
    struct Line {
        var unitPrice: Int
        var quantity: Int
        /// `(application index, amount)` for each discount allocated to the line.
        var allocations: [(index: Int, amount: Int)] = []
        /// `(title, basis points, amount)` per tax.
        var taxes: [(title: String, basisPoints: Int, amount: Int)] = []
        var gross: Int { unitPrice * quantity }
        var discount: Int { allocations.reduce(0) { $0 + $1.amount } }
        var net: Int { gross - discount }
    }

    /// One discount application as Shopify lists it in `discount_applications`.
    struct Application {
        var code: String
        var kind: String
        var value: String
        var valueType: String
        var allocationMethod: String
        var targetSelection: String
        var targetType: String
    }

    var lines: [Line]
    var shipping: Line
    var applications: [Application] = []
    let taxesIncluded: Bool

    /// Computes everything for `shape` from the lines' unit prices and quantities; `fixedDiscount` is the
    /// order discount's amount in this currency.
    init(prices: [(unitPrice: Int, quantity: Int)], shippingPrice: Int, fixedDiscount: Int, shape: OrderShape) {
        lines = prices.map { Line(unitPrice: $0.unitPrice, quantity: $0.quantity) }
        shipping = Line(unitPrice: shippingPrice, quantity: 1)
        taxesIncluded = shape.taxesIncluded
        if shape.lineDiscount {
            applications.append(Application(code: "LINE10", kind: "discount_code", value: "10.0", valueType: "percentage",
                                             allocationMethod: "across", targetSelection: "explicit", targetType: "line_item"))
            lines[0].allocations.append((applications.count - 1, Self.roundHalfUp(lines[0].gross * 10, 100)))
        }
        if shape.orderDiscount {
            applications.append(Application(code: "ORDER15", kind: "discount_code", value: Self.decimal(fixedDiscount), valueType: "fixed_amount",
                                             allocationMethod: "across", targetSelection: "all", targetType: "line_item"))
            allocateAcrossLines(min(fixedDiscount, lines.reduce(0) { $0 + $1.net }), index: applications.count - 1)
        }
        if shape.shippingDiscount {
            applications.append(Application(code: "Free shipping", kind: "automatic", value: "100.0", valueType: "percentage",
                                             allocationMethod: "each", targetSelection: "all", targetType: "shipping_line"))
            shipping.allocations.append((applications.count - 1, shipping.gross))
        }
        let rates = shape.lineTaxes
        for i in lines.indices {
            let lineRates = shape.zeroRated && i == lines.count - 1 && lines.count > 1 ? rates.prefix(1).map { ($0.title, 0) } : rates
            lines[i].taxes = Self.taxes(on: lines[i].net, rates: lineRates, included: taxesIncluded)
        }
        if shape.shippingTaxed {
            shipping.taxes = Self.taxes(on: shipping.net, rates: rates, included: taxesIncluded)
        }
    }

    /// Proportional to each line's amount after its own discounts; the cents left by rounding go to the last line.
    private mutating func allocateAcrossLines(_ amount: Int, index: Int) {
        let base = lines.reduce(0) { $0 + $1.net }
        guard base > 0 else { return }
        var left = amount
        for i in lines.indices {
            let share = i == lines.count - 1 ? left : amount * lines[i].net / base
            lines[i].allocations.append((index, share))
            left -= share
        }
    }

    /// Taxes on `net`, each rounded half up; inside `net` when prices include tax.
    static func taxes(on net: Int, rates: [(title: String, basisPoints: Int)], included: Bool) -> [(title: String, basisPoints: Int, amount: Int)] {
        let totalRate = rates.reduce(0) { $0 + $1.basisPoints }
        return rates.map { rate in
            let amount = included ? roundHalfUp(net * rate.basisPoints, 10_000 + totalRate) : roundHalfUp(net * rate.basisPoints, 10_000)
            return (rate.title, rate.basisPoints, amount)
        }
    }

    /// `numerator / denominator` rounded half up, for non-negative numbers.
    static func roundHalfUp(_ numerator: Int, _ denominator: Int) -> Int { (2 * numerator + denominator) / (2 * denominator) }

    /// A unit price from 5.00 up whose first tax is exactly half a cent before rounding.
    static func halfCentPrice(rates: [(title: String, basisPoints: Int)], included: Bool) -> Int? {
        guard let first = rates.first else { return nil }
        let totalRate = rates.reduce(0) { $0 + $1.basisPoints }
        let denominator = included ? 10_000 + totalRate : 10_000
        return (500..<20_000).first { ($0 * first.basisPoints * 2) % (2 * denominator) == denominator }
    }

    var lineItemsTotal: Int { lines.reduce(0) { $0 + $1.gross } }
    var subtotal: Int { lines.reduce(0) { $0 + $1.net } }
    var lineDiscounts: Int { lines.reduce(0) { $0 + $1.discount } }
    var shippingTotal: Int { shipping.net }
    var totalTax: Int { (lines + [shipping]).reduce(0) { $0 + $1.taxes.reduce(0) { $0 + $1.amount } } }
    var totalDiscounts: Int { lineDiscounts + shipping.discount }
    var total: Int { subtotal + shippingTotal + (taxesIncluded ? 0 : totalTax) }

    /// Every tax summed by title and rate, in first-seen order (the order's `tax_lines`).
    var taxSummary: [(title: String, basisPoints: Int, amount: Int)] {
        var summary: [(title: String, basisPoints: Int, amount: Int)] = []
        for tax in (lines + [shipping]).flatMap(\.taxes) {
            if let i = summary.firstIndex(where: { $0.title == tax.title && $0.basisPoints == tax.basisPoints }) {
                summary[i].amount += tax.amount
            } else {
                summary.append(tax)
            }
        }
        return summary
    }

    /// Cents as Shopify writes money: `"12.30"`.
    static func decimal(_ cents: Int) -> String { Money.format(cents: cents) }
}
