"""jsonatapy evaluating the same Shopify → canonical Order mapping on the same 5-line order.

jsonatapy has no exact-decimal helpers, so the script registers Python implementations of
$decimalMul, $decimalRound and $decimalSum (decimal.Decimal, half-up), as a hub would.
"""
import json
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

import jsonatapy

directory = sys.argv[1]
iterations = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
order = json.load(open(f"{directory}/shopify-order.json"))
source = open(f"{directory}/mapping.jsonata").read()


def as_decimal(value):
    return Decimal(str(value))


def decimal_round(value, scale, mode="half-up"):
    quantum = Decimal(1).scaleb(-int(scale))
    return str(as_decimal(value).quantize(quantum, rounding=ROUND_HALF_UP))


tax_categories = json.load(open(f"{directory}/tax-categories.json"))


def lookup(first, key):
    # The hub's $lookup(table, key) over project tables; JSONata's own $lookup for objects.
    if isinstance(first, str):
        return tax_categories.get(key) if first == "tax-categories" else None
    return first.get(key) if isinstance(first, dict) else None


expression = jsonatapy.compile(source)
expression.register_override("lookup", lookup)
expression.register("decimalMul", lambda a, b: str(as_decimal(a) * as_decimal(b)))
expression.register("decimalRound", decimal_round)
expression.register("decimalSum", lambda values: str(sum((as_decimal(v) for v in (values if isinstance(values, list) else [values])), Decimal(0))))

result = expression.evaluate(order)
# jsonatapy reads JSON numbers as doubles: the 64-bit Shopify id comes out rounded.
print(f"jsonatapy id: {result['id']} (exact: SHOP-820982911946154508)")
assert result["lines"][0]["taxes"][0]["category"] == "SALES_TAX"
for _ in range(min(iterations, 200)):
    expression.evaluate(order)
start = time.perf_counter()
for _ in range(iterations):
    expression.evaluate(order)
micros = (time.perf_counter() - start) * 1e6 / iterations
print(f"jsonatapy: {micros:.2f} µs/evaluation")
