import Foundation
import JSONValue

/// Compares each sales order in the simulated ERP with the storefront order it came from: the ERP's
/// own total must equal Shopify's `total_price` to the cent.
struct MoneyCheck {
    private(set) var matching = 0
    private(set) var discounted = 0
    private(set) var taxesIncluded = 0
    private(set) var severalTaxes = 0
    private(set) var mismatches: [String] = []

    init(storefront: [JSON], erp: [JSON]) {
        let orders = Dictionary(storefront.compactMap { o in o["id"]?.numberValue.map { ("SHOP-" + $0.text, o) } }, uniquingKeysWith: { a, _ in a })
        for salesOrder in erp {
            guard let externalId = salesOrder["externalId"]?.stringValue, let order = orders[externalId] else { continue }
            let total = salesOrder["total"]?.stringValue.flatMap { Decimal(string: $0) }
            let expected = order["total_price"]?.stringValue.flatMap { Decimal(string: $0) }
            if let total, total == expected {
                matching += 1
            } else {
                mismatches.append("\(externalId): ERP total \(salesOrder["total"]?.serialized() ?? "none") ≠ total_price \(order["total_price"]?.serialized() ?? "none")")
            }
            if order["total_discounts"]?.stringValue.flatMap({ Decimal(string: $0) }).map({ $0 != 0 }) == true { discounted += 1 }
            if order["taxes_included"] == true { taxesIncluded += 1 }
            if (order["tax_lines"]?.arrayValue?.count ?? 0) > 1 { severalTaxes += 1 }
        }
    }
}
