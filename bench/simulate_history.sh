#!/usr/bin/env bash
# A whole history through `pgdrydock simulate` (issue 13): a generated golang-migrate history of
# N migrations (a new table every fifth step, otherwise a column, an index or a backfill on an
# earlier table), simulated whole at --rows 1000, then `--only` its middle migration (which
# must cost the replay up to it, not the rest). Wall time of each whole process.
# Usage: bench/simulate_history.sh [pgdrydock binary] [migrations=100] [rows=1000]
set -euo pipefail
bin=${1:-build-release/pgdrydock}
count=${2:-100}
rows=${3:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

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

timed() {
  local start end rc=0
  start=$(date +%s.%N)
  "$@" >/dev/null 2>"$work/err" || rc=$?
  end=$(date +%s.%N)
  printf '%s: exit %d, %.1f s\n' "$*" "$rc" "$(echo "$end - $start" | bc)"
}
middle=$(printf '%04d' $((count / 2)))
timed "$bin" simulate "$work" --layout golang-migrate --rows "$rows" --format json
timed "$bin" simulate "$work" --layout golang-migrate --rows "$rows" --format json --only "$middle"
