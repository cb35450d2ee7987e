#!/usr/bin/env bash
# Gathers the seed corpora of the fuzz targets into OUT/<target>/ (files named by their hash,
# so a rerun adds nothing twice): the curated seeds of tests/fuzz/seeds/, and for the SQL
# targets every .sql of examples/, rules/fixtures/ and tests/, the ```sql blocks of the seed
# documents (../shared/seeds, or $PGDRYDOCK_SEED_DOCS), and each fixture migration folder
# written as one tar-like blob (the folder fuzzer's input format, tests/fuzz/entries/folder_entry.h).
# Usage: tests/fuzz/gather_seeds.sh OUT
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: gather_seeds.sh OUT}
docs=${PGDRYDOCK_SEED_DOCS:-../shared/seeds}

# add TARGET FILE: copies FILE into OUT/TARGET under its hash.
add() {
  local hash
  hash=$(sha1sum "$2" | cut -c1-16)
  cp "$2" "$out/$1/$hash"
}

for t in lint folder stats config dsn catalog_cache; do
  mkdir -p "$out/$t"
  for f in tests/fuzz/seeds/$t/*; do
    [ -f "$f" ] && add "$t" "$f"
  done
done

while IFS= read -r -d '' f; do
  add lint "$f"
done < <(find examples rules/fixtures tests -name '*.sql' -size -64k -not -path 'tests/fuzz/*' -print0)

# The documents' SQL: each ```sql block becomes one seed.
if [ -d "$docs" ]; then
  tmp=$(mktemp -d)
  for doc in "$docs"/*; do
    awk -v dir="$tmp" -v base="$(basename "$doc")" '
      /^```(sql|SQL|postgresql|psql)[[:space:]]*$/ { inside = 1; n++; file = dir "/" base "." n; next }
      /^```/ { inside = 0; next }
      inside { print > file }' "$doc"
  done
  for f in "$tmp"/*; do
    [ -f "$f" ] && add lint "$f"
  done
  rm -rf "$tmp"
fi

# Every fixture migration folder as one blob: "=== relative/name" then the file's bytes.
blob_of() {
  (cd "$1" && find . -type f -size -16k | sort | head -32 | while IFS= read -r f; do
    printf '=== %s\n' "${f#./}"
    cat "$f"
  done)
}
tmp=$(mktemp -d)
i=0
for dir in tests/fixtures/layouts/* examples/*; do
  [ -d "$dir" ] || continue
  i=$((i + 1))
  blob_of "$dir" > "$tmp/$i"
  add folder "$tmp/$i"
done
rm -rf "$tmp"

for t in lint folder stats config dsn catalog_cache; do
  echo "gather_seeds: $t: $(ls "$out/$t" | wc -l) seeds"
done
