#!/usr/bin/env bash
# Exact per-evaluation counts for the mapping benchmark (engine only): instructions, retain and
# release calls, allocations. Timings on a shared 2-core machine vary by ±8 %; these do not, so a
# change of a few per cent can be seen. Needs valgrind (apt-get install valgrind).
#
# valgrind 3.19 cannot read the DWARF 5 debug info Swift 6 emits, so a stripped copy of the release
# binary is profiled. The difference between 1,000 and 3,000 timed evaluations (each run also warms
# up with 1,000 and 2,000) is 3,000 evaluations: everything outside the loop cancels out.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d)
swift build -c release --product interchange-bench --scratch-path .build-release >/dev/null
cp .build-release/release/interchange-bench "$out/bench"
strip --strip-debug "$out/bench"
"$out/bench" mapping 10 "$out/data" engine-only >/dev/null
valgrind --tool=callgrind --callgrind-out-file="$out/a" "$out/bench" mapping 1000 "$out/data" engine-only >/dev/null 2>&1
valgrind --tool=callgrind --callgrind-out-file="$out/b" "$out/bench" mapping 3000 "$out/data" engine-only >/dev/null 2>&1
python3 Benchmarks/peers/callgrind_counts.py "$out/a" "$out/b" 3000
rm -rf "$out"
