#!/usr/bin/env bash
# The project's main job on the bundled examples: install, build, lint and simulate them.
# Lint exits 1 here on purpose: the examples include the dangerous migrations from the guides.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
# The executable only: the examples need nothing else (tests and benchmarks: scripts/test.sh).
bash scripts/build.sh release pgdrydock
status=0
for dir in examples/*/; do
  echo "=== pgdrydock lint $dir"
  ./build/pgdrydock lint "$dir" || status=$?
done
echo "=== pgdrydock simulate examples/golang-migrate/ --rows 10000"
./build/pgdrydock simulate examples/golang-migrate/ --rows 10000 || status=$?
echo "(exit status of the last failing step: $status; 1 means findings, as expected for these examples)"
