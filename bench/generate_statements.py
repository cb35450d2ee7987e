#!/usr/bin/env python3
"""Single-file inputs for the lint-at-scale benchmark (issue 15, bench/lint_scale.sh).

Each kind writes one .sql file that stresses one thing the issue names:

  ddl OUT --mb M           ordinary DDL (the migrations of generate_history.py, one after the
                           other in one file) until the file holds M MB
  insert OUT --mb M        one CREATE TABLE, then ONE `INSERT ... VALUES` statement of M MB
  add-columns OUT --count N  one CREATE TABLE, then N `ALTER TABLE t ADD COLUMN cK int;`
  from-list OUT --count N  one `SELECT 1 FROM t1, t2, ..., tN;` (tables the file does not
                           create, as a query written against an existing schema names them)

Deterministic (fixed seed), so two runs compare the same bytes.
"""

import argparse
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_history  # noqa: E402  (the history's generator, reused for ordinary DDL)

MB = 1024 * 1024


def write_ddl(f, mb):
    h = generate_history.History(random.Random(15))
    written = 0
    while written < mb * MB:
        text = generate_history.migration(h)
        f.write(text)
        written += len(text.encode())


def write_insert(f, mb):
    f.write("CREATE TABLE bulk (id bigint PRIMARY KEY, name text, amount numeric(12,2), "
            "created_at timestamptz);\n")
    f.write("INSERT INTO bulk (id, name, amount, created_at) VALUES\n")
    written = 0
    n = 0
    # Rows are written in chunks of 1,000 to keep the generator fast; the statement is one.
    while written < mb * MB:
        rows = []
        for _ in range(1000):
            n += 1
            rows.append(f"  ({n}, 'customer name {n}', {n % 100000}.{n % 100:02d}, "
                        f"'2026-01-01 00:00:00+00')")
        chunk = (",\n" if n > 1000 else "") + ",\n".join(rows)
        f.write(chunk)
        written += len(chunk)
    f.write(";\n")


def write_add_columns(f, count):
    f.write("CREATE TABLE wide (id bigint PRIMARY KEY);\n")
    for k in range(1, count + 1):
        f.write(f"ALTER TABLE wide ADD COLUMN c{k} int;\n")


def write_from_list(f, count):
    f.write("SELECT 1 FROM " + ", ".join(f"t{k}" for k in range(1, count + 1)) + ";\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=["ddl", "insert", "add-columns", "from-list"])
    ap.add_argument("out")
    ap.add_argument("--mb", type=int, default=20)
    ap.add_argument("--count", type=int, default=10000)
    args = ap.parse_args()
    with open(args.out, "w") as f:
        if args.kind == "ddl":
            write_ddl(f, args.mb)
        elif args.kind == "insert":
            write_insert(f, args.mb)
        elif args.kind == "add-columns":
            write_add_columns(f, args.count)
        else:
            write_from_list(f, args.count)


if __name__ == "__main__":
    main()
