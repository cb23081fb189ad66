"""jsonschema-rs validating the same Order instance against the same Order contract (draft 2020-12)."""
import json
import sys
import time

import jsonschema_rs

directory = sys.argv[1]
assert_formats = len(sys.argv) < 3 or sys.argv[2] != "annotations"
iterations = 200_000
common = json.load(open(f"{directory}/common.schema.json"))
schema = json.load(open(f"{directory}/order.schema.json"))
order = json.load(open(f"{directory}/order.json"))
currencies = set(open(f"{directory}/currencies.txt").read().split())
countries = set(open(f"{directory}/countries.txt").read().split())
registry = jsonschema_rs.Registry([(common["$id"], common)])
formats = {
    "decimal": lambda s: s.replace(".", "", 1).lstrip("-").isdigit(),
    "currency": lambda s: s in currencies,
    "country": lambda s: s in countries,
    "gstin": lambda s: len(s) == 15,
}
validator = jsonschema_rs.validator_for(schema, registry=registry, validate_formats=assert_formats, formats=formats if assert_formats else None)
assert validator.is_valid(order), list(validator.iter_errors(order))[:3]
for _ in range(20_000):
    validator.is_valid(order)
start = time.perf_counter()
valid = 0
for _ in range(iterations):
    if validator.is_valid(order):
        valid += 1
micros = (time.perf_counter() - start) * 1e6 / iterations
assert valid == iterations
print(f"jsonschema-rs {jsonschema_rs.__version__ if hasattr(jsonschema_rs, '__version__') else ''} (formats {'asserted' if assert_formats else 'off'}): {micros:.3f} µs/validation")
