#!/usr/bin/env bash
# The work of the pgdrydock GitHub action (action.yml): lint, and optionally simulate, the
# migrations a pull request changes; write the markdown report to the job summary; keep one PR
# comment updated in place (scripts/github_pr_comment.py); hand the SARIF file and the report
# folder to the action's upload steps through $GITHUB_OUTPUT. It always exits 0 once it has
# reported: the action's last step fails the job from `exit-code`, after the uploads ran.
#
# Inputs come as INPUT_* variables (see action.yml); PGDRYDOCK names the binary (default: the
# one on PATH). Runs outside GitHub too, given the GITHUB_* variables a runner sets
# (tests/integrations/github_action_test.cpp does so against a local API stand-in).
set -uo pipefail

pgdrydock=${PGDRYDOCK:-pgdrydock}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out_dir=${RUNNER_TEMP:-${TMPDIR:-/tmp}}/pgdrydock-report
mkdir -p "$out_dir"
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
outputs=${GITHUB_OUTPUT:-/dev/null}

# A JSON field of the event file (empty when absent): python3 is on every GitHub runner.
event_field() {
  [[ -n ${GITHUB_EVENT_PATH:-} && -f ${GITHUB_EVENT_PATH} ]] || return 0
  python3 - "$GITHUB_EVENT_PATH" "$1" <<'PY'
import json, sys
value = json.load(open(sys.argv[1]))
for key in sys.argv[2].split("."):
    value = value.get(key) if isinstance(value, dict) else None
print("" if value is None else value)
PY
}

read -r -a paths <<<"${INPUT_PATH:-migrations}"
common=()
[[ -n ${INPUT_PG_VERSION:-} ]] && common+=(--pg-version "$INPUT_PG_VERSION")
[[ -n ${INPUT_STATS_FILE:-} ]] && common+=(--stats "$INPUT_STATS_FILE")
common+=(--fail-on "${INPUT_FAIL_ON:-error}")

# What changed: a pull request against its base commit; a push against the commit before it.
pr_number=""
base=""
case ${GITHUB_EVENT_NAME:-} in
pull_request | pull_request_target)
  pr_number=$(event_field pull_request.number)
  base=$(event_field pull_request.base.sha)
  ;;
push)
  base=$(event_field before)
  [[ $base =~ ^0+$ ]] && base="" # a new branch: no previous commit, lint everything
  ;;
esac
scope=()
if [[ -n $base && ${INPUT_SCOPE:-changed} != all ]]; then
  # actions/checkout fetches one commit by default: fetch the base so a merge base exists.
  if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
    git fetch --no-tags --quiet --depth=200 origin "$base" 2>/dev/null ||
      echo "::warning::pgdrydock: could not fetch $base; check out with fetch-depth: 0"
  fi
  scope=(--changed-since "$base")
fi

"$pgdrydock" lint "${paths[@]}" "${scope[@]}" "${common[@]}" --format sarif \
  >"$out_dir/pgdrydock.sarif" 2>/dev/null
"$pgdrydock" lint "${paths[@]}" "${scope[@]}" "${common[@]}" --format markdown \
  >"$out_dir/lint.md" 2>"$out_dir/lint.stderr"
code=$?

report="$out_dir/report.md"
{
  echo "## pgdrydock"
  echo
  if [[ $code -eq 2 ]]; then
    echo "pgdrydock could not read the migrations:"
    echo
    echo '```'
    cat "$out_dir/lint.stderr"
    echo '```'
  else
    cat "$out_dir/lint.md"
  fi
} >"$report"

if [[ ${INPUT_SIMULATE:-off} == changed && $code -ne 2 ]]; then
  sim=()
  [[ -n ${INPUT_SIZES:-} ]] && sim+=(--sizes "$INPUT_SIZES")
  "$pgdrydock" simulate "${paths[@]}" "${scope[@]}" "${common[@]}" "${sim[@]}" \
    --format markdown >"$out_dir/simulate.md" 2>"$out_dir/simulate.stderr"
  sim_code=$?
  {
    echo
    echo "### Simulation"
    echo
    if [[ $sim_code -eq 2 ]]; then
      echo '```'
      cat "$out_dir/simulate.stderr"
      echo '```'
    else
      cat "$out_dir/simulate.md"
    fi
  } >>"$report"
  # The worse of the two: an input error (2) over findings (1) over clean (0).
  ((sim_code > code)) && code=$sim_code
fi

cat "$report" >>"$summary"

if [[ -n $pr_number && ${INPUT_COMMENT:-true} == true && -n ${GITHUB_TOKEN:-} ]]; then
  python3 "$here/github_pr_comment.py" --pr "$pr_number" --body-file "$report" ||
    echo "::warning::pgdrydock: the pull-request comment could not be written (see above)"
fi

{
  echo "exit-code=$code"
  [[ -s $out_dir/pgdrydock.sarif ]] && echo "sarif=$out_dir/pgdrydock.sarif"
  echo "report-dir=$out_dir"
} >>"$outputs"
exit 0
