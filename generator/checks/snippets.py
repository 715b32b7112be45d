"""Snippet checks: parse each excerpt (see `excerpts`), find the lines that use the API."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from functools import lru_cache

from ..cache import Store, key_of
from .excerpts import ELISION, Excerpt, Issue, chunks, is_elision, parse_chunk, snippet_lines

__all__ = [
    "ELISION",
    "Analysis",
    "Issue",
    "analyze",
    "analyze_stored",
    "chunks",
    "contiguous_length",
    "is_elision",
    "snippet_lines",
]


@dataclass(frozen=True)
class Analysis:
    """What the checks learned about one snippet."""

    use_lines: tuple[int, ...]
    names: frozenset[str]
    elided: bool
    issues: tuple[Issue, ...]


def contiguous_length(lines: list[str]) -> int | None:
    """How many lines follow the file unbroken: all but trailing elisions, or None."""
    end = len(lines)
    while end and (is_elision(lines[end - 1]) or not lines[end - 1].strip()):
        end -= 1
    if any(is_elision(text) for text in lines[:end]):
        return None
    return end


def analyze_stored(
    store: Store, code: str, api: str, *, feature_version: tuple[int, int] = (3, 8)
) -> Analysis:
    """`analyze(...)`, kept in `store` between runs."""
    if store.folder is None:
        return analyze(code, api, feature_version=feature_version)
    key = key_of(["analysis", code, api, feature_version])
    text = store.get(key)
    if text is not None:
        try:
            use, names, elided, issues = json.loads(text)
            return Analysis(
                tuple(int(n) for n in use),
                frozenset(str(n) for n in names),
                bool(elided),
                tuple(Issue(int(i[0]), int(i[1]), str(i[2])) for i in issues),
            )
        except (ValueError, TypeError, IndexError):
            pass
    found = analyze(code, api, feature_version=feature_version)
    issues = [[i.line, i.col, i.message] for i in found.issues]
    store.put(key, json.dumps([found.use_lines, sorted(found.names), found.elided, issues]))
    return found


# A pure function of its arguments: `mkdocs serve` rebuilds reuse what did not change.
@lru_cache(maxsize=1 << 15)
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
    trees: list[tuple[ast.Module, Excerpt]] = []
    for start, chunk in parts:
        result = parse_chunk(start, chunk, feature_version=feature_version)
        if isinstance(result, Issue):
            issues.append(result)
        elif result is not None:
            trees.append(result)
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
        self.excerpt = Excerpt()

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
        if qual == self.api or qual.startswith(self.api + "."):
            return True
        # a package re-exports the API: `from flask import Flask` for flask.app.Flask
        parts = qual.split(".")
        for k in range(1, len(parts)):
            if parts[k] == self.tail and self.module.startswith(".".join(parts[:k]) + "."):
                return True
        return False

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
