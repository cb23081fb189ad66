#!/usr/bin/env bash
# Issue 5's chaos scenario at benchmark size (100,000 orders by default): the real hub and sandbox
# binaries (release), orders delivered shuffled with 5 % duplicates while the ERP and WMS inject 10 %
# 5xx, 5 % timeouts and 3 % commit-then-fail, the hub SIGKILLed and restarted 3 times, 1 % unknown
# SKUs corrected through the exception API. Prints one `chaos:` line with orders/s, exceptions and
# duplicates. Usage: Benchmarks/chaos.sh [orders]
set -euo pipefail
cd "$(dirname "$0")/.."
orders="${1:-100000}"
swift build -c release --product interchange --scratch-path .build-release >/dev/null
INTERCHANGE_BINARY="$PWD/.build-release/release/interchange" CHAOS_ORDERS="$orders" \
    swift test --filter ChaosTests 2>&1 | grep -E "^chaos:|✘|✔ Test ordersSurvive"
