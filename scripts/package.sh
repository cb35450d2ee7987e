#!/usr/bin/env bash
# Builds the Debian package (CPack, cmake/install.cmake) from the release-default flavour
# (build-release/: Release, no tests or benchmarks) and checks it as a user would get it:
# its Depends name the shared libraries pgdrydock links (dpkg-shlibdeps), and, unpacked into a
# temporary prefix (dpkg-deb -x: nothing is installed on this machine), the packaged pgdrydock
# prints its version and lints the bundled examples. Prints the .deb's path last.
# Install it on Debian 12 with: apt-get install ./build-release/pgdrydock_*.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release-default pgdrydock pgdrydock_docs
rm -f build-release/pgdrydock_*.deb
(cd build-release && cpack -G DEB >/dev/null)
deb=$(ls build-release/pgdrydock_*.deb)

depends=$(dpkg-deb -f "$deb" Depends)
echo "package: $deb"
echo "Depends: $depends"
for lib in libpg-query libpqxx libfmt libtomlplusplus libsimdjson libstdc++6; do
  case "$depends" in
    *"$lib"*) ;;
    *) echo "package.sh: Depends lacks $lib" >&2; exit 1 ;;
  esac
done

prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
dpkg-deb -x "$deb" "$prefix"
for file in usr/bin/pgdrydock usr/bin/pgdrydock-pre-commit usr/share/man/man1/pgdrydock.1 \
  usr/share/bash-completion/completions/pgdrydock usr/share/pgdrydock/alembic/render_revisions.py \
  usr/share/doc/pgdrydock/rules/require-concurrent-index-creation.md; do
  [ -e "$prefix/$file" ] || { echo "package.sh: $file missing from the package" >&2; exit 1; }
done
"$prefix/usr/bin/pgdrydock" --version
# The examples hold the guides' dangerous migrations: findings (exit 1) are the expected result.
status=0
"$prefix/usr/bin/pgdrydock" lint examples/golang-migrate/ --format gcc >"$prefix/lint.txt" || status=$?
if [ "$status" -ne 1 ] || ! grep -q '\[require-concurrent-index-creation\]' "$prefix/lint.txt"; then
  echo "package.sh: the packaged pgdrydock's lint exited $status:" >&2
  cat "$prefix/lint.txt" >&2
  exit 1
fi
echo "packaged lint: $(grep -c ': error: \|: warning: ' "$prefix/lint.txt") findings, exit 1 as expected"
echo "$deb"
