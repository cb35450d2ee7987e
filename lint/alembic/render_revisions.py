"""Render an Alembic project's revisions to PostgreSQL SQL, for pgdrydock.

pgdrydock runs this file with the Python interpreter that has Alembic installed (the one on
the `alembic` executable's #! line, or --python), without a shell, once per lint run: every
selected revision is rendered in this one process, upgrade and downgrade, in offline (--sql)
mode, through the project's own env.py (default) or a built-in env that imports no
application code (--standalone).

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
import ast
import importlib.abc
import importlib.machinery
import io
import json
import os
import re
import sys
import tokenize
import traceback
import types

IGNORE_MARKER = "pgdrydock:ignore"
# Linting must not leave __pycache__ folders in the user's versions/ directory.
sys.dont_write_bytecode = True


class Fatal(Exception):
    """The whole render cannot go on (no Alembic, broken alembic.ini or env.py)."""

    def __init__(self, message, file=None, line=None):
        super().__init__(message)
        self.file, self.line = file, line


# --- stubs for imports the application would provide ---------------------------------------

def _stub_type_base():
    try:
        from sqlalchemy.types import UserDefinedType
        return UserDefinedType
    except ImportError:  # pragma: no cover - Alembic needs SQLAlchemy anyway
        return object


class _StubMeta(type):
    pass


def make_stub(path):
    """An object that stands in for anything from a module the application would provide:
    attributes and calls give more stubs; used as a column type it renders as its own dotted
    name, so the statement still parses and the reader sees what was unknown."""
    base = _stub_type_base()

    class Stub(base):
        cache_ok = True

        def __init__(self, *args, **kwargs):
            pass

        def get_col_spec(self, **kw):
            return '"' + path.replace('"', "") + '"'

        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return make_stub(path + "." + name)

        def __call__(self, *args, **kwargs):
            return make_stub(path)

        def __iter__(self):
            return iter(())

        def __str__(self):
            return path

        def __mro_entries__(self, bases):
            return (object,)

    Stub.__name__ = path.rsplit(".", 1)[-1]
    return Stub()


class StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return make_stub(self.__name__ + "." + name)


class StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Last on sys.meta_path: only imports every real finder failed on reach it."""

    def __init__(self):
        self.enabled = False
        self.stubbed = set()

    def find_spec(self, fullname, path=None, target=None):
        if not self.enabled:
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        module = StubModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        self.stubbed.add(module.__name__)


STUBS = StubFinder()


# --- what the revision file says: def lines, statement extents, ignore comments -------------

class RevisionSource:
    def __init__(self, path):
        self.path = path
        self.def_lines = {}
        self.def_extents = {}  # name -> lines whose directives apply to the function itself
        self.bodies = {}
        self.stmt_of_line = {}  # line -> (first line, last line, column)
        self.comments = {}  # line -> [(rule, reason)]
        self.comment_only_lines = set()
        self.uses_get_bind = False
        try:
            with open(path, "rb") as f:
                source = f.read()
            tree = ast.parse(source, filename=path)
            self.uses_get_bind = b"get_bind(" in source
        except (OSError, SyntaxError, ValueError):
            return
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name in ("upgrade", "downgrade"):
                self.def_lines[node.name] = node.lineno
                self.bodies[node.name] = describe_body(node)
                self.def_extents[node.name] = (
                    node.lineno, node.end_lineno if self.bodies[node.name] != "code"
                    else node.lineno)
        for node in ast.walk(tree):
            if isinstance(node, ast.stmt) and not hasattr(node, "body"):
                first, last = node.lineno, node.end_lineno or node.lineno
                for line in range(first, last + 1):
                    known = self.stmt_of_line.get(line)
                    if known is None or known[1] - known[0] > last - first:
                        self.stmt_of_line[line] = (first, last, node.col_offset + 1)
        if IGNORE_MARKER.encode() not in source:
            return  # most files: no directive, no need for a tokenizer pass
        try:
            for tok in tokenize.tokenize(io.BytesIO(source).readline):
                if tok.type != tokenize.COMMENT:
                    continue
                line = tok.start[0]
                if tok.line[: tok.start[1]].strip() == "":
                    self.comment_only_lines.add(line)
                directive = parse_ignore(tok.string)
                if directive:
                    self.comments.setdefault(line, []).append(directive)
        except (tokenize.TokenError, SyntaxError):
            pass

    def statement_at(self, line):
        return self.stmt_of_line.get(line, (line, line, 1))

    def ignores_for(self, first, last):
        """Directives on the statement's lines or in the comment lines right above it."""
        found = []
        above = first - 1
        while above in self.comment_only_lines:
            above -= 1
        for line in range(above + 1, last + 1):
            for rule, reason in self.comments.get(line, []):
                found.append([rule, reason, line])
        return found


def describe_body(func):
    body = list(func.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(
            getattr(body[0], "value", None), ast.Constant) and isinstance(body[0].value.value, str):
        body = body[1:]
    if not body:
        return "empty"
    if all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(
            s.value, ast.Constant)) for s in body):
        return "pass"
    if len(body) == 1 and isinstance(body[0], ast.Raise):
        return "raises"
    return "code"


def parse_ignore(comment):
    at = comment.find(IGNORE_MARKER)
    if at < 0:
        return None
    words = comment[at + len(IGNORE_MARKER):].strip().split(None, 1)
    if not words:
        return None
    return (words[0], words[1].strip() if len(words) > 1 else "")


# --- the output buffer that remembers which op.* line wrote what -----------------------------

class Recorder(io.TextIOBase):
    """Alembic's offline output buffer. Outside a revision function it only follows BEGIN and
    COMMIT (transaction state); inside, it keeps the SQL and, per write, the line of the
    revision file's statement that was running (found on the Python stack)."""

    def __init__(self):
        super().__init__()
        self.in_transaction = False
        self.target = None  # dict of the direction being rendered
        self.source = None
        self.files = ()
        self.parts = []
        self.size = 0

    def begin(self, target, source, files):
        self.target, self.source, self.files = target, source, files
        self.parts, self.size = [], 0
        target["in_transaction"] = self.in_transaction

    def end(self):
        self.target["sql"] = "".join(self.parts)
        self.target = None

    def writable(self):
        return True

    def write(self, text):
        if not text:
            return 0
        stripped = text.strip().upper()
        if stripped in ("BEGIN;", "BEGIN TRANSACTION;"):
            self.in_transaction = True
        elif stripped in ("COMMIT;", "ROLLBACK;"):
            self.in_transaction = False
        if self.target is None:
            return len(text)
        data = text.encode("utf-8")
        begin, end = self.size, self.size + len(data)
        self.parts.append(text)
        self.size = end
        lines = []
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename in self.files:
                lines.append(frame.f_lineno)
            frame = frame.f_back
        if lines:
            first, last, column = self.source.statement_at(lines[0])
            ignores = []
            for line in lines:
                f, l, _ = self.source.statement_at(line)
                ignores.extend(self.source.ignores_for(f, l))
        else:
            first, column, ignores = self.target["def_line"], 1, []
        self.target["spans"].append([begin, end, first, column, ignores])
        return len(text)

    def flush(self):
        pass


RECORDER = Recorder()


def describe_error(exc, files):
    """'line N: Type: message', the line being the revision file's innermost frame."""
    line = None
    offline_hint = False
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename in files:
            line = lineno
        if frame.f_code.co_filename.replace("\\", "/").endswith("sqlalchemy/engine/mock.py"):
            offline_hint = True
    text = "%s: %s" % (type(exc).__name__, exc) if str(exc) else type(exc).__name__
    if offline_hint:
        text += " (the revision reads the database through op.get_bind(), which offline " \
                "--sql mode cannot do)"
    return {"line": line, "message": text}


# --- loading revision files: keep the graph whole when one file does not import ---------------

def fallback_module(path, error):
    """A module with the revision identifiers read from the text, for a file that does not
    import, so the rest of the graph still loads."""
    module = types.ModuleType("pgdrydock_unimportable")
    module.__file__ = path
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        text = ""
    for name in ("revision", "down_revision", "branch_labels", "depends_on"):
        match = re.search(r"^%s\s*(?::[^=\n]*)?=\s*(.+)$" % name, text, re.M)
        value = None
        if match:
            try:
                value = ast.literal_eval(match.group(1).strip())
            except (ValueError, SyntaxError):
                value = None
        setattr(module, name, value)

    def fail(*args, **kwargs):
        raise error

    module.upgrade = fail
    module.downgrade = fail
    return module


def install_loader(state):
    from alembic import util

    original = util.load_python_file

    def load(dir_, filename):
        path = os.path.join(dir_, filename)
        if filename == "env.py" and not state["loading_revisions"]:
            return original(dir_, filename)
        STUBS.enabled = state["standalone"]
        try:
            return original(dir_, filename)
        except Exception as exc:  # a revision that does not import
            error = describe_error(exc, {path})
            if not state["standalone"]:
                STUBS.enabled = True
                try:
                    module = original(dir_, filename)
                    state["import_errors"][os.path.abspath(path)] = error
                    return module
                except Exception:
                    pass
            state["import_errors"][os.path.abspath(path)] = error
            return fallback_module(path, exc)
        finally:
            STUBS.enabled = False

    util.load_python_file = load


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


def quiet_version_table():
    """The alembic_version bookkeeping is not the user's migration: keep heads in memory only,
    so a selection that skips revisions still runs and no version-table SQL is emitted."""
    from alembic.runtime.migration import HeadMaintainer

    def update_to_step(self, step):
        self.heads = set(step.to_revisions_no_deps) or {"<base>"}

    HeadMaintainer.update_to_step = update_to_step


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
    return Fatal("env.py failed: %s: %s" % (type(exc).__name__, exc), env_path, line)


def render(args):
    try:
        from alembic.config import Config
        from alembic.script import ScriptDirectory
    except ImportError as exc:
        raise Fatal("this Python (%s) cannot import Alembic: %s; name the right interpreter "
                    "with --python" % (sys.executable, exc), args.config)
    ini = os.path.abspath(args.config)
    if not os.path.isfile(ini):
        raise Fatal("no such file", args.config)
    config = Config(ini, ini_section=args.name,
                    cmd_opts=argparse.Namespace(x=args.x, sql=True, raiseerr=False))
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
    return {
        "fatal": None,
        "heads": heads,
        "warnings": warnings,
        "transaction_per_migration": info.get("transaction_per_migration", False),
        "transactional_ddl": info.get("transactional_ddl", True),
        "revisions": [entries[sc.revision] for sc in selected],
    }


# --- online mode: simulate runs revisions that cannot render offline against its sandbox ----

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
        from alembic.config import Config
        from alembic.runtime.environment import EnvironmentContext
        from alembic.runtime.migration import RevisionStep
        from alembic.script import ScriptDirectory
    except ImportError as exc:
        raise Fatal("this Python (%s) cannot import Alembic: %s; name the right interpreter "
                    "with --python" % (sys.executable, exc), args.config)
    import time

    conninfo = os.environ.get("PGDRYDOCK_ONLINE_DSN", "")
    if not conninfo:
        raise Fatal("online mode needs PGDRYDOCK_ONLINE_DSN (set by pgdrydock simulate)",
                    args.config)
    ini = os.path.abspath(args.config)
    config = Config(ini, ini_section=args.name,
                    cmd_opts=argparse.Namespace(x=args.x, sql=False, raiseerr=False))
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
