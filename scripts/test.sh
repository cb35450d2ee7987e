#!/usr/bin/env bash
# The project's test command (README, .ci/run): install dependencies, build, run every test.
# Tests that need PostgreSQL start their own disposable clusters through simulate/'s sandbox.
# A second build with ASan+UBSan runs the suites again (PGDRYDOCK_SKIP_ASAN=1 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh release
jobs=$(nproc)
(cd build && ctest --output-on-failure -j "$jobs" --timeout 900)
if [ "${PGDRYDOCK_SKIP_ASAN:-0}" != 1 ]; then
  bash scripts/build.sh asan
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  (cd build-asan && ctest --output-on-failure -j "$jobs" --timeout 900)
fi
