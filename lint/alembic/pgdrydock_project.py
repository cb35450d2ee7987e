"""Opening an Alembic project the same way for rendering and for online runs: the Config
(with Flask-Migrate's default script_location), revision loading that keeps the graph whole
when one file does not import, and a version table kept in memory only."""

import argparse
import ast
import os
import re
import types

from pgdrydock_recording import describe_error
from pgdrydock_stubs import STUBS


class Fatal(Exception):
    """The whole render cannot go on (no Alembic, broken alembic.ini or env.py)."""

    def __init__(self, message, file=None, line=None):
        super().__init__(message)
        self.file, self.line = file, line


def default_script_location(config, ini):
    """Flask-Migrate writes alembic.ini without script_location and passes the folder in code:
    the folder holding alembic.ini, as Flask-Migrate's default `migrations/` layout has it."""
    if not config.get_main_option("script_location"):
        # set_main_option interpolates: a literal % in the path must be doubled.
        config.set_main_option("script_location", os.path.dirname(ini).replace("%", "%%"))


def open_config(args, sql):
    """alembic.ini as `alembic` reads it, with -x arguments and the --sql switch."""
    from alembic.config import Config

    ini = os.path.abspath(args.config)
    config = Config(ini, ini_section=args.name,
                    cmd_opts=argparse.Namespace(x=args.x, sql=sql, raiseerr=False))
    default_script_location(config, ini)
    return config


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


def quiet_version_table():
    """The alembic_version bookkeeping is not the user's migration: keep heads in memory only,
    so a selection that skips revisions still runs and no version-table SQL is emitted."""
    from alembic.runtime.migration import HeadMaintainer

    def update_to_step(self, step):
        self.heads = set(step.to_revisions_no_deps) or {"<base>"}

    HeadMaintainer.update_to_step = update_to_step
