#!/usr/bin/env bash
# Whole-process time of `pgdrydock lint` vs squawk (npm package squawk-cli, installed into a
# temporary folder) on the same generated corpus. Prints both times and the ratio.
# Usage: bench/compare_squawk.sh [migrations=3000] [runs=5]   (needs build/ built first)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-3000}
runs=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

./build/bench/lint_throughput --write-corpus "$work/corpus" "$count"
bytes=$(cat "$work"/corpus/*.sql | wc -c)
(cd "$work" && npm install --silent --no-audit --no-fund squawk-cli@2.66.0 >/dev/null 2>&1)
squawk="$work/node_modules/.bin/squawk"
"$squawk" --version

# Best of N wall-clock runs, in seconds.
best() {
  local best_s=999999
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    best_s=$(awk -v s="$start" -v e="$end" -v b="$best_s" 'BEGIN { d = e - s; print (d < b) ? d : b }')
  done
  echo "$best_s"
}

ours=$(best ./build/pgdrydock lint "$work/corpus" --format gcc)
theirs=$(best "$squawk" "$work"/corpus/*.sql)
awk -v n="$count" -v bytes="$bytes" -v ours="$ours" -v theirs="$theirs" 'BEGIN {
  mb = bytes / 1048576
  printf "corpus: %d migrations, %.2f MB\n", n, mb
  printf "pgdrydock lint: %.3f s (%.1f MB/s)\n", ours, mb / ours
  printf "squawk 2.66:    %.3f s (%.1f MB/s)\n", theirs, mb / theirs
  printf "ratio pgdrydock/squawk: %.2f (target <= 0.5)\n", ours / theirs
}'
