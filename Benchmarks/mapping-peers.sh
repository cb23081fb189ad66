#!/usr/bin/env bash
# The storefront's orders/create → canonical Order mapping on a parsed 5-line order: Interchange's
# JSONata engine side by side with jsonatapy (PyPI, in a venv made here), in one run. The benchmark
# binary also times the same mapping written by hand in Swift, as a reference. Then every mapping of
# the corpus in Benchmarks/corpus, side by side with jsonatapy, after comparing their outputs.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
swift build -c release --product interchange-bench --scratch-path .build-release >/dev/null
python3 -m venv "$out/venv"
"$out/venv/bin/pip" install -q jsonatapy
.build-release/release/interchange-bench mapping 20000 "$out"
"$out/venv/bin/python" Benchmarks/peers/jsonatapy_mapping.py "$out" 2000
# The corpus: every mapping in Benchmarks/corpus, each checked against jsonatapy's output, then timed.
.build-release/release/interchange-bench corpus-mappings "${CORPUS_ITERATIONS:-2000}" "$out" > "$out/interchange.txt"
"$out/venv/bin/python" Benchmarks/peers/jsonatapy_corpus.py Benchmarks/corpus "$out" "${PEER_ITERATIONS:-200}"
rm -rf "$out"
