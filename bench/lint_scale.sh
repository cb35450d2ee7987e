#!/usr/bin/env bash
# Lint at scale (issue 15): every row of the issue's "Targets" table, measured in one run and
# printed as a markdown table of ratios (ready to paste into bench/README.md).
#
# Usage: bench/lint_scale.sh [--quick] [--runs N] [--timeout S] [--history-timeout S] [binary]
#   binary             pgdrydock to measure (default build-release/pgdrydock of this checkout)
#   --runs N           best of N whole-process runs per measure (default 3)
#   --timeout S        limit per run of the single-file cases (default 120 s)
#   --history-timeout S  limit per run of the whole-history cases (default 600 s)
#   --quick            smaller sizes and limits of 30 s (a smoke test of the script, under a minute)
#
# Everything is generated and installed into one temporary folder, removed at exit: the
# history (bench/generate_history.py), the single-file cases (bench/generate_statements.py)
# and squawk (npm squawk-cli, the comparison the issue names). Run by hand, never by ctest:
# it takes minutes and its numbers only mean something as ratios within one run.
set -euo pipefail
export LC_ALL=C # EPOCHREALTIME and awk must agree on the decimal point
export PYTHONDONTWRITEBYTECODE=1 # the generators leave nothing in the checkout

here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/build-release/pgdrydock
runs=3
timeout_s=120
history_timeout_s=600
quick=0
squawk_version=2.66.0

usage() { sed -n '5,10p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case $1 in
  --quick) quick=1 ;;
  --runs) runs=$2 && shift ;;
  --timeout) timeout_s=$2 && shift ;;
  --history-timeout) history_timeout_s=$2 && shift ;;
  -h | --help) usage && exit 0 ;;
  -*) echo "lint_scale.sh: unknown option $1" >&2 && usage >&2 && exit 2 ;;
  *) bin=$1 ;;
  esac
  shift
done
bin=$(realpath "$bin")
[[ -x $bin ]] || { echo "lint_scale.sh: no executable $bin (build it first)" >&2 && exit 2; }

# Sizes: the issue's, or much smaller ones for --quick.
if ((quick)); then
  files=100 grow_a=(10 40) grow_b=(25 100) ddl_mb=1 insert_mb=5
  columns=(10000 1000) from_items=(10000 1000)
  if ((timeout_s > 30)); then timeout_s=30; fi
  if ((history_timeout_s > 30)); then history_timeout_s=30; fi
else
  files=2000 grow_a=(100 400) grow_b=(500 2000) ddl_mb=20 insert_mb=50
  columns=(200000 20000) from_items=(100000 10000)
fi
# A run longer than this is not repeated: such a case is far from its target, and on a shared
# machine a second run of minutes only costs the other users.
long_s=60
precommit_runs=$((runs > 20 ? runs : 20)) # milliseconds-long: more runs are cheap

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A cache (if the binary has one) must start empty and never touch the user's.
export XDG_CACHE_HOME=$work/xdg-cache
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

load_before=$(uptime)
log "binary: $bin ($("$bin" --version 2>&1 | head -n 1))"

# --- squawk ------------------------------------------------------------------------------
if ! command -v npm >/dev/null; then
  log "npm missing: apt-get install -y nodejs npm"
  apt-get install -y nodejs npm >/dev/null || { apt-get update >/dev/null && apt-get install -y nodejs npm >/dev/null; }
fi
log "installing squawk-cli@$squawk_version from npm into $work/squawk"
mkdir "$work/squawk"
(cd "$work/squawk" && npm install --silent --no-audit --no-fund "squawk-cli@$squawk_version" >/dev/null 2>&1)
# The package's `squawk` is a node script starting a native binary; time the native binary, so
# node's start-up is not counted against squawk.
squawk=$(compgen -G "$work/squawk/node_modules/@squawk-cli/*/bin/squawk" | head -n 1 || true)
[[ -n $squawk ]] || squawk=$work/squawk/node_modules/.bin/squawk
log "squawk: $squawk ($("$squawk" --version))"

# --- inputs ------------------------------------------------------------------------------
log "generating a history of $files files and the single-file cases"
hist=$work/history
python3 "$here/bench/generate_history.py" "$hist" --files "$files"
all=("$hist"/*.up.sql)
newest=${all[-1]}
hist_mb=$(du -sm --apparent-size "$hist" | cut -f1) # the bytes, not the disk blocks
# The generator is sequential and seeded: its first N files are the N-file history. Smaller
# histories are hard links to them.
prefix() {
  local n=$1 dir=$work/history-$1
  mkdir -p "$dir"
  ln "${all[@]:0:n}" "$dir"/
  echo "$dir"
}
gen() { python3 "$here/bench/generate_statements.py" "$@"; }
gen ddl "$work/ddl.sql" --mb "$ddl_mb"
gen insert "$work/insert.sql" --mb "$insert_mb"
gen add-columns "$work/columns-big.sql" --count "${columns[0]}"
gen add-columns "$work/columns-small.sql" --count "${columns[1]}"
gen from-list "$work/from-big.sql" --count "${from_items[0]}"
gen from-list "$work/from-small.sql" --count "${from_items[1]}"
mkdir "$work/one"
cp "${all[0]}" "$work/one/" # one ordinary migration (~10 kB, ~30 statements), no history
small=$work/one/$(basename "${all[0]}")

# What this binary offers (the issue adds these; before it they do not exist).
help=$("$bin" lint --help 2>&1)
has() { grep -q -- "$1" <<<"$help"; }
no_cache=()
if has --no-cache; then no_cache=(--no-cache); fi

# --- measuring ---------------------------------------------------------------------------
# Per measure NAME: W (best wall, s), R (largest max RSS, KiB), C (exit code of the last run),
# N (runs done), T (1: a run hit the limit), E (first line of the last run's stderr).
declare -A W R C N T E

# measure NAME RUNS LIMIT CMD...: best of RUNS whole-process runs of CMD, each under `timeout`
# (LIMIT seconds). Max RSS from GNU time: it waits for `timeout`, whose rusage includes the
# child it waited for, so %M is the command's peak. An argument @FRESH@ becomes a new empty
# folder in every run (a cold cache).
measure() {
  local name=$1 count=$2 limit=$3
  shift 3
  local i t0 t1 rc wall rss arg args
  W[$name]='' R[$name]=0 T[$name]=0 N[$name]=0
  for ((i = 1; i <= count; i++)); do
    args=()
    for arg in "$@"; do
      if [[ $arg == @FRESH@ ]]; then
        arg=$(mktemp -d "$work/fresh.XXXXXX")
      fi
      args+=("$arg")
    done
    rc=0
    t0=$EPOCHREALTIME
    /usr/bin/time -f '%M' -o "$work/time.out" timeout -k 5 "$limit" "${args[@]}" \
      >/dev/null 2>"$work/stderr" || rc=$?
    t1=$EPOCHREALTIME
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    rss=$(tail -n 1 "$work/time.out")
    [[ $rss =~ ^[0-9]+$ ]] || rss=0
    N[$name]=$i C[$name]=$rc
    # The temporary folder's path left out, so the message itself fits (the size-limit check
    # below reads it).
    E[$name]=$(head -n 1 "$work/stderr" | sed "s|$work/||g" | cut -c 1-160)
    if ((rss > R[$name])); then R[$name]=$rss; fi
    if ((rc == 124)) || { ((rc == 137)) && awk -v w="$wall" -v l="$limit" 'BEGIN { exit !(w >= l) }'; }; then
      T[$name]=1
      W[$name]=$limit
      log "  $name: timeout at $limit s"
      return 0
    fi
    if [[ -z ${W[$name]} ]] || awk -v w="$wall" -v b="${W[$name]}" 'BEGIN { exit !(w < b) }'; then
      W[$name]=$wall
    fi
    if awk -v w="$wall" -v l="$long_s" 'BEGIN { exit !(w > l) }'; then break; fi
  done
  log "  $name: ${W[$name]} s, $((R[$name] / 1024)) MiB, exit ${C[$name]} (best of ${N[$name]})"
}

# measure_bare NAME RUNS CMD...: best wall of RUNS runs with no wrapper process (time and
# timeout cost a few ms of their own, which matter for the pre-commit target only).
measure_bare() {
  local name=$1 count=$2 i t0 t1 wall
  shift 2
  for ((i = 1; i <= count; i++)); do
    t0=$EPOCHREALTIME
    "$@" >/dev/null 2>&1 || true
    t1=$EPOCHREALTIME
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
    if ((i == 1)) || awk -v w="$wall" -v b="${W[$name]}" 'BEGIN { exit !(w < b) }'; then
      W[$name]=$wall
    fi
  done
  N[$name]=$count T[$name]=0
  log "  $name: ${W[$name]} s (best of $count)"
}

H=$history_timeout_s

log "whole history ($files files, $hist_mb MB), --format json"
measure whole "$runs" "$H" "$bin" lint "$hist" --format json "${no_cache[@]}"
measure squawk "$runs" "$H" "$squawk" --reporter json "${all[@]}"

log "growth ${grow_a[0]} -> ${grow_a[1]} and ${grow_b[0]} -> ${grow_b[1]} files"
for n in "${grow_a[@]}" "${grow_b[@]}"; do
  if ((n == files)); then # the whole history, measured above
    W[grow$n]=${W[whole]} R[grow$n]=${R[whole]} C[grow$n]=${C[whole]}
    N[grow$n]=${N[whole]} T[grow$n]=${T[whole]} E[grow$n]=${E[whole]}
    continue
  fi
  dir=$(prefix "$n")
  measure "grow$n" "$runs" "$H" "$bin" lint "$dir" --format json "${no_cache[@]}"
done

log "--changed the newest file"
if has --cache-dir; then
  measure changed_cold "$runs" "$H" "$bin" lint "$hist" --changed "$newest" --format json --cache-dir @FRESH@
  mkdir "$work/warm-cache"
  measure changed_prime 1 "$H" "$bin" lint "$hist" --changed "$newest" --format json --cache-dir "$work/warm-cache"
  measure changed_warm "$runs" "$H" "$bin" lint "$hist" --changed "$newest" --format json --cache-dir "$work/warm-cache"
else
  measure changed_cold "$runs" "$H" "$bin" lint "$hist" --changed "$newest" --format json
fi

log "single files (limit $timeout_s s each)"
S=$timeout_s
measure ddl 1 "$S" "$bin" lint "$work/ddl.sql" --format json
measure insert 1 "$S" "$bin" lint "$work/insert.sql" --format json
measure columns_big 1 "$S" "$bin" lint "$work/columns-big.sql" --format json
measure columns_small "$runs" "$S" "$bin" lint "$work/columns-small.sql" --format json
measure from_big 1 "$S" "$bin" lint "$work/from-big.sql" --format json
measure from_small "$runs" "$S" "$bin" lint "$work/from-small.sql" --format json

log "pre-commit: one small file, no history"
measure_bare precommit "$precommit_runs" "$bin" lint "$small" --format gcc
measure precommit_rss 1 "$S" "$bin" lint "$small" --format gcc

# Serial vs parallel on the whole history; if that timed out (nothing to compare), on the
# largest growth history that finished, against its default run measured above.
par=whole par_dir=$hist par_files=$files
if ((T[whole])); then
  for n in "${grow_b[0]}" "${grow_a[1]}" "${grow_a[0]}"; do
    if [[ ${T[grow$n]} == 0 ]]; then
      par=grow$n par_dir=$work/history-$n par_files=$n
      break
    fi
  done
fi
log "serial vs parallel, $par_files files"
if has --threads; then
  serial_how="--threads 1"
  measure serial "$runs" "$H" "$bin" lint "$par_dir" --format json --threads 1 "${no_cache[@]}"
elif (($(nproc) > 1)); then
  # No threads option yet: pin the process to one core, which is what --threads 1 would cost
  # in wall time (threads it starts anyway share that core).
  serial_how="taskset -c 0 (no --threads option)"
  measure serial "$runs" "$H" taskset -c 0 "$bin" lint "$par_dir" --format json "${no_cache[@]}"
else
  serial_how="n/a (one core)"
fi
load_after=$(uptime)

# --- report ------------------------------------------------------------------------------
# sec NAME: the best time, or "timeout at S s"; an exit code other than 0/1 (findings) is shown.
sec() {
  local name=$1 s
  if ((T[$name])); then
    s="timeout at ${W[$name]} s"
  else
    s=$(awk -v w="${W[$name]}" 'BEGIN { printf(w < 1 ? "%.0f ms" : "%.2f s", w < 1 ? w * 1000 : w) }')
  fi
  ((C[$name] == 0 || C[$name] == 1 || T[$name])) || s="$s, exit ${C[$name]}"
  echo "$s"
}
mib() { echo "$((R[$1] / 1024)) MiB"; }
runs_of() { echo "best of ${N[$1]}"; }
# ratio A B: W[A] / W[B]; "> x" when A timed out (its limit is a lower bound), "n/a" when B did.
ratio() {
  if ((T[$2])); then
    echo "n/a"
  else
    awk -v a="${W[$1]}" -v b="${W[$2]}" -v t="${T[$1]}" 'BEGIN { printf("%s%.2f", t ? "> " : "", a / b) }'
  fi
}
# met VALUE LIMIT: yes when VALUE (a number, possibly "> x") is at most LIMIT.
met() {
  case $1 in
  n/a) echo "?" ;;
  ">"*) awk -v v="${1#> }" -v l="$2" 'BEGIN { print (v > l) ? "no" : "?" }' ;;
  *) awk -v v="$1" -v l="$2" 'BEGIN { print (v <= l) ? "yes" : "no" }' ;;
  esac
}

r_whole=$(ratio whole squawk)
r_grow_a=$(ratio "grow${grow_a[1]}" "grow${grow_a[0]}")
r_grow_b=$(ratio "grow${grow_b[1]}" "grow${grow_b[0]}")
r_changed=$(ratio changed_cold squawk)
r_columns=$(ratio columns_big columns_small)
r_from=$(ratio from_big from_small)

if [[ -n ${W[changed_warm]:-} ]]; then
  warm="$(sec changed_warm) ($(runs_of changed_warm))"
  warm_met=$(awk -v w="${W[changed_warm]}" -v t="${T[changed_warm]}" 'BEGIN { print (!t && w <= 0.05) ? "yes" : "no" }')
else
  warm="n/a (no cache yet)" warm_met="no"
fi
ddl_met=$(((R[ddl] <= 150 * 1024) && !T[ddl] ? 1 : 0))
insert_msg=${E[insert]//|/\\|}
if ((T[insert])); then
  insert_met=no
elif ((R[insert] <= 1024 * 1024 && (C[insert] == 0 || C[insert] == 1))); then
  insert_met=yes
elif ((C[insert] == 2)) && grep -qi 'limit' <<<"${E[insert]}"; then
  insert_met=yes
else
  insert_met=no
fi
pc_met=$(awk -v w="${W[precommit]}" 'BEGIN { print (w <= 0.02) ? "yes" : "no" }')
if [[ -n ${W[serial]:-} ]]; then
  serial_row="$serial_how $(sec serial) vs default $(sec "$par")"
  gain=$(awk -v s="${W[serial]}" -v p="${W[$par]}" -v t="${T[serial]}${T[$par]}" \
    'BEGIN { if (t != "00") print "n/a"; else printf "serial / parallel %.2f (parallel saves %.0f%% of the serial time)", s / p, 100 * (1 - p / s) }')
else
  serial_row=$serial_how gain="n/a"
fi

cat <<EOF

Lint at scale (issue 15), $(date -u '+%Y-%m-%d %H:%M UTC')$( ((quick)) && echo ", --quick sizes")
binary: $bin ($("$bin" --version 2>&1 | head -n 1)); squawk $squawk_version (native binary)
load before: $load_before
load after:  $load_after
runs: best of $runs per measure (a run over $long_s s is not repeated); limits: $timeout_s s per single-file run, $history_timeout_s s per history run

| measure | measured | ratio | target | met |
|---|---|---|---|---|
| whole history, $files files ($hist_mb MB), \`--format json\` vs squawk | $(sec whole) ($(runs_of whole), $(mib whole)) vs squawk $(sec squawk) ($(runs_of squawk), $(mib squawk)) | $r_whole | ≤ 0.5 | $(met "$r_whole" 0.5) |
| growth ${grow_a[0]} → ${grow_a[1]} files | $(sec "grow${grow_a[0]}") → $(sec "grow${grow_a[1]}") ($(mib "grow${grow_a[1]}")) | $r_grow_a | ≤ 4.8 | $(met "$r_grow_a" 4.8) |
| growth ${grow_b[0]} → ${grow_b[1]} files | $(sec "grow${grow_b[0]}") → $(sec "grow${grow_b[1]}") ($(mib "grow${grow_b[1]}")) | $r_grow_b | ≤ 4.8 | $(met "$r_grow_b" 4.8) |
| \`--changed\` newest file, cold, vs squawk's whole history | $(sec changed_cold) ($(runs_of changed_cold), $(mib changed_cold)) | $r_changed | ≤ 0.2 | $(met "$r_changed" 0.2) |
| \`--changed\` newest file, warm (cache hit) | $warm | — | ≤ 50 ms | $warm_met |
| one file of $ddl_mb MB ordinary DDL | $(mib ddl), $(sec ddl) | — | ≤ 150 MiB | $( ((ddl_met)) && echo yes || echo no) |
| one $insert_mb MB \`INSERT … VALUES\` statement | $(mib insert), $(sec insert), exit ${C[insert]}${insert_msg:+: \`$insert_msg\`} | — | ≤ 1 GiB or the size-limit error | $insert_met |
| ${columns[0]} \`ADD COLUMN\` on one table vs ${columns[1]} | $(sec columns_big) vs $(sec columns_small) ($(mib columns_big)) | $r_columns | ≤ 10 | $(met "$r_columns" 10) |
| ${from_items[0]}-item FROM list vs ${from_items[1]} | $(sec from_big) vs $(sec from_small) ($(mib from_big)) | $r_from | ≤ 10 | $(met "$r_from" 10) |
| pre-commit, one small file, no history | $(sec precommit) ($(runs_of precommit), no wrapper; $(mib precommit_rss)) | — | ≤ 20 ms | $pc_met |
| serial vs parallel, $par_files files | $serial_row | $gain | (measured) | — |
EOF
