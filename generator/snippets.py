"""Snippet checks: split at elision lines, parse each excerpt, find where the API is used."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field

ELISION = re.compile(r"^\s*#+\s*\.\.\.")
_CLOSERS = {")": "(", "]": "[", "}": "{"}
_PLACEHOLDER = "pass"


@dataclass(frozen=True)
class Issue:
    """A problem in a snippet, at a 1-based line and column of the snippet text."""

    line: int
    col: int
    message: str


@dataclass(frozen=True)
class Analysis:
    """What the checks learned about one snippet."""

    use_lines: tuple[int, ...]
    names: frozenset[str]
    elided: bool
    issues: tuple[Issue, ...]


@dataclass
class _Excerpt:
    """A chunk rewritten into parseable source, with the way back to snippet lines."""

    source: list[str] = field(default_factory=list)
    origin: list[int | None] = field(default_factory=list)
    shift: list[int] = field(default_factory=list)

    def add(self, text: str, origin: int | None, shift: int = 0) -> None:
        self.source.append(text)
        self.origin.append(origin)
        self.shift.append(shift)

    def snippet_line(self, line: int) -> int | None:
        if 1 <= line <= len(self.origin):
            return self.origin[line - 1]
        return None


def snippet_lines(code: str) -> list[str]:
    """The snippet's lines as the page shows them (a final newline ends the last line)."""
    return code.removesuffix("\n").split("\n")


def is_elision(line: str) -> bool:
    return bool(ELISION.match(line))


def contiguous_length(lines: list[str]) -> int | None:
    """How many lines follow the file unbroken: all but trailing elisions, or None."""
    end = len(lines)
    while end and (is_elision(lines[end - 1]) or not lines[end - 1].strip()):
        end -= 1
    if any(is_elision(text) for text in lines[:end]):
        return None
    return end


def chunks(lines: list[str]) -> list[tuple[int, list[str]]]:
    """Runs of lines between elision lines, as (0-based start, lines)."""
    result: list[tuple[int, list[str]]] = []
    start = 0
    for i, text in enumerate([*lines, "# ..."]):
        if is_elision(text):
            if i > start:
                result.append((start, lines[start:i]))
            start = i + 1
    return result


def analyze(code: str, api: str, *, feature_version: tuple[int, int] = (3, 8)) -> Analysis:
    """Parse `code` excerpt by excerpt and find the lines that import or use `api`."""
    lines = snippet_lines(code)
    if "\x00" in code:
        line = next(i for i, text in enumerate(lines) if "\x00" in text)
        col = lines[line].index("\x00")
        return Analysis(
            (),
            frozenset(),
            False,
            (Issue(line + 1, col + 1, "the snippet contains a null byte; remove it"),),
        )
    parts = chunks(lines)
    issues: list[Issue] = []
    trees: list[tuple[ast.Module, _Excerpt]] = []
    for start, chunk in parts:
        excerpt = _excerpt(start, chunk)
        if excerpt is None:
            continue
        issue = _cut_mid_statement(start, chunk)
        if issue is not None:
            issues.append(issue)
            continue
        try:
            tree = ast.parse("\n".join(excerpt.source), feature_version=feature_version)
        except SyntaxError as e:
            issues.append(_located(e, excerpt, lines))
            continue
        trees.append((tree, excerpt))
    finder = _UseFinder(api)
    for tree, excerpt in trees:
        finder.excerpt = excerpt
        for stmt in tree.body:
            finder.visit(stmt)
    return Analysis(
        tuple(sorted(finder.lines)),
        frozenset(finder.names),
        len(parts) > 1 or any(is_elision(t) for t in lines),
        tuple(issues),
    )


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" \t"))


def _is_code(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and not stripped.startswith("#")


def _excerpt(start: int, chunk: list[str]) -> _Excerpt | None:
    """Rewrite a chunk so that a whole-statement excerpt parses.

    The common indentation is removed; a chunk that starts deeper than it later continues
    gets synthetic enclosing blocks; a block header left open at the end gets a placeholder
    body. None for a chunk with no code.
    """
    code = [i for i, text in enumerate(chunk) if _is_code(text)]
    if not code:
        return None
    common = min(_indent(chunk[i]) for i in code)
    excerpt = _Excerpt()
    first = _indent(chunk[code[0]]) - common
    levels = sorted(
        {_indent(chunk[i]) - common for i in code if _indent(chunk[i]) - common < first}
    )
    for level in levels:
        follower = next(
            (chunk[i].strip() for i in code[1:] if _indent(chunk[i]) - common == level), ""
        )
        header = "try:" if follower.startswith(("except", "finally")) else "if True:"
        excerpt.add(" " * level + header, None)
    for i, text in enumerate(chunk):
        cut = min(common, _indent(text))
        excerpt.add(text[cut:], start + i, cut)
    last = chunk[code[-1]]
    if _opens_block(last):
        excerpt.add(" " * (_indent(last) - common + 4) + _PLACEHOLDER, None)
    return excerpt


def _opens_block(text: str) -> bool:
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(text.strip() + "\n").readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    meaningful = [
        t
        for t in tokens
        if t.type
        not in (
            tokenize.COMMENT,
            tokenize.NEWLINE,
            tokenize.NL,
            tokenize.ENDMARKER,
            tokenize.INDENT,
            tokenize.DEDENT,
        )
    ]
    return bool(meaningful) and meaningful[-1].string == ":"


def _cut_mid_statement(start: int, chunk: list[str]) -> Issue | None:
    """An excerpt that ends inside an open bracket, located at the cut."""
    text = "\n".join(line.lstrip(" \t") if i == 0 else line for i, line in enumerate(chunk))
    stack: list[tokenize.TokenInfo] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text + "\n").readline):
            if token.type == tokenize.OP and token.string in "([{":
                stack.append(token)
            elif token.type == tokenize.OP and token.string in ")]}" and stack:
                stack.pop()
    except tokenize.TokenError:
        pass
    except SyntaxError:
        return None
    if not stack:
        return None
    opener = stack[-1]
    last = max(i for i, line in enumerate(chunk) if line.strip())
    return Issue(
        start + last + 1,
        len(chunk[last]) + 1,
        f"the excerpt ends inside an open '{opener.string}' (opened at snippet line "
        f"{start + opener.start[0]}); end it at a statement boundary or add the closing lines",
    )


def _located(error: SyntaxError, excerpt: _Excerpt, lines: list[str]) -> Issue:
    line = error.lineno or 1
    origin = excerpt.snippet_line(line)
    message = error.msg
    if origin is None:
        # the parser failed on a line the excerpt added: blame the snippet line before it
        known = [o for o in excerpt.origin[: line - 1] if o is not None]
        origin = known[-1] if known else next(o for o in excerpt.origin if o is not None)
        return Issue(origin + 1, len(lines[origin]) + 1, f"snippet does not parse: {message}")
    col = (error.offset or 1) + excerpt.shift[line - 1]
    if origin == max(o for o in excerpt.origin if o is not None) and "invalid syntax" in message:
        message = "the excerpt ends in the middle of a statement; end it at a statement boundary"
        return Issue(origin + 1, len(lines[origin].rstrip()) + 1, message)
    return Issue(origin + 1, col, f"snippet does not parse: {message}")


class _UseFinder(ast.NodeVisitor):
    """Resolves names through imports and scopes, collecting uses of one API."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.tail = api.rsplit(".", 1)[-1]
        self.module = api.rsplit(".", 1)[0] if "." in api else ""
        self.scopes: list[dict[str, tuple[str | None, list[int]]]] = [{}]
        self.stars: set[str] = set()
        self.lines: set[int] = set()
        self.names: set[str] = set()
        self.excerpt = _Excerpt()

    def _line(self, lineno: int) -> int | None:
        origin = self.excerpt.snippet_line(lineno)
        return None if origin is None else origin + 1

    def _bind(self, name: str, qual: str | None = None, lines: list[int] | None = None) -> None:
        self.scopes[-1][name] = (qual, lines or [])

    def _lookup(self, name: str) -> tuple[str | None, list[int]] | None:
        for scope in reversed(self.scopes):
            if name in scope:
                return scope[name]
        return None

    def _matches(self, qual: str) -> bool:
        return qual == self.api or qual.startswith(self.api + ".")

    def _use(self, node: ast.expr, chain: list[str]) -> None:
        bound = self._lookup(chain[0])
        import_lines: list[int] = []
        if bound is not None:
            base, import_lines = bound
            if base is None:
                return
            qual = ".".join([base, *chain[1:]])
        else:
            qual = self._unbound(chain)
            if not qual:
                return
        parts = qual.split(".")
        self.names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        if self._matches(qual):
            line = self._line(node.lineno)
            if line is not None:
                self.lines.add(line)
            self.lines.update(import_lines)

    def _unbound(self, chain: list[str]) -> str:
        """A name with no import in sight: excerpts often leave the imports out."""
        if chain[0] == self.tail and self.module in self.stars:
            return ".".join([self.api, *chain[1:]])
        for k in range(len(chain), 0, -1):
            if ("." + self.api).endswith("." + ".".join(chain[:k])):
                return ".".join([self.api, *chain[k:]])
        return ""

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            line = self._line(alias.lineno)
            lines = [line] if line is not None else []
            if alias.asname:
                self._bind(alias.asname, alias.name, lines)
                qual = alias.name
            else:
                root = alias.name.split(".")[0]
                self._bind(root, root, lines)
                qual = alias.name
            self.names.add(qual)
            if self._matches(qual):
                self.lines.update(lines)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module if node.level == 0 else None
        for alias in node.names:
            line = self._line(alias.lineno)
            lines = [line] if line is not None else []
            if alias.name == "*":
                if module:
                    self.stars.add(module)
                continue
            qual = f"{module}.{alias.name}" if module else None
            self._bind(alias.asname or alias.name, qual, lines)
            if qual:
                self.names.add(qual)
                if self._matches(qual):
                    self.lines.update(lines)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._use(node, [node.id])
        elif isinstance(node.ctx, ast.Store | ast.Del):
            self._bind(node.id)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        chain: list[str] = []
        current: ast.expr = node
        while isinstance(current, ast.Attribute):
            chain.append(current.attr)
            current = current.value
        if isinstance(current, ast.Name) and isinstance(node.ctx, ast.Load):
            self._use(node, [current.id, *reversed(chain)])
        else:
            self.visit(current)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        if not isinstance(node, ast.Lambda):
            for decorator in node.decorator_list:
                self.visit(decorator)
            for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                if arg.annotation is not None:
                    self.visit(arg.annotation)
            if node.returns is not None:
                self.visit(node.returns)
            self._bind(node.name)
        self.scopes.append({})
        args = node.args
        for name in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if name is not None:
                self._bind(name.arg)
        body = node.body if isinstance(node.body, list) else [node.body]
        for stmt in body:
            self.visit(stmt)
        self.scopes.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expr)
        self._bind(node.name)
        self.scopes.append({})
        for stmt in node.body:
            self.visit(stmt)
        self.scopes.pop()

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        for target in node.targets:
            self.visit(target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        self.visit(node.target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind(node.name)
        for stmt in node.body:
            self.visit(stmt)
