import JSONValue

/// The ERP simulator's seeded item catalogue: a few dozen SKUs with prices.
enum Catalogue {
    static let products: [(sku: String, title: String, cents: Int)] = {
        let names = [
            "iPod Nano", "Desk Lamp", "Espresso Cup", "Notebook A5", "Wool Scarf", "Trail Socks", "Phone Case", "USB-C Cable",
            "Water Bottle", "Yoga Mat", "Tea Sampler", "Canvas Tote", "Bike Light", "Pocket Knife", "Travel Mug", "Beanie",
            "Desk Mat", "Pen Set", "Sunglasses", "Rain Jacket", "Keychain", "Poster Print", "Candle", "Coasters", "Headphones",
            "Charger", "Backpack", "Cap", "Gloves", "Umbrella",
        ]
        return names.enumerated().map { i, name in
            let sku = i == 0 ? "IPOD-342-N" : "SKU-\(String(1000 + i))"
            return (sku, name, 499 + (i * 737) % 9000)
        }
    }()

    static func seedItems() -> [JSON] {
        products.enumerated().map { i, p in
            [
                "id": .string(String(10 + i)), "externalId": .string(p.sku), "sku": .string(p.sku), "displayName": .string(p.title),
                "basePrice": .number(JSONNumber(uncheckedText: Money.format(cents: p.cents))),
            ]
        }
    }
}

/// Cent-exact money text for the simulators.
enum Money {
    static func format(cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let value = abs(cents)
        let fraction = value % 100
        return sign + String(value / 100) + "." + (fraction < 10 ? "0" : "") + String(fraction)
    }
}
