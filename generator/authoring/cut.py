"""Cutting readable excerpts out of whole source files, the way Full Stack Python shows them.

An excerpt keeps the imports that bind the API and every other name its highlighted lines
use, the headers of the classes and functions around the usage, and the usage with its
enclosing statement or function; gaps of more than `MAX_GAP` lines become elision lines, and
a file of at most `MAX_WHOLE` lines is quoted whole. Every line is quoted verbatim (trailing
spaces aside), so `verify` can find each chunk in the file again.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass

from ..checks.snippets import Aliases, analyze, chunks, is_elision

MAX_UNIT = 25  # lines: the outermost function or class this small, else the statement
MAX_STATEMENT = 80  # lines: a longer statement is not quoted at all
MAX_WHOLE = 25  # lines: a file this small is quoted whole
MAX_GAP = 3  # lines: a shorter gap is quoted, as an elision line would save next to nothing
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)

DEFINITION, CALL, REFERENCE = 0, 1, 2
CATEGORY_NAMES = {DEFINITION: "definition", CALL: "call", REFERENCE: "reference"}


@dataclass(frozen=True)
class Usage:
    """One place a file uses the API, with the lines an excerpt of it quotes."""

    line: int  # 1-based line of the use
    category: int
    unit: tuple[int, int]  # the statement or definition quoted around it
    body: int  # first line of the unit or of the headers around it
    ranges: tuple[tuple[int, int], ...]  # imports, headers and unit, merged


@dataclass(frozen=True)
class Excerpt:
    """A snippet ready for the YAML: its code, the file line each chunk starts at, highlight."""

    code: str
    starts: tuple[int, ...]
    highlight: tuple[int, ...]

    @property
    def line(self) -> int:
        return self.starts[0]


@dataclass(frozen=True)
class _Import:
    start: int
    end: int
    owner: int  # first line of the innermost definition around it, or 0
    names: frozenset[str]  # the names it binds


class FileScan:
    """A parsed source file and every usage of one API in it."""

    def __init__(self, text: str, api: str, aliases: Aliases = ()) -> None:
        self.api = api
        self.aliases = aliases
        self.lines = [line.rstrip() for line in text.splitlines()]
        # Only the file's own syntax matters here; the excerpt is checked with the site's.
        self.tree = ast.parse(text, feature_version=sys.version_info[:2])
        # a comment such as "# ..." in the file would read as an elision: blank it out
        neutral = "\n".join("#" if is_elision(line) else line for line in self.lines)
        found = analyze(neutral, api, feature_version=sys.version_info[:2], aliases=aliases)
        self.use_lines = set(found.use_lines)
        self.imports = _imports(self.tree)
        self.loads = _loads(self.tree)
        self.categories = _categories(self.tree, self.use_lines)

    def is_import(self, line: int) -> bool:
        return any(i.start <= line <= i.end for i in self.imports)

    def usages(self) -> list[Usage]:
        """One usage per quoted unit, best category first, then in file order."""
        units: dict[tuple[int, int], Usage] = {}
        for line in sorted(self.use_lines):
            if self.is_import(line):
                continue
            chain = _chain(self.tree.body, line)
            unit, headers = _unit(chain, line)
            if unit is None:
                continue
            owners = {0} | {_start(s) for s in chain if isinstance(s, _DEFS)}
            category = self.categories.get(line, REFERENCE)
            known = units.get(unit)
            if known is not None and known.category <= category:
                continue
            imports = self._imports_for([*headers, unit], owners)
            ranges = _merge([*imports, *headers, unit], self.lines)
            body = min(start for start, _ in [*headers, unit])
            units[unit] = Usage(line, category, unit, body, tuple(ranges))
        return sorted(units.values(), key=lambda u: (u.category, u.line))

    def _imports_for(
        self, quoted: list[tuple[int, int]], owners: set[int]
    ) -> list[tuple[int, int]]:
        """The imports that bind the API, and those binding a name the quoted use lines use."""
        uses = [line for line in self.use_lines if any(s <= line <= e for s, e in quoted)]
        names = {name for line in uses for name in self.loads.get(line, ())}
        return [
            (i.start, i.end)
            for i in self.imports
            if i.owner in owners
            and (i.names & names or any(i.start <= line <= i.end for line in self.use_lines))
        ]

    def excerpt(self, usage: Usage, *, feature_version: tuple[int, int]) -> Excerpt | None:
        """The snippet for `usage`, or None when it would not pass the build's checks.

        A small file is quoted whole, and short gaps are quoted rather than elided, unless
        that would not pass the checks where the elided excerpt does.
        """
        text = list(self.lines)
        while text and not text[-1].strip():
            text.pop()
        first = next((i for i, line in enumerate(text) if line.strip()), 0)
        tries = [[(first + 1, len(text))]] if len(text) <= MAX_WHOLE else []
        compact = _close_gaps(list(usage.ranges), text)
        tries += [compact] if compact != list(usage.ranges) else []
        for ranges in [*tries, list(usage.ranges)]:
            code, starts = self._compose(ranges, usage.body)
            analysis = analyze(
                code, self.api, feature_version=feature_version, aliases=self.aliases
            )
            if not analysis.issues and analysis.use_lines:
                return Excerpt(code, starts, analysis.use_lines)
        return None

    def _compose(self, ranges: list[tuple[int, int]], body: int) -> tuple[str, tuple[int, ...]]:
        """The snippet quoting `ranges`, and the file line each of its chunks starts at."""
        name = self.api.rsplit(".", 1)[-1]
        out: list[str] = []
        origin: list[int] = []  # the file line of each snippet line; 0 for an elision

        def quote(start: int, end: int) -> None:
            out.extend(self.lines[start - 1 : end])
            origin.extend(range(start, end + 1))

        for i, (start, end) in enumerate(ranges):
            if i == 1 and ranges[0][1] < body:
                out.append(f"## ... source file abbreviated to get to {name} examples ...")
                origin.append(0)
            elif i:
                first = self.lines[start - 1]
                out.append(" " * (len(first) - len(first.lstrip())) + "# ...")
                origin.append(0)
            quote(start, end)
        last = ranges[-1][1]
        if any(line.strip() for line in self.lines[last:]):
            if not self.lines[last].strip():
                quote(last + 1, last + 1)
            out.append(
                "## ... source file continues ..."
                if any(use > last for use in self.use_lines)
                else f"## ... source file continues with no further {name} examples..."
            )
            origin.append(0)
        # a comment in the file that reads as an elision starts a chunk of its own
        starts = tuple(origin[start] for start, _ in chunks(out))
        return "\n".join(out) + "\n", starts


def _imports(tree: ast.Module) -> list[_Import]:
    """Every import, with the definition around it and the names it binds."""
    found = []
    stack: list[tuple[ast.stmt, int]] = [(s, 0) for s in tree.body]
    while stack:
        node, owner = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = frozenset(a.asname or a.name.split(".")[0] for a in node.names if a.name != "*")
            found.append(_Import(node.lineno, _end(node), owner, names))
        else:
            inner = _start(node) if isinstance(node, _DEFS) else owner
            stack.extend((child, inner) for child in _children(node))
    return sorted(found, key=lambda i: (i.start, i.end))


def _loads(tree: ast.Module) -> dict[int, set[str]]:
    """The names read on each line."""
    found: dict[int, set[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            found.setdefault(node.lineno, set()).add(node.id)
    return found


def _children(node: ast.AST) -> list[ast.stmt]:
    result: list[ast.stmt] = []
    for name in ("body", "orelse", "finalbody", "handlers", "cases"):
        for item in getattr(node, name, None) or []:
            if isinstance(item, ast.stmt):
                result.append(item)
            elif isinstance(item, ast.ExceptHandler | ast.match_case):
                result.extend(item.body)
    return result


def _start(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", None) or []
    return min([node.lineno, *(d.lineno for d in decorators)])


def _end(node: ast.stmt) -> int:
    return node.end_lineno or node.lineno


def _chain(body: list[ast.stmt], line: int) -> list[ast.stmt]:
    """The statements that enclose `line`, outermost first."""
    chain: list[ast.stmt] = []
    current = body
    while True:
        inner = next((s for s in current if _start(s) <= line <= _end(s)), None)
        if inner is None:
            return chain
        chain.append(inner)
        current = _children(inner)


def _header(node: ast.stmt) -> tuple[int, int]:
    body = getattr(node, "body", [])
    first = min(_start(body[0]), body[0].lineno) if body else _end(node) + 1
    return _start(node), max(_start(node), first - 1 if first > node.lineno else node.lineno)


def _span(r: tuple[int, int]) -> int:
    return r[1] - r[0] + 1


def _unit(chain: list[ast.stmt], line: int) -> tuple[tuple[int, int] | None, list[tuple[int, int]]]:
    """What to quote around a use: the unit, and the headers of the definitions around it."""
    for depth, node in enumerate(chain):
        if isinstance(node, _DEFS) and _span((_start(node), _end(node))) <= MAX_UNIT:
            outer = [_header(s) for s in chain[:depth] if isinstance(s, _DEFS)]
            return (_start(node), _end(node)), outer
    defs = [i for i, s in enumerate(chain) if isinstance(s, _DEFS)]
    inner = defs[-1] if defs else -1
    headers = [_header(chain[i]) for i in defs]
    if inner >= 0 and line <= _header(chain[inner])[1]:
        return _header(chain[inner]), headers[:-1]
    below = chain[inner + 1 :]
    fitting = [s for s in below if _span((_start(s), _end(s))) <= MAX_UNIT]
    chosen = fitting[0] if fitting else below[-1] if below else None
    if chosen is None or _span((_start(chosen), _end(chosen))) > MAX_STATEMENT:
        return None, []
    return (_start(chosen), _end(chosen)), headers


def _merge(ranges: list[tuple[int, int]], lines: list[str]) -> list[tuple[int, int]]:
    """Sorted ranges, joined where only blank or comment lines lie between them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(ranges)):
        if merged:
            prev_start, prev_end = merged[-1]
            gap = lines[prev_end : start - 1]
            if start <= prev_end + 1 or (
                len(gap) <= 3 and all(not g.strip() or g.lstrip().startswith("#") for g in gap)
            ):
                merged[-1] = (prev_start, max(prev_end, end))
                continue
        merged.append((start, end))
    return merged


def _close_gaps(ranges: list[tuple[int, int]], lines: list[str]) -> list[tuple[int, int]]:
    """Ranges joined across gaps of at most `MAX_GAP` lines, the last one to a short end."""
    joined: list[tuple[int, int]] = []
    for start, end in ranges:
        if joined and start - joined[-1][1] - 1 <= MAX_GAP:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    if joined and 0 < len(lines) - joined[-1][1] <= MAX_GAP:
        joined[-1] = (joined[-1][0], len(lines))
    return joined


def _categories(tree: ast.Module, uses: set[int]) -> dict[int, int]:
    """The best category of each use line: definitions, then calls, then references."""
    found: dict[int, int] = {}

    def mark(node: ast.AST, category: int) -> None:
        lines = range(getattr(node, "lineno", 0), (getattr(node, "end_lineno", 0) or 0) + 1)
        for line in lines:
            if line in uses and found.get(line, REFERENCE) > category:
                found[line] = category

    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for expr in [*node.bases, *(k.value for k in node.keywords)]:
                mark(expr, DEFINITION)
        if isinstance(node, _DEFS):
            for decorator in node.decorator_list:
                mark(decorator, DEFINITION)
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
            mark(node.value.func, DEFINITION)
        if isinstance(node, ast.Call):
            mark(node.func, CALL)
    return found
