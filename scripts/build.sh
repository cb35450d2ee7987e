#!/usr/bin/env bash
# Configures and builds one flavour of pgdrydock: `release` (build/), `asan` (build-asan/,
# AddressSanitizer + UndefinedBehaviorSanitizer) or `release-default` (build-release/: what a
# user gets from a plain `cmake -DCMAKE_BUILD_TYPE=Release`, product only, no tests or
# benchmarks; -O3 finds warnings the other flavours do not). Warnings are errors in all three.
# Targets after the flavour build only those (`build.sh release pgdrydock`: the executable
# alone, a few minutes on a fresh 2-core machine instead of the half hour tests and benchmarks
# take); none builds everything.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
shift || true
targets=("$@")
case "$flavour" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DPGDRYDOCK_SANITIZE=ON) ;;
  release-default)
    dir=build-release
    flags=(-DCMAKE_BUILD_TYPE=Release -DPGDRYDOCK_TESTS=OFF -DPGDRYDOCK_BENCH=OFF) ;;
  *) echo "usage: $0 [release|asan|release-default] [TARGET...]" >&2; exit 2 ;;
esac
# ccache keys on paths relative to the checkout, so a clone in another folder (CI) reuses what
# an earlier build of the same sources compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
cmake -S . -B "$dir" -G Ninja -DPGDRYDOCK_WERROR=ON "${flags[@]}" >/dev/null
ninja -C "$dir" "${targets[@]}"
