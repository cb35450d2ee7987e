#!/usr/bin/env bash
# A whole history through `pgdrydock simulate` (issue 13): a generated golang-migrate history of
# N migrations (a new table every fifth step, otherwise a column, an index or a backfill on an
# earlier table), simulated whole at --rows 1000, then `--only` its middle migration (which
# must cost the replay up to it, not the rest). Wall time of each whole process.
# Or a real history: a folder in place of the count (its layout detected), and optionally a
# version to time with --only; the JSON report of the whole run is kept as $work/whole.json
# and summed (seed seconds, rows, verdicts) by the lines after the timings (copied to
# $SIMULATE_HISTORY_JSON when set).
# Usage: bench/simulate_history.sh [pgdrydock binary] [migrations=100 | FOLDER] [rows=1000] [ONLY]
set -euo pipefail
bin=${1:-build-release/pgdrydock}
count=${2:-100}
rows=${3:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

timed() {
  local start end rc=0 out=$1
  shift
  start=$(date +%s.%N)
  "$@" >"$out" 2>"$work/err" || rc=$?
  end=$(date +%s.%N)
  printf '%s: exit %d, %.1f s\n' "$*" "$rc" "$(echo "$end - $start" | bc)"
}

if [[ -d $count ]]; then
  echo "uptime before: $(uptime)"
  timed "$work/whole.json" "$bin" simulate "$count" --rows "$rows" --format json
  echo "uptime after: $(uptime)"
  [[ -n ${SIMULATE_HISTORY_JSON:-} ]] && cp "$work/whole.json" "$SIMULATE_HISTORY_JSON"
  python3 - "$work/whole.json" <<'PY'
import collections, json, sys
report = json.load(open(sys.argv[1]))
sims = [m["simulation"] for m in report["migrations"] if m.get("simulation")]
seed = sum(s.get("seed", {}).get("seconds", 0) for s in sims)
verdicts = collections.Counter(
    "up failed" if s.get("error") and not s.get("down_failed") else
    "down failed" if s.get("down_failed") else
    "reversible" if s.get("reversible") else "not reversible" for s in sims)
print(f"migrations simulated {len(sims)}, seed seconds {seed:.1f}, verdicts {dict(verdicts)}, "
      f"with an empty table {sum(1 for s in sims if s.get('empty_tables'))}")
empty = collections.Counter(t.split(":")[0] for s in sims for t in s.get("empty_tables") or [])
print("tables left empty (migrations):", dict(empty.most_common(8)))
PY
  if [[ -n ${4:-} ]]; then
    timed /dev/null "$bin" simulate "$count" --rows "$rows" --format json --only "$4"
  fi
  exit 0
fi

tables=0
for i in $(seq 1 "$count"); do
  v=$(printf '%04d' "$i")
  if ((i % 5 == 1)); then
    tables=$((tables + 1))
    up="CREATE TABLE t$tables (id bigserial PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());"
    down="DROP TABLE t$tables;"
  else
    case $((i % 5)) in
    2) up="ALTER TABLE t$tables ADD COLUMN c$i integer;" down="ALTER TABLE t$tables DROP COLUMN c$i;" ;;
    3) up="CREATE INDEX i$i ON t$tables (name);" down="DROP INDEX i$i;" ;;
    4) up="UPDATE t$tables SET name = name || '';" down="SELECT 1;" ;;
    0) up="ALTER TABLE t$tables ADD COLUMN d$i text DEFAULT 'x';" down="ALTER TABLE t$tables DROP COLUMN d$i;" ;;
    esac
  fi
  printf '%s\n' "$up" >"$work/${v}_step.up.sql"
  printf '%s\n' "$down" >"$work/${v}_step.down.sql"
done

middle=$(printf '%04d' $((count / 2)))
timed /dev/null "$bin" simulate "$work" --layout golang-migrate --rows "$rows" --format json
timed /dev/null "$bin" simulate "$work" --layout golang-migrate --rows "$rows" --format json --only "$middle"
