import ArgumentParser
import JSONValue

/// `interchange faults SYSTEM [settings]`: shows or sets the faults a running sandbox injects for one system.
struct FaultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "faults",
        abstract: "Show or set the faults the sandbox injects for one system (erp, wms, storefront).",
        discussion: "Without settings, prints the current faults. Settings replace the system's faults as a whole; unspecified ones are off.")

    @Argument(help: "The simulated system: erp, wms, or storefront (delivery faults).") var system: String
    @Option(help: "The sandbox's base URL.") var sandbox: String = "http://127.0.0.1:9400"
    @Option(help: "Probability (0–1) that a write is refused with --error-status before it is applied.") var errorRate: Double?
    @Option(help: "Status of refused writes: 503 by default; 429 answers with Retry-After.") var errorStatus: Int?
    @Option(help: "Latency added to every request, in milliseconds.") var latencyMs: Int?
    @Option(help: "Probability that a write is applied and then answered with 503.") var commitThenFailRate: Double?
    @Option(help: "Probability that a write is applied and its answer withheld for --hang-ms (a timeout).") var timeoutRate: Double?
    @Option(help: "How long a timed-out write hangs, in milliseconds.") var hangMs: Int?
    @Option(help: "Refuse the next N writes.") var failNext: Int?
    @Option(help: "Storefront: probability that a webhook is delivered twice.") var duplicateRate: Double?
    @Flag(inversion: .prefixedNo, help: "Storefront: deliver batches in shuffled order.") var reorder: Bool?
    @Option(help: "Storefront: probability that an order has a SKU the ERP does not know.") var unknownSkuRate: Double?
    @Option(help: "Storefront: probability that an order's tax total disagrees with its lines.") var taxMismatchRate: Double?
    @Option(help: "Storefront: probability of a line discount.") var discountRate: Double?
    @Option(help: "Storefront: probability of an order discount spread across the lines.") var orderDiscountRate: Double?
    @Option(help: "Storefront: probability of free shipping (a shipping discount).") var shippingDiscountRate: Double?
    @Option(help: "Storefront: probability of tax-inclusive prices (VAT).") var taxesIncludedRate: Double?
    @Option(help: "Storefront: probability of several taxes per line (GST + PST, CGST + SGST, IGST).") var multiTaxRate: Double?
    @Option(help: "Storefront: probability that the customer pays in another currency.") var multiCurrencyRate: Double?
    @Option(help: "Storefront: probability of a gift card payment.") var giftCardRate: Double?
    @Option(help: "Storefront: probability of a tax-exempt customer.") var taxExemptRate: Double?
    @Option(help: "Storefront: probability of a zero-rated line.") var zeroRatedRate: Double?
    @Option(help: "Storefront: probability of a line whose tax is exactly half a cent before rounding.") var halfCentTaxRate: Double?

    func run() async throws {
        var settings = JSONObject([("system", .string(system))])
        let doubles: [(String, Double?)] = [
            ("errorRate", errorRate), ("commitThenFailRate", commitThenFailRate), ("timeoutRate", timeoutRate), ("duplicateRate", duplicateRate),
            ("unknownSkuRate", unknownSkuRate), ("taxMismatchRate", taxMismatchRate), ("discountRate", discountRate),
            ("orderDiscountRate", orderDiscountRate), ("shippingDiscountRate", shippingDiscountRate), ("taxesIncludedRate", taxesIncludedRate),
            ("multiTaxRate", multiTaxRate), ("multiCurrencyRate", multiCurrencyRate), ("giftCardRate", giftCardRate),
            ("taxExemptRate", taxExemptRate), ("zeroRatedRate", zeroRatedRate), ("halfCentTaxRate", halfCentTaxRate),
        ]
        for case let (name, value?) in doubles { settings[name] = .double(value) }
        let integers: [(String, Int?)] = [("errorStatus", errorStatus), ("latencyMs", latencyMs), ("hangMs", hangMs), ("failNext", failNext)]
        for case let (name, value?) in integers { settings[name] = .integer(value) }
        if let reorder { settings["reorder"] = .bool(reorder) }
        let answer =
            settings.count == 1
            ? try await HubAPI.request("GET", sandbox + "/_sandbox/faults/\(system)")
            : try await HubAPI.request("POST", sandbox + "/_sandbox/faults", body: .object(settings))
        print(answer.serialized(pretty: true))
    }
}
