"""Online mode (render_revisions.py --online): pgdrydock simulate runs revisions that cannot
render offline against its sandbox database."""

import os
import sys
import time

from pgdrydock_project import Fatal, install_loader, open_config, quiet_version_table
from pgdrydock_recording import describe_error
from pgdrydock_stubs import STUBS


def sandbox_engine(conninfo):
    """An engine on the sandbox database named by a libpq connection string (never a URL from
    alembic.ini or env.py: online mode must not reach any database pgdrydock did not create)."""
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    try:
        import psycopg2
    except ImportError:
        psycopg2 = None
    if psycopg2 is not None:
        return sa.create_engine("postgresql+psycopg2://", poolclass=NullPool,
                                creator=lambda: psycopg2.connect(conninfo))
    try:
        import psycopg
    except ImportError:
        psycopg = None
    if psycopg is not None:
        try:
            return sa.create_engine("postgresql+psycopg://", poolclass=NullPool,
                                    creator=lambda: psycopg.connect(conninfo))
        except Exception:  # SQLAlchemy before 2.0 has no psycopg 3 dialect
            pass
    raise Fatal("running a revision online needs a PostgreSQL driver for SQLAlchemy in this "
                "Python (%s): install psycopg2 (Debian: python3-psycopg2)" % sys.executable)


def run_online(args):
    """Runs each --step (upgrade:REV or downgrade:REV) alone, in order, through pgdrydock's
    own environment (one transaction per revision, as env.py files on PostgreSQL usually do)
    and times each as a whole. The version table is neither read nor written: the sandbox's
    schema state is pgdrydock's, not Alembic's. Stops at the first step that fails."""
    try:
        from alembic.runtime.environment import EnvironmentContext
        from alembic.runtime.migration import RevisionStep
        from alembic.script import ScriptDirectory
    except ImportError as exc:
        raise Fatal("this Python (%s) cannot import Alembic: %s; name the right interpreter "
                    "with --python" % (sys.executable, exc), args.config)
    conninfo = os.environ.get("PGDRYDOCK_ONLINE_DSN", "")
    if not conninfo:
        raise Fatal("online mode needs PGDRYDOCK_ONLINE_DSN (set by pgdrydock simulate)",
                    args.config)
    config = open_config(args, sql=False)
    state = {"standalone": args.standalone, "import_errors": {}, "loading_revisions": True}
    sys.meta_path.append(STUBS)
    install_loader(state)
    quiet_version_table()
    try:
        script = ScriptDirectory.from_config(config)
    except Exception as exc:
        raise Fatal("cannot read the revisions: %s: %s" % (type(exc).__name__, exc), args.config)
    engine = sandbox_engine(conninfo)
    results = []
    for text in args.step:
        action, _, rev = text.partition(":")
        entry = {"action": action, "revision": rev, "ms": None, "error": None}
        results.append(entry)
        try:
            sc = script.get_revision(rev)
        except Exception as exc:
            sc, entry["error"] = None, {"line": None, "message": "unknown revision: %s" % exc}
        if sc is None:
            entry["error"] = entry["error"] or {"line": None, "message": "unknown revision"}
            break
        files = {sc.path, os.path.abspath(sc.path), getattr(sc.module, "__file__", sc.path)}
        import_error = state["import_errors"].get(os.path.abspath(sc.path))
        if import_error is not None:
            entry["error"] = import_error
            break
        step = RevisionStep(script.revision_map, sc, action == "upgrade")
        try:
            with engine.connect() as connection:
                with EnvironmentContext(config, script, fn=lambda heads, context: [step],
                                        as_sql=False) as env:
                    env.configure(connection=connection, transaction_per_migration=True,
                                  dont_mutate=True)
                    started = time.perf_counter()
                    with env.begin_transaction():
                        env.run_migrations()
                    entry["ms"] = (time.perf_counter() - started) * 1000.0
                if hasattr(connection, "commit") and connection.in_transaction():
                    connection.commit()
        except Exception as exc:
            entry["error"] = describe_error(exc, files)
            original = getattr(exc, "orig", None)  # the driver's error inside SQLAlchemy's
            if original is not None:
                entry["error"]["message"] = "%s: %s" % (type(original).__name__,
                                                        str(original).strip())
                entry["error"]["sqlstate"] = getattr(original, "pgcode", None) or getattr(
                    original, "sqlstate", None)
                entry["error"]["statement"] = getattr(exc, "statement", None)
            break
    engine.dispose()
    return {"fatal": None, "steps": results}
