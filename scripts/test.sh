#!/usr/bin/env bash
# The project's test command (README, .ci/run): install dependencies, build, run every test.
# Tests that need PostgreSQL start their own disposable clusters through simulate/'s sandbox.
#
# The suites run on the AddressSanitizer + UndefinedBehaviorSanitizer build (warnings as
# errors, benchmarks compiled too): one build that catches memory and UB bugs keeps CI well
# inside its time budget on two cores. PGDRYDOCK_RELEASE_TESTS=1 also builds the optimised
# flavour (build/) and runs the suites on it; `bash scripts/build.sh release` alone checks that
# the optimised build compiles warning-free.
#
# The Release flavour with the project's default flags (what a user builds) is always
# compiled, product only (no tests, no benchmarks), so CI catches warnings that only -O3 shows
# (GCC 12's -Wrestrict false positives broke it once) without running the suites twice.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
jobs=$(nproc)

bash scripts/build.sh asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j "$jobs" --timeout 900)

bash scripts/build.sh release-default

if [ "${PGDRYDOCK_RELEASE_TESTS:-0}" = 1 ]; then
  unset ASAN_OPTIONS UBSAN_OPTIONS
  bash scripts/build.sh release
  (cd build && ctest --output-on-failure -j "$jobs" --timeout 900)
fi

# A brief fuzz run (tests/fuzz/README.md): builds the libFuzzer targets with clang in build-fuzz
# and runs each for 20 s on its corpus; a crash fails CI. Skipped where clang is missing.
if command -v clang++ >/dev/null; then
  bash scripts/fuzz.sh 20
else
  echo "test.sh: clang++ not found, fuzz run skipped"
fi
