#!/usr/bin/env bash
# Rendering cost of an Alembic history: pgdrydock's helper renders every revision (upgrade and
# downgrade, each revision separately attributed) in one Python process. Compared with one
# `alembic` start (`alembic heads`) and one plain `alembic upgrade --sql base:head` render.
# Usage: bench/alembic_render.sh [revisions=200] [runs=5]
set -euo pipefail
revisions=${1:-200}
runs=${2:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
helper="$root/lint/alembic/render_revisions.py"
python=$(head -1 "$(command -v alembic)" | sed 's/^#!//')
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/migrations/versions"
printf '[alembic]\nscript_location = %%(here)s/migrations\nsqlalchemy.url = postgresql://localhost/app\n' \
  >"$work/alembic.ini"
cat >"$work/migrations/env.py" <<'PY'
from alembic import context
context.configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True,
                  transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
PY
prev=None
for i in $(seq -w 1 "$revisions"); do
  cat >"$work/migrations/versions/r${i}.py" <<PY
"""revision $i"""
from alembic import op
import sqlalchemy as sa

revision = "r$i"
down_revision = $prev
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("t$i", sa.Column("id", sa.BigInteger(), primary_key=True),
                    sa.Column("name", sa.Text(), nullable=False))
    op.add_column("t$i", sa.Column("note", sa.Text()))
    op.create_index("ix_t${i}_name", "t$i", ["name"])
    op.execute("UPDATE t$i SET note = name WHERE note IS NULL")


def downgrade():
    op.drop_index("ix_t${i}_name", table_name="t$i")
    op.drop_table("t$i")
PY
  prev="\"r$i\""
done

best() { # best wall time in ms over $runs runs of "$@"
  local best_ms=999999 t0 t1 ms
  for _ in $(seq "$runs"); do
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
    ((ms < best_ms)) && best_ms=$ms
  done
  echo "$best_ms"
}

cd "$work"
start=$(best alembic -c alembic.ini heads)
plain=$(best alembic -c alembic.ini upgrade --sql base:head)
ours=$(best "$python" "$helper" --config=alembic.ini)
bytes=$("$python" "$helper" --config=alembic.ini | wc -c)
one=$(best alembic -c alembic.ini upgrade --sql r001:r002)
echo "revisions=$revisions runs=$runs (best of)"
echo "alembic start (alembic heads):                ${start} ms"
echo "alembic upgrade --sql base:head (up only):    ${plain} ms"
echo "render_revisions.py (up + down, attributed):  ${ours} ms  (${bytes} bytes of JSON)"
echo "one alembic process per revision and direction: $((one * 2 * revisions)) ms (estimated: ${one} ms x $((2 * revisions)))"
