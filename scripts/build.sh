#!/usr/bin/env bash
# Configures and builds one flavour of pgdrydock: `release` (build/) or `asan` (build-asan/,
# AddressSanitizer + UndefinedBehaviorSanitizer). Warnings are errors in both.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
case "$flavour" in
  release) dir=build; flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  asan) dir=build-asan; flags=(-DCMAKE_BUILD_TYPE=Debug -DPGDRYDOCK_SANITIZE=ON) ;;
  *) echo "usage: $0 [release|asan]" >&2; exit 2 ;;
esac
cmake -S . -B "$dir" -G Ninja -DPGDRYDOCK_WERROR=ON "${flags[@]}" >/dev/null
ninja -C "$dir"
