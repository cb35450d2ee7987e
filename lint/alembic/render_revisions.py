"""Render an Alembic project's revisions to PostgreSQL SQL, for pgdrydock.

pgdrydock runs this file with the Python interpreter that has Alembic installed (the one on
the `alembic` executable's #! line, or --python), without a shell, once per lint run: every
selected revision is rendered in this one process, upgrade and downgrade, in offline (--sql)
mode, through the project's own env.py (default) or a built-in env that imports no
application code (--standalone). Its modules (pgdrydock_*.py) live beside it and are
installed with it.

Output: one JSON document on stdout (anything env.py prints goes to stderr):
  {"fatal": null | {"message", "file", "line"}, "heads": [...], "warnings": [...], "revisions": [
     {"revision", "down_revisions", "depends_on", "file", "doc", "import_error",
      "upgrade": {"sql", "spans": [[begin, end, line, column, [[rule, reason, line]...]]],
                  "def_line", "def_ignores", "body", "in_transaction", "error"},
      "downgrade": {...}}]}
Span offsets are UTF-8 byte offsets into "sql"; line/column point into the revision file:
the op.* call that wrote those bytes, or the `def upgrade()` line for the rest.

With --online (pgdrydock simulate, for revisions that cannot render offline): each
--step=upgrade:REV / --step=downgrade:REV runs alone against the database named by the libpq
connection string in $PGDRYDOCK_ONLINE_DSN (an environment variable, so a password never shows
in the process list), timed as a whole:
  {"fatal": null | {...}, "steps": [{"action", "revision", "ms", "error": null | {"message",
   "line"}}]}
"""

import argparse
import json
import os
import sys
import traceback

# Linting must not leave __pycache__ folders in the user's versions/ directory (nor beside
# this helper): set before the helper's own modules are imported.
sys.dont_write_bytecode = True

from pgdrydock_online import run_online  # noqa: E402 (after dont_write_bytecode)
from pgdrydock_project import (Fatal, install_loader, open_config,  # noqa: E402
                               quiet_version_table)
from pgdrydock_recording import RECORDER, RevisionSource, describe_error  # noqa: E402
from pgdrydock_stubs import STUB_TYPES, STUBS  # noqa: E402


# --- rendering ---------------------------------------------------------------------------

def revision_entry(sc):
    down = sc.down_revision
    downs = [] if down is None else ([down] if isinstance(down, str) else list(down))
    deps = sc.dependencies
    deps = [] if deps is None else ([deps] if isinstance(deps, str) else list(deps))
    return {
        "revision": sc.revision,
        "down_revisions": downs,
        "depends_on": deps,
        "file": os.path.abspath(sc.path),
        "doc": sc.doc or "",
        "import_error": None,
        "upgrade": None,
        "downgrade": None,
    }


def make_steps(script, selected, entries, sources, upgrade, state):
    from alembic.runtime.migration import RevisionStep

    name = "upgrade" if upgrade else "downgrade"
    steps = []
    for sc in selected if upgrade else reversed(selected):
        entry = entries[sc.revision]
        source = sources[sc.revision]
        extent = source.def_extents.get(name)
        target = {"sql": "", "spans": [], "def_line": source.def_lines.get(name, 1),
                  "def_ignores": source.ignores_for(*extent) if extent else [],
                  "body": source.bodies.get(name, "missing"), "in_transaction": False,
                  "error": None}
        entry[name] = target
        if entry["import_error"] is not None:
            continue
        if not hasattr(sc.module, name):
            target["body"] = "missing"
            continue
        step = RevisionStep(script.revision_map, sc, upgrade)
        files = {sc.path, os.path.abspath(sc.path), getattr(sc.module, "__file__", sc.path)}
        real = step.migration_fn

        def run(*args, _real=real, _target=target, _source=source, _files=files, **kwargs):
            RECORDER.begin(_target, _source, _files)
            try:
                _real(*args, **kwargs)
            except Exception as exc:
                _target["error"] = describe_error(exc, _files)
                if _source.uses_get_bind and "get_bind" not in _target["error"]["message"]:
                    _target["error"]["message"] += (" (the revision reads the database through "
                                                    "op.get_bind(), which offline --sql mode "
                                                    "cannot do)")
                RECORDER.parts, RECORDER.size, _target["spans"] = [], 0, []
            finally:
                RECORDER.end()

        run.__name__ = name
        step.migration_fn = run
        steps.append(step)
    return steps


def force_postgresql():
    from alembic.runtime.environment import EnvironmentContext

    original = EnvironmentContext.configure

    def configure(self, *args, **kwargs):
        if kwargs.get("connection") is None:
            url = str(kwargs.get("url") or "")
            if not url.startswith("postgresql") and kwargs.get("dialect_name") != "postgresql":
                kwargs["url"] = None
                kwargs["dialect_name"] = "postgresql"
        kwargs["output_buffer"] = RECORDER
        kwargs.pop("output_encoding", None)
        return original(self, *args, **kwargs)

    EnvironmentContext.configure = configure


def run_pass(config, script, steps, standalone, info):
    from alembic.runtime.environment import EnvironmentContext

    def fn(rev, context):
        info["transactional_ddl"] = bool(context.impl.transactional_ddl)
        info["transaction_per_migration"] = bool(context.opts.get("transaction_per_migration"))
        return steps

    RECORDER.in_transaction = False
    with EnvironmentContext(config, script, fn=fn, as_sql=True, starting_rev=None,
                            destination_rev=None) as env:
        if standalone:
            env.configure(dialect_name="postgresql", literal_binds=True,
                          transaction_per_migration=info["standalone_tpm"])
            with env.begin_transaction():
                env.run_migrations()
        else:
            script.run_env()


def env_error(exc, script_dir):
    env_path = os.path.abspath(os.path.join(script_dir, "env.py"))
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if os.path.abspath(frame.f_code.co_filename) == env_path:
            line = lineno
    message = "env.py failed: %s: %s" % (type(exc).__name__, exc)
    if isinstance(exc, ImportError):
        # Flask-Migrate's env.py needs the Flask application; most others import the models.
        message += (" (env.py imports what this Python (%s) does not have: name the Python "
                    "that has the application with --python, or render without env.py with "
                    "--alembic-standalone)" % sys.executable)
    return Fatal(message, env_path, line)


def render(args):
    try:
        from alembic.script import ScriptDirectory
    except ImportError as exc:
        raise Fatal("this Python (%s) cannot import Alembic: %s; name the right interpreter "
                    "with --python" % (sys.executable, exc), args.config)
    if not os.path.isfile(os.path.abspath(args.config)):
        raise Fatal("no such file", args.config)
    config = open_config(args, sql=True)
    config.output_buffer = RECORDER
    state = {"standalone": args.standalone, "import_errors": {}, "loading_revisions": True}
    sys.meta_path.append(STUBS)
    install_loader(state)
    quiet_version_table()
    force_postgresql()
    try:
        script = ScriptDirectory.from_config(config)
        revisions = list(script.walk_revisions())
        heads = list(script.get_heads())
    except Exception as exc:
        raise Fatal("cannot read the revisions: %s: %s" % (type(exc).__name__, exc), args.config)
    state["loading_revisions"] = False
    if not args.standalone:
        # Stubs only kept the graph whole; env.py must see the real import errors.
        for name in STUBS.stubbed:
            sys.modules.pop(name, None)
    ordered = list(reversed(revisions))  # base first, each revision after its down revisions

    selected = ordered
    try:
        if args.from_rev or args.to_rev:
            base = args.from_rev or "base"
            head = args.to_rev or "heads"
            inside = {sc.revision for sc in script.walk_revisions(base=base, head=head)}
            if args.from_rev:
                for sc in script.get_revisions(args.from_rev):
                    inside.discard(sc.revision)
            selected = [sc for sc in ordered if sc.revision in inside]
    except Exception as exc:
        raise Fatal("bad revision range %s:%s: %s" % (args.from_rev or "base",
                                                      args.to_rev or "heads", exc), args.config)
    if args.file:
        wanted = {os.path.realpath(f) for f in args.file}
        selected = [sc for sc in selected if os.path.realpath(sc.path) in wanted]

    entries, sources = {}, {}
    for sc in selected:
        entry = revision_entry(sc)
        entry["import_error"] = state["import_errors"].get(os.path.abspath(sc.path))
        entries[sc.revision] = entry
        sources[sc.revision] = RevisionSource(sc.path)

    info = {"standalone_tpm": config.get_main_option("transaction_per_migration",
                                                     "false").lower() == "true"}
    for upgrade in (True, False):
        steps = make_steps(script, selected, entries, sources, upgrade, state)
        try:
            run_pass(config, script, steps, args.standalone, info)
        except Exception as exc:
            raise env_error(exc, script.dir)

    warnings = []
    if len(heads) > 1:
        warnings.append("%s: the revision graph has %d heads (%s): `alembic upgrade head` "
                        "fails until they are merged (alembic merge heads)"
                        % (args.config, len(heads), ", ".join(sorted(heads))))
    if STUBS.stubbed:
        warnings.append("stubbed imports the application would provide: " +
                        ", ".join(sorted(STUBS.stubbed)))
    if STUB_TYPES:
        warnings.append("column types from stubbed imports rendered as `unknown` (their "
                        "statements are analysed without the type): " +
                        ", ".join(sorted(STUB_TYPES)))
    return {
        "fatal": None,
        "heads": heads,
        "warnings": warnings,
        "transaction_per_migration": info.get("transaction_per_migration", False),
        "transactional_ddl": info.get("transactional_ddl", True),
        "revisions": [entries[sc.revision] for sc in selected],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True, help="alembic.ini")
    parser.add_argument("--name", default="alembic", help="ini section")
    parser.add_argument("--from", dest="from_rev", default="")
    parser.add_argument("--to", dest="to_rev", default="")
    parser.add_argument("--file", action="append", default=[])
    parser.add_argument("-x", "--x-arg", dest="x", action="append", default=[])
    parser.add_argument("--standalone", action="store_true")
    parser.add_argument("--online", action="store_true",
                        help="run each --step against $PGDRYDOCK_ONLINE_DSN instead of rendering")
    parser.add_argument("--step", action="append", default=[],
                        help="upgrade:REV or downgrade:REV (with --online)")
    args = parser.parse_args()

    # JSON goes to the real stdout; whatever env.py or a revision prints goes to stderr.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    try:
        result = run_online(args) if args.online else render(args)
    except Fatal as exc:
        result = {"fatal": {"message": str(exc), "file": exc.file or args.config,
                            "line": exc.line}}
    except Exception as exc:  # a bug here must still come back as one clear line
        result = {"fatal": {"message": "pgdrydock alembic helper: %s: %s"
                            % (type(exc).__name__, exc), "file": args.config, "line": None}}
    json.dump(result, out)
    out.write("\n")
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
