#!/usr/bin/env bash
# Validating the canonical Order (5 lines) with the compiled Order contract: Interchange's JSONSchema
# side by side with ajv (Debian's node-ajv) and jsonschema-rs (PyPI, in a venv made here), in one run;
# then the schema corpus (Benchmarks/corpus/schemas), each schema on a valid and an invalid instance.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
swift build -c release --product interchange-bench --scratch-path .build-release >/dev/null
bench=.build-release/release/interchange-bench

if ! dpkg -s node-ajv >/dev/null 2>&1; then apt-get update -qq && apt-get install -y -qq node-ajv >/dev/null; fi
python3 -m venv "$out/venv"
"$out/venv/bin/pip" install -q jsonschema-rs

for mode in asserted annotations; do
    "$bench" schema 200000 "$out" "$mode"
    NODE_PATH=/usr/share/nodejs node Benchmarks/peers/ajv-order.js "$out" "$mode"
    "$out/venv/bin/python" Benchmarks/peers/jsonschema_rs_order.py "$out" "$mode"
done
# The corpus: every schema in Benchmarks/corpus/schemas, valid and invalid instance, formats asserted,
# in ROUNDS (default 3) interleaved rounds of the three engines; each row keeps its minimum per engine.
iterations="${CORPUS_ITERATIONS:-20000}"
for round in $(seq "${ROUNDS:-3}"); do
    "$bench" corpus-schemas "$iterations" > "$out/interchange-$round.txt"
    NODE_PATH=/usr/share/nodejs node Benchmarks/peers/ajv-corpus.js Benchmarks/corpus/schemas "$iterations" > "$out/ajv-$round.txt"
    "$out/venv/bin/python" Benchmarks/peers/jsonschema_rs_corpus.py Benchmarks/corpus/schemas "$iterations" > "$out/rs-$round.txt"
done
for engine in interchange ajv rs; do python3 Benchmarks/peers/min_of_runs.py "$out/$engine"-*.txt > "$out/$engine.txt"; done
python3 Benchmarks/peers/schema_corpus_table.py "$out/interchange.txt" "$out/ajv.txt" "$out/rs.txt"
rm -rf "$out"
