import AsyncHTTPClient
import JSONValue

/// The storefront: generates orders and delivers them as signed `orders/create` webhooks to a hub.
struct StorefrontSimulator: Sendable {
    let state: SandboxState
    let client: HTTPClient

    /// `{"target": URL, "count": N, "secret": S, "lines": L, "seed": s, "duplicates": d}` plus, overriding the
    /// storefront's faults (`POST /_sandbox/faults` with `"system": "storefront"`): `"unknownSkuRate"`,
    /// `"taxMismatchRate"`, `"duplicateRate"`, `"reorder"` and the order mix (`"discountRate"`, `"orderDiscountRate"`,
    /// `"shippingDiscountRate"`, `"taxesIncludedRate"`, `"multiTaxRate"`, `"multiCurrencyRate"`, `"giftCardRate"`,
    /// `"taxExemptRate"`, `"zeroRatedRate"`, `"halfCentTaxRate"`).
    func send(_ request: JSON) async throws -> JSON {
        guard let target = request["target"]?.stringValue else { throw SandboxError(status: 400, message: "send needs a \"target\" URL") }
        let faults = await state.faults("storefront")
        let count = request["count"]?.numberValue?.intValue ?? 1
        let secret = request["secret"]?.stringValue ?? "sandbox-secret"
        let lines = request["lines"]?.numberValue?.intValue ?? 3
        let unknownRate = request["unknownSkuRate"]?.numberValue?.double ?? faults.unknownSkuRate
        let mismatchRate = request["taxMismatchRate"]?.numberValue?.double ?? faults.taxMismatchRate
        let duplicateRate = request["duplicateRate"]?.numberValue?.double ?? faults.duplicateRate
        let reorder = request["reorder"]?.boolValue ?? faults.reorder
        let duplicates = request["duplicates"]?.numberValue?.intValue ?? 0
        var mix = faults.orderMix
        if case .object(let object) = request { try mix.read(object) }
        let seed = UInt64(request["seed"]?.numberValue?.intValue ?? Int.random(in: 1...1_000_000_000))
        let generator = ShopifyOrderGenerator()
        var deliveries: [(order: JSON, eventId: String)] = []
        var ids: [JSON] = []
        for i in 0..<count {
            let orderSeed = seed &+ UInt64(i) &* 7919
            let id = 820_982_911_946_154_508 &+ orderSeed % 1_000_000_000
            let order = generator.order(
                id: id, number: 1001 + i, lineCount: lines, unknownSku: Double.random(in: 0..<1) < unknownRate,
                taxMismatch: Double.random(in: 0..<1) < mismatchRate, seed: orderSeed, shape: mix.draw { Double.random(in: 0..<1) })
            await state.add("storefront", "order", [order])
            ids.append(.string(String(id)))
            let copies = 1 + duplicates + (Double.random(in: 0..<1) < duplicateRate ? 1 : 0)
            for _ in 0..<copies { deliveries.append((order, "evt-\(id)")) }
        }
        if reorder { deliveries.shuffle() }
        let sender = WebhookSender(client: client, secret: secret)
        var accepted = 0, failed = 0
        for delivery in deliveries {
            do {
                let answer = try await sender.deliver(delivery.order, to: target, eventId: delivery.eventId)
                if (200..<300).contains(answer.status) { accepted += 1 } else { failed += 1 }
            } catch {
                failed += 1
            }
        }
        return ["sent": .integer(deliveries.count), "accepted": .integer(accepted), "failed": .integer(failed), "orderIds": .array(ids)]
    }
}
