#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang in build-fuzz and runs each for the
# given seconds on its corpus, one after the other on one core (-jobs=1), then prints per
# target: executions, coverage (cov: edges, ft: features), corpus size and crashes.
# Exit 1 when any target found a crash, hang, leak or out-of-memory (the input is kept in
# build-fuzz/artifacts/<target>/; replay it with `build-fuzz/fuzz/<target>_fuzzer FILE`).
#
#   bash scripts/fuzz.sh [seconds-per-target] [target...]      (default: 60 s, every target)
#
# The corpus grows in build-fuzz/corpus/<target>/ across runs (seeded each time by
# tests/fuzz/gather_seeds.sh). See tests/fuzz/README.md for the campaigns behind the record.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(lint folder stats config dsn catalog_cache)
build=${PGDRYDOCK_FUZZ_BUILD:-build-fuzz}

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
# -O1 and line tables only: fast enough to fuzz, quick to build, stack traces with lines.
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Fuzz \
    -DCMAKE_CXX_FLAGS_FUZZ="-O1 -gline-tables-only" -DPGDRYDOCK_FUZZ=ON \
    -DPGDRYDOCK_TESTS=OFF -DPGDRYDOCK_BENCH=OFF >/dev/null
fi
ninja -C "$build" -j "${PGDRYDOCK_FUZZ_BUILD_JOBS:-$(nproc)}" "${targets[@]/%/_fuzzer}"

bash tests/fuzz/gather_seeds.sh "$build/seeds" >/dev/null
# Inputs are written to files, as the product reads them: a tmpfs keeps that cheap.
scratch=$(mktemp -d "$( [ -w /dev/shm ] && echo /dev/shm || echo /tmp )/pgdrydock-fuzz-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
export TMPDIR=$scratch
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export PGDRYDOCK_FUZZ_PARSE_STATS=1

declare -A max_len=([lint]=4096 [folder]=4096 [stats]=2048 [config]=1024 [dsn]=256 [catalog_cache]=4096)
failed=0
summary=()
for t in "${targets[@]}"; do
  corpus=$build/corpus/$t
  artifacts=$build/artifacts/$t
  log=$build/logs/$t.log
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  [ "$t" = lint ] && dict=(-dict=tests/fuzz/sql.dict)
  start=$(date +%s)
  set +e
  "$build/fuzz/${t}_fuzzer" "${dict[@]}" -max_len="${max_len[$t]}" -timeout=10 \
    -rss_limit_mb=2048 -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" "$build/seeds/$t" >"$log" 2>&1
  rc=$?
  set -e
  elapsed=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
  found=$(find "$artifacts" -type f | wc -l)
  parse=$(grep -o 'parsed=[0-9]* ([0-9.]*%)' "$log" | tail -1 || true)
  line=$(printf '%-7s %6ss  execs=%-9s %-22s corpus=%-5s crashes=%s %s' "$t" "$elapsed" \
    "${execs:-?}" "${cov:-cov: ?}" "$(ls "$corpus" | wc -l)" "$found" "$parse")
  summary+=("$line")
  if [ "$rc" -ne 0 ] || [ "$found" -gt 0 ]; then
    failed=1
    echo "fuzz: $t: exit $rc, see $log and $artifacts/" >&2
    grep -m3 -E 'ERROR|SUMMARY|terminate|deadly' "$log" >&2 || true
  fi
done
printf '%s\n' "${summary[@]}"
exit "$failed"
