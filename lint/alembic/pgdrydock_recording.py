"""What a revision file says (def lines, statement extents, ignore comments) and the output
buffer that records which op.* line of it wrote each piece of the rendered SQL."""

import ast
import io
import sys
import tokenize
import traceback

IGNORE_MARKER = "pgdrydock:ignore"


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
