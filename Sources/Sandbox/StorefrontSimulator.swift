import AsyncHTTPClient
import JSONValue

/// The storefront: generates orders and delivers them as signed `orders/create` webhooks to a hub.
struct StorefrontSimulator: Sendable {
    let state: SandboxState
    let client: HTTPClient

    /// `{"target": URL, "count": N, "secret": S, "lines": L, "unknownSkuRate": p, "taxMismatchRate": p, "duplicates": d, "seed": s}`.
    func send(_ request: JSON) async throws -> JSON {
        guard let target = request["target"]?.stringValue else { throw SandboxError(status: 400, message: "send needs a \"target\" URL") }
        let count = request["count"]?.numberValue?.intValue ?? 1
        let secret = request["secret"]?.stringValue ?? "sandbox-secret"
        let lines = request["lines"]?.numberValue?.intValue ?? 3
        let unknownRate = request["unknownSkuRate"]?.numberValue?.double ?? 0
        let mismatchRate = request["taxMismatchRate"]?.numberValue?.double ?? 0
        let duplicates = request["duplicates"]?.numberValue?.intValue ?? 0
        let seed = UInt64(request["seed"]?.numberValue?.intValue ?? Int.random(in: 1...1_000_000_000))
        let generator = ShopifyOrderGenerator()
        let sender = WebhookSender(client: client, secret: secret)
        var accepted = 0, failed = 0
        var ids: [JSON] = []
        for i in 0..<count {
            let orderSeed = seed &+ UInt64(i) &* 7919
            let id = 820_982_911_946_154_508 &+ orderSeed % 1_000_000_000
            let order = generator.order(id: id, number: 1001 + i, lineCount: lines, unknownSku: Double.random(in: 0..<1) < unknownRate,
                taxMismatch: Double.random(in: 0..<1) < mismatchRate, seed: orderSeed)
            await state.add("storefront", "order", [order])
            ids.append(.string(String(id)))
            for _ in 0...duplicates {
                do {
                    let delivery = try await sender.deliver(order, to: target, eventId: "evt-\(id)")
                    if (200..<300).contains(delivery.status) { accepted += 1 } else { failed += 1 }
                } catch {
                    failed += 1
                }
            }
        }
        return ["sent": .integer(count * (duplicates + 1)), "accepted": .integer(accepted), "failed": .integer(failed), "orderIds": .array(ids)]
    }
}
