"""Writes libFuzzer seed corpora from the conformance suites and the example project (never copied
into the repository: made in a temporary folder at each run)."""
import glob
import json
import os
import sys

out, shared, root = sys.argv[1], sys.argv[2], sys.argv[3]


def write(folder, name, data):
    os.makedirs(os.path.join(out, folder), exist_ok=True)
    with open(os.path.join(out, folder, name), "wb") as f:
        f.write(data)


examples = sorted(glob.glob(os.path.join(root, "examples/order-to-cash/mappings/*.examples/*.json")))
for i, path in enumerate(examples):
    data = open(path, "rb").read()
    write("json", f"example-{i}", data)
    if "shopify-order-to-order" in path and path.endswith(".input.json"):
        write("ingest", f"example-{i}", data)
for path in sorted(glob.glob(os.path.join(shared, "json-parsing/test_parsing/*.json"))):
    write("json", os.path.basename(path), open(path, "rb").read())

count = 0
for path in sorted(glob.glob(os.path.join(shared, "jsonata/groups/*/*.json"))):
    try:
        cases = json.load(open(path))
    except Exception:
        continue
    for case in cases if isinstance(cases, list) else [cases]:
        expr = case.get("expr")
        if not isinstance(expr, str):
            continue
        data = json.dumps(case.get("data")).encode("utf-8", "surrogatepass") if "data" in case else b""
        write("jsonata", f"case-{count}", expr.encode("utf-8", "surrogatepass") + b"\0" + data)
        count += 1
for i, path in enumerate(sorted(glob.glob(os.path.join(root, "examples/order-to-cash/mappings/*.jsonata")))):
    write("jsonata", f"mapping-{i}", open(path, "rb").read())

count = 0
for path in sorted(glob.glob(os.path.join(shared, "json-schema-test-suite/tests/draft2020-12/*.json"))):
    for group in json.load(open(path)):
        for test in group.get("tests", []):
            write("schema", f"case-{count}", json.dumps(group["schema"]).encode() + b"\0" + json.dumps(test["data"]).encode())
            count += 1
for i, path in enumerate(sorted(glob.glob(os.path.join(root, "examples/order-to-cash/contracts/*.json")))):
    write("schema", f"contract-{i}", open(path, "rb").read() + b"\0{}")

tiny = "0." + "0" * 50 + "1"
for i, seed in enumerate(["274.00|10.00|2", tiny + "|274.00|2", "1e-9223372036854775808|1|2", "99999999999999999999999999999999999999|1|0",
                          "-0.005|0.005|2", "12.345|3|-1", "1.5|2|1e300", "0.1|0.2|38", "abc|1|2", "5e3|2.50|4"]):
    for op in range(7):
        write("decimal", f"seed-{i}-{op}", bytes([op]) + seed.encode())
