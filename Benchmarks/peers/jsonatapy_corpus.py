"""jsonatapy on the mapping corpus: checks each output against Interchange's (written by
`interchange-bench corpus-mappings N OUT`), then times it, and prints a table with the ratios.

The hub's functions are registered in Python as a hub would: $lookup over tables.json (JSONata's
own $lookup for objects), $xref, and the exact-decimal helpers with decimal.Decimal. Differences
in 64-bit ids (jsonatapy reads JSON numbers as doubles) are reported but not counted.
"""
import json
import sys
import time
from decimal import ROUND_HALF_UP, Decimal

import jsonatapy

corpus, out, iterations = sys.argv[1], sys.argv[2], int(sys.argv[3])
ours = {}
for line in open(f"{out}/interchange.txt"):
    name, micros, tier = line.split()
    ours[name] = (float(micros), tier)
tables = json.load(open(f"{corpus}/tables.json"))


def as_decimal(value):
    return Decimal(str(value))


def lookup(first, key):
    if isinstance(first, str):
        return tables.get(first, {}).get(key)
    if isinstance(first, dict):
        return first.get(key)
    if isinstance(first, list):
        found = [item[key] for item in first if isinstance(item, dict) and key in item]
        return None if not found else found[0] if len(found) == 1 else found
    return None


def decimal_round(value, scale, mode="half-up"):
    return str(as_decimal(value).quantize(Decimal(1).scaleb(-int(scale)), rounding=ROUND_HALF_UP))


def decimal_sum(values):
    values = values if isinstance(values, list) else [values]
    return str(sum((as_decimal(v) for v in values), Decimal(0)))


def compare(a, b):
    return 0 if as_decimal(a) == as_decimal(b) else (-1 if as_decimal(a) < as_decimal(b) else 1)


def scale(value):
    exponent = as_decimal(value).as_tuple().exponent
    return max(0, -exponent)


def is_id_difference(a, b):
    """Strings or numbers that differ only in a 64-bit id's last digits (jsonatapy's doubles)."""
    return isinstance(a, (str, int)) and isinstance(b, (str, int)) and str(a)[:8] == str(b)[:8] and len(str(a)) >= 15


def differences(a, b, path=""):
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                found.append(f"{path}/{k}: only in {'interchange' if k in a else 'jsonatapy'}")
            else:
                found += differences(a[k], b[k], f"{path}/{k}")
        return found
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items vs {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}/{i}")]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return [] if a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b)) else [f"{path}: {a} vs {b}"]
    if a != b and not is_id_difference(a, b):
        return [f"{path}: {json.dumps(a)[:60]} vs {json.dumps(b)[:60]}"]
    return []


rows = []
for name in sorted(ours):
    source = open(f"{corpus}/mappings/{name}.jsonata").read()
    document = json.load(open(f"{corpus}/mappings/{name}.input.json"))
    expression = jsonatapy.compile(source)
    expression.register_override("lookup", lookup)
    expression.register("xref", lambda system, kind, ident: tables["xref"].get(f"{system}/{kind}/{ident}"))
    expression.register("decimalAdd", lambda a, b: str(as_decimal(a) + as_decimal(b)))
    expression.register("decimalSub", lambda a, b: str(as_decimal(a) - as_decimal(b)))
    expression.register("decimalMul", lambda a, b: str(as_decimal(a) * as_decimal(b)))
    expression.register("decimalRound", decimal_round)
    expression.register("decimalSum", decimal_sum)
    expression.register("decimalCompare", compare)
    expression.register("decimalScale", scale)
    try:
        theirs = expression.evaluate(document)
    except Exception as error:  # a peer that cannot run a mapping is reported, not timed
        rows.append((name, ours[name][0], None, ours[name][1], [f"jsonatapy failed: {error}"]))
        continue
    mine = json.load(open(f"{out}/{name}.output.json"))
    diffs = differences(mine, theirs)
    for _ in range(min(iterations, 50)):
        expression.evaluate(document)
    start = time.perf_counter()
    for _ in range(iterations):
        expression.evaluate(document)
    peer = (time.perf_counter() - start) * 1e6 / iterations
    micros, tier = ours[name]
    rows.append((name, micros, peer, tier, diffs))

print(f"{'mapping':34} {'Interchange µs':>15} {'jsonatapy µs':>13} {'ratio':>7}  tier         output")
ratios = []
for name, micros, peer, tier, diffs in rows:
    same = "same" if not diffs else f"DIFFERS ({len(diffs)}): {diffs[0]}"
    if peer is None:
        print(f"{name:34} {micros:15.2f} {'—':>13} {'—':>7}  {tier:12} {same}")
        continue
    ratio = peer / micros
    ratios.append(ratio)
    print(f"{name:34} {micros:15.2f} {peer:13.2f} {ratio:6.1f}×  {tier:12} {same}")
ratios.sort()
median = ratios[len(ratios) // 2] if len(ratios) % 2 else (ratios[len(ratios) // 2 - 1] + ratios[len(ratios) // 2]) / 2
print(f"slowest ratio {ratios[0]:.1f}×, median {median:.1f}× over {len(ratios)} mappings")
