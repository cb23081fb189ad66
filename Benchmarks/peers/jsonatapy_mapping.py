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


expression = jsonatapy.compile(source)
expression.register("decimalMul", lambda a, b: str(as_decimal(a) * as_decimal(b)))
expression.register("decimalRound", decimal_round)
expression.register("decimalSum", lambda values: str(sum((as_decimal(v) for v in (values if isinstance(values, list) else [values])), Decimal(0))))

result = expression.evaluate(order)
# jsonatapy reads JSON numbers as doubles: the 64-bit Shopify id comes out rounded.
print(f"jsonatapy id: {result['id']} (exact: SHOP-820982911946154508)")
for _ in range(min(iterations, 200)):
    expression.evaluate(order)
start = time.perf_counter()
for _ in range(iterations):
    expression.evaluate(order)
micros = (time.perf_counter() - start) * 1e6 / iterations
print(f"jsonatapy: {micros:.2f} µs/evaluation")
