"""Writes the mapping corpus's input documents (deterministic: run again, same files).
Usage: python3 make_inputs.py  (from Benchmarks/corpus; the Shopify order comes from the example project)."""
import json
import random

rng = random.Random(11)
out = "mappings/"


def write(name, doc):
    with open(out + name + ".input.json", "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


def money(lo, hi):
    return f"{rng.randint(lo * 100, hi * 100) / 100:.2f}"


skus = [f"SKU-{1000 + i}" for i in range(30)]
names = ["Ana Lima", "Jon Snow", "Sansa Stark", "Tyrion Lannister", "Bran Stark", "Arya Stark", "Brienne Tarth", "Jorah Mormont"]

# 3. Salesforce Account sObject (REST query result)
write("salesforce-account-to-customer", {
    "totalSize": 8, "done": True,
    "records": [{
        "attributes": {"type": "Account", "url": f"/services/data/v62.0/sobjects/Account/001RM000003ZW{i:03d}AAU"},
        "Id": f"001RM000003ZW{i:03d}AAU", "Name": f"  {n.upper()} Trading {['Ltd', 'GmbH', 'Inc.', 'Pvt Ltd'][i % 4]} ",
        "Type": ["Customer - Direct", "Customer - Channel", "Prospect", None][i % 4],
        "Industry": ["Retail", "Manufacturing", None, "Technology"][i % 4],
        "Phone": f"+1 (613) 555-{1000 + i * 37}", "Website": None if i % 3 == 0 else f"www.{n.split()[1].lower()}{i}.example.com",
        "BillingStreet": f"{10 + i} Main St\nSuite {100 + i}", "BillingCity": ["Ottawa", "Munich", "Austin", "Pune"][i % 4],
        "BillingState": ["ON", "BY", "TX", "MH"][i % 4], "BillingPostalCode": ["K2P 1L4", "80331", "78701", "411001"][i % 4],
        "BillingCountryCode": ["CA", "DE", "US", "IN"][i % 4],
        "Shop_Customer_Id__c": str(115310627314723954 + i), "GSTIN__c": "27AAPFU0939F1ZV" if i % 4 == 3 else None,
        "AnnualRevenue": rng.randint(100, 900) * 10000, "NumberOfEmployees": rng.randint(5, 5000),
        "CreatedDate": f"2024-0{1 + i % 9}-1{i % 9}T0{i % 9}:15:42.000+0000", "IsDeleted": False,
        "Contacts": {"totalSize": 2, "done": True, "records": [
            {"Email": f"{n.split()[0].lower()}@example.com", "Title": "Buyer", "IsPrimary__c": True},
            {"Email": f"ap{i}@example.com", "Title": "Accounts Payable", "IsPrimary__c": False}]},
    } for i, n in enumerate(names)],
})

# 4. SAP OData v2 sales order (A_SalesOrder with items)
write("sap-odata-sales-order-to-order", {"d": {"results": [{
    "__metadata": {"type": "API_SALES_ORDER_SRV.A_SalesOrderType"},
    "SalesOrder": str(4500000100 + k), "SalesOrderType": "OR", "SalesOrganization": "1010", "DistributionChannel": "10",
    "SoldToParty": str(17100001 + k), "PurchaseOrderByCustomer": f"PO-{2024}-{k:04d}",
    "CreationDate": f"/Date({1709251200000 + k * 86400000})/", "RequestedDeliveryDate": f"/Date({1709856000000 + k * 86400000})/",
    "TransactionCurrency": "EUR", "TotalNetAmount": None, "OverallSDProcessStatus": ["A", "B", "C"][k % 3],
    "to_Item": {"results": [{
        "SalesOrderItem": str(10 * (j + 1)), "Material": rng.choice(skus), "SalesOrderItemText": f"Item {j}",
        "RequestedQuantity": str(rng.randint(1, 20)), "RequestedQuantityUnit": "EA",
        "NetAmount": money(5, 900), "TaxAmount": money(1, 50), "ItemGrossWeight": f"{rng.randint(1, 90) / 10:.3f}",
    } for j in range(6)]},
} for k in range(3)]}})

# 5. GST invoice
write("gst-invoice-tax-subtotals", {
    "invoiceNumber": "INV/2024-25/000187", "invoiceDate": "2024-11-28", "supplierGstin": "27AAPFU0939F1ZV",
    "buyerGstin": "29AAGCB7383J1Z4", "placeOfSupply": "29", "currency": "INR",
    "lines": [{"slNo": str(i + 1), "description": f"Product {i}", "hsn": ["8471", "8517", "6109", "3304"][i % 4],
               "qty": rng.randint(1, 12), "unitPrice": rng.randint(100, 50000) / 100, "discount": [0, 0, 50, 12.5][i % 4],
               "gstRate": [5, 12, 18, 28][i % 4]} for i in range(12)],
})

# 6. Inventory feed
write("inventory-feed-grouping", {"feed": {"generatedAt": "2024-11-28T06:00:00Z", "rows": [
    {"sku": rng.choice(skus[:10]), "location": rng.choice(["WH-BER", "WH-MUC", "WH-HAM"]), "bin": f"A-{rng.randint(1, 40):02d}",
     "onHand": rng.randint(0, 300), "reserved": rng.randint(0, 40), "damaged": rng.choice([0, 0, 0, 1, 2]),
     "lastCounted": f"2024-11-{rng.randint(1, 27):02d}T{rng.randint(0, 23):02d}:00:00Z"} for _ in range(60)]}})

# 7. Shipment events with time zones
write("shipment-dates-timezones", {"shipment": {
    "trackingNumber": "1Z999AA10123456784", "carrier": "UPS", "service": "Standard", "orderRef": "SHOP-820982911946154508",
    "shipTo": {"city": "Lyon", "country": "FR", "timezone": "+0100"},
    "events": [{"code": c, "description": d, "location": l, "timestamp": t} for c, d, l, t in [
        ("MP", "Label created", "Ottawa, CA", "2024-11-20T09:12:00-05:00"),
        ("OR", "Picked up", "Ottawa, CA", "2024-11-20T17:45:10-05:00"),
        ("AR", "Arrived at facility", "Montreal, CA", "2024-11-21T03:05:00-05:00"),
        ("DP", "Departed facility", "Montreal, CA", "2024-11-21T22:40:00-05:00"),
        ("AR", "Arrived at facility", "Cologne, DE", "2024-11-23T08:15:00+01:00"),
        ("CC", "Customs cleared", "Cologne, DE", "2024-11-23T14:02:33+01:00"),
        ("OD", "Out for delivery", "Lyon, FR", "2024-11-25T07:58:00+01:00"),
        ("DL", "Delivered", "Lyon, FR", "2024-11-25T11:31:00+01:00")]],
    "packages": [{"weight": {"value": "2.4", "unit": "KG"}, "dimensions": "40x30x20"}, {"weight": {"value": "1.1", "unit": "KG"}, "dimensions": "20x20x10"}],
}})

# 8. Lines to enrich with $xref / $lookup
write("xref-lookup-enrichment", {"order": {"id": "SHOP-820982911946154508", "customerRef": "SHOP-115310627314723954", "warehouse": "WH-BER",
    "lines": [{"sku": rng.choice(skus[:10]), "qty": rng.randint(1, 5), "uom": rng.choice(["EA", "PK", "BX"]), "country": rng.choice(["DE", "FR", "IN", "US"])} for _ in range(15)]}})

# 9. Ledger to sort and reduce
write("sort-reduce-ledger", {"account": "ACME-EUR", "openingBalance": "1250.00", "entries": [
    {"id": f"tx-{i:03d}", "date": f"2024-11-{rng.randint(1, 28):02d}", "type": rng.choice(["invoice", "payment", "credit_note", "fee"]),
     "amount": money(1, 2500), "reference": f"REF-{rng.randint(1000, 9999)}"} for i in range(25)]})

# 10. Strings to clean
write("string-cleaning", {"contacts": [{
    "fullName": f"  {rng.choice(['dr. ', 'MRS ', '', 'mr '])}{n.lower()}  ", "tags": rng.choice([" vip, wholesale ,, eu ", "retail,  ", "b2b ,net30,eu", ""]),
    "phone": rng.choice([f"(0{rng.randint(100, 999)}) {rng.randint(100, 999)}-{rng.randint(1000, 9999)}", f"+49 {rng.randint(100, 999)} {rng.randint(1000000, 9999999)}"]),
    "email": f" {n.split()[0].upper()}.{n.split()[1]}@Example.COM ", "address": f"{rng.randint(1, 99)}  Main   St.,\nApt {rng.randint(1, 9)}",
    "notes": "Call before 5pm;  deliver to back door;; no weekends ",
} for n in names * 2]})

# 11. Numbers to format
write("number-formatting", {"invoice": {"number": "20240187", "items": [
    {"sku": rng.choice(skus), "qty": rng.randint(1, 1200), "unitPrice": rng.randint(1, 9999999) / 100, "discountRate": rng.choice([0, 0.05, 0.125])} for _ in range(12)],
    "pageCount": 3, "sequence": "007", "hexId": "1f4a", "totalText": "1,234,567.89"}})

# 12. Date pictures
write("date-pictures", {"rows": [{"id": i, "booked": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2024 {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                                  "valueDate": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"} for i in range(10)]})

# 13. Stripe payment_intent.succeeded event
write("stripe-payment-to-payment", {
    "id": "evt_3PXz1xLkdIwHu7ix0nRr5H1x", "object": "event", "api_version": "2024-06-20", "created": 1719849600, "livemode": False,
    "type": "payment_intent.succeeded", "pending_webhooks": 1, "request": {"id": "req_8tJdh2Cc1Lt2Ym", "idempotency_key": "o2c:order:SHOP-820982911946154508:capture"},
    "data": {"object": {
        "id": "pi_3PXz1xLkdIwHu7ix0y7VqCDb", "object": "payment_intent", "amount": 30104, "amount_received": 30104, "amount_capturable": 0,
        "currency": "usd", "status": "succeeded", "capture_method": "automatic", "created": 1719849590, "customer": "cus_QOFh3pD9d0bsTi",
        "description": "Order #1002", "metadata": {"order_id": "820982911946154600", "shop": "acme"},
        "latest_charge": "ch_3PXz1xLkdIwHu7ix0X1AYJ0u", "payment_method": "pm_1PXz1wLkdIwHu7ixyJm1Qx0B", "payment_method_types": ["card", "link"],
        "receipt_email": "jon@example.com", "shipping": {"name": "Jon Snow", "address": {"line1": "1 Main St", "city": "Ottawa", "country": "CA", "postal_code": "K2P 1L4", "state": "ON"}},
        "charges": {"object": "list", "data": [{"id": "ch_3PXz1xLkdIwHu7ix0X1AYJ0u", "amount": 30104, "amount_captured": 30104, "amount_refunded": 0,
                                                "balance_transaction": "txn_3PXz1xLkdIwHu7ix0KQ2x8nF", "paid": True, "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2027, "country": "US"}},
                                                "outcome": {"network_status": "approved_by_network", "risk_level": "normal", "type": "authorized"}}]},
    }},
})

# 14. Shopify order for the "written elsewhere" mapping: the example project's discounted order.
with open("../../examples/order-to-cash/mappings/shopify-order-to-order.examples/line-discount-with-taxed-shipping.input.json") as f:
    order = json.load(f)
order["tags"] = " vip, wholesale , ,first-order"
order["created_at"] = "2025-03-01T10:15:42-05:00"
write("shopify-order-written-elsewhere", order)
