"""Stand-ins for imports the application would provide (render_revisions.py --standalone).

A finder placed last on sys.meta_path answers only imports every real finder failed on, with a
module whose attributes are stubs.
"""

import importlib.abc
import importlib.machinery
import types


def _stub_type_base():
    try:
        from sqlalchemy.types import UserDefinedType
        return UserDefinedType
    except ImportError:  # pragma: no cover - Alembic needs SQLAlchemy anyway
        return object


# Dotted names of stubs that were rendered as a column type: the run's warnings name them.
STUB_TYPES = set()


class StubNotSql(TypeError):
    """A stub was used where SQL text was needed (op.execute(app_module.SQL)): what it would
    say is unknown without the application, so the direction cannot render."""


def make_stub(path):
    """An object that stands in for anything from a module the application would provide:
    attributes and calls give more stubs. Used as a column type it renders as PostgreSQL's
    `unknown`: the stub's name is no type, and must not reach the SQL (lint would judge it as
    one, simulate would fail on it); used as SQL text it raises StubNotSql."""
    base = _stub_type_base()

    class Stub(base):
        cache_ok = True

        def __init__(self, *args, **kwargs):
            pass

        def get_col_spec(self, **kw):
            STUB_TYPES.add(path)
            return "unknown"

        def compile(self, *args, **kwargs):
            raise StubNotSql("%s comes from a stubbed import (--alembic-standalone): its SQL is "
                             "not known without the application" % path)

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
