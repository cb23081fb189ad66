#!/usr/bin/env bash
# Fuzzes every path outside input reaches, with libFuzzer and AddressSanitizer: the JSON parser, the
# JSONata parser and evaluator, the exact-decimal money helpers, the JSON Schema compiler, validator
# and regex engine, and the ingest path (parse → Shopify mapping → Order contract).
# Usage: Fuzz/run.sh [seconds per target, default 120]. Prints one line per target: runs, crashes.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-120}"
shared="$(cd ../.. && pwd)/shared/testsuites"
work="$(mktemp -d)"
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >/dev/null
python3 seeds.py "$work/seeds" "$shared" "$(cd .. && pwd)"
status=0
for target in JSON JSONata Decimal Schema Ingest; do
    folder=$(echo "$target" | tr '[:upper:]' '[:lower:]')
    mkdir -p "$work/corpus-$folder" "$work/seeds/$folder" "$work/artifacts-$folder"
    log="$work/$folder.log"
    # Leaks are checked for every input (LeakSanitizer), except in the ingest harness, whose example
    # project is loaded once and kept for the whole run.
    leaks=1
    if [ "$target" = Ingest ]; then leaks=0; fi
    # -timeout: an input that runs longer than 10 s counts as a hang (a crash for this report).
    if ASAN_OPTIONS="detect_leaks=$leaks" ".build/release/Fuzz$target" "$work/corpus-$folder" "$work/seeds/$folder" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=4096 -detect_leaks="$leaks" -artifact_prefix="$work/artifacts-$folder/" -print_final_stats=1 >"$log" 2>&1; then
        result="no crash, no hang"
    else
        result="FAILED: $(ls "$work/artifacts-$folder" | head -3 | tr '\n' ' ') (log: $log)"
        status=1
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || echo "?")
    seeds=$(ls "$work/seeds/$folder" | wc -l)
    printf "Fuzz%-8s %10s inputs in %ss from %s seeds: %s\n" "$target" "$runs" "$seconds" "$seeds" "$result"
done
if [ "$status" -eq 0 ]; then rm -rf "$work"; fi
exit "$status"
