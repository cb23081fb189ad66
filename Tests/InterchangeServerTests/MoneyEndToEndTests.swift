import AsyncHTTPClient
import Foundation
import InterchangeSQLite
import JSONValue
import Sandbox
import TestSupport
import Testing

/// Shopify's money arithmetic end to end: every order reaches the simulated ERP, whose own total (lines
/// − discount + shipping + tax unless included) equals the storefront's `total_price` to the cent.
@Suite(.serialized) struct MoneyEndToEndTests {
    static let examples = TestSuites.exampleProject.appendingPathComponent("mappings/shopify-order-to-order.examples")

    /// Every Shopify example input: discounts, taxes included, several taxes, currencies, gift card, half a cent.
    static func exampleOrders() throws -> [(name: String, order: JSON)] {
        try FileManager.default.contentsOfDirectory(atPath: examples.path).filter { $0.hasSuffix(".input.json") }.sorted().map { file in
            (String(file.dropLast(".input.json".count)), try JSON.parse(Array(try Data(contentsOf: examples.appendingPathComponent(file)))))
        }
    }

    func tempStore() throws -> SQLiteStore {
        try SQLiteStore(path: FileManager.default.temporaryDirectory.appendingPathComponent("money-\(UUID().uuidString).sqlite").path)
    }

    /// Waits until the ERP holds `count` sales orders, then returns them by external id.
    func salesOrders(_ sandboxURL: String, count: Int) async throws -> [String: JSON] {
        var orders: [JSON] = []
        _ = try await LiveServers.eventually {
            orders = try await LiveServers.get(sandboxURL + "/_sandbox/erp/salesOrder").1?.arrayValue ?? []
            return orders.count >= count
        }
        return Dictionary(orders.compactMap { o in o["externalId"]?.stringValue.map { ($0, o) } }, uniquingKeysWith: { a, _ in a })
    }

    /// Compares two decimal texts as numbers ("2000" equals "2000.00").
    func sameAmount(_ a: JSON?, _ b: JSON?) -> Bool {
        guard let s = a?.stringValue, let t = b?.stringValue, let x = Decimal(string: s), let y = Decimal(string: t) else { return false }
        return x == y
    }

    @Test func everyExampleOrderReachesTheERPWithShopifysTotal() async throws {
        let cases = try Self.exampleOrders()
        #expect(cases.count >= 12)
        try await LiveServers.withHubAndSandbox(store: try tempStore()) { ports, hub in
            let sender = WebhookSender(client: HTTPClient.shared, secret: "sandbox-secret")
            for (name, order) in cases {
                let delivery = try await sender.deliver(order, to: ports.hubURL + "/v1/hooks/storefront", eventId: "evt-\(name)")
                #expect((200..<300).contains(delivery.status), "\(name)")
            }
            let byId = try await salesOrders(ports.sandboxURL, count: cases.count)
            let quarantined = try await LiveServers.get(ports.hubURL + "/v1/quarantine").1
            #expect(byId.count == cases.count, "quarantined: \(quarantined?.serialized() ?? "")")
            for (name, order) in cases {
                let externalId = "SHOP-" + (order["id"]?.numberValue?.text ?? "")
                let salesOrder = byId[externalId]
                #expect(sameAmount(salesOrder?["total"], order["total_price"]), "\(name): ERP total \(salesOrder?["total"]?.serialized() ?? "none") vs total_price \(order["total_price"]?.serialized() ?? "")")
            }
        }
    }

    @Test func generatedOrdersWithEveryKindOfMoneyMatchTheirTotals() async throws {
        try await LiveServers.withHubAndSandbox(store: try tempStore()) { ports, _ in
            let mix: JSON = [
                "discountRate": 0.5, "orderDiscountRate": 0.5, "shippingDiscountRate": 0.3, "taxesIncludedRate": 0.3, "multiTaxRate": 0.5,
                "multiCurrencyRate": 0.3, "giftCardRate": 0.2, "taxExemptRate": 0.1, "zeroRatedRate": 0.2, "halfCentTaxRate": 0.2,
            ]
            var request = mix.objectValue ?? JSONObject()
            request["target"] = .string(ports.hubURL + "/v1/hooks/storefront")
            request["count"] = 30
            request["seed"] = 4242
            let (status, sent) = try await LiveServers.post(ports.sandboxURL + "/_sandbox/storefront/send", .object(request))
            #expect(status == 200)
            #expect(sent?["accepted"] == 30)
            let byId = try await salesOrders(ports.sandboxURL, count: 30)
            let orders = try await LiveServers.get(ports.sandboxURL + "/_sandbox/storefront/order").1?.arrayValue ?? []
            #expect(orders.count == 30)
            let quarantined = try await LiveServers.get(ports.hubURL + "/v1/quarantine").1
            #expect(byId.count == 30, "quarantined: \(quarantined?.serialized() ?? "")")
            for order in orders {
                let externalId = "SHOP-" + (order["id"]?.numberValue?.text ?? "")
                #expect(sameAmount(byId[externalId]?["total"], order["total_price"]), "\(externalId)")
            }
            // The mix really produced the hard cases.
            #expect(orders.contains { $0["taxes_included"] == true })
            #expect(orders.contains { $0["total_discounts"] != "0.00" })
            #expect(orders.contains { ($0["tax_lines"]?.arrayValue?.count ?? 0) > 1 })
            #expect(orders.contains { $0["presentment_currency"] != $0["currency"] })
        }
    }
}
