"""The API-use detector: resolve names through imports and Python's scopes, collect uses.

A name may stand for several things at once: a binding made in a branch (`if`, a loop, a
`try` or its `except`) adds to what the name meant before instead of replacing it, so the
fallback in `except ImportError: Mixin = object` does not hide the imported `Mixin`. Class
bodies are scopes their methods do not see, and comprehensions have scopes of their own.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from .excerpts import Excerpt

Aliases = tuple[tuple[str, str], ...]
"""(other dotted name, the name a page uses) pairs; either may be a prefix of longer names."""


@dataclass(frozen=True)
class Binding:
    """What a name stands for: a dotted name (None for a local value) and its import lines."""

    qual: str | None
    lines: tuple[int, ...] = ()
    # `import a.b` binds `a`; each imported path keeps its own line, so `a.b.x` credits it
    modules: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def import_lines(self, qual: str) -> tuple[int, ...]:
        paths = [p for p, _ in self.modules if qual == p or qual.startswith(p + ".")]
        if not paths:
            return self.lines
        longest = max(paths, key=len)
        return next(lines for p, lines in self.modules if p == longest)


LOCAL = Binding(None)


@dataclass
class Scope:
    is_class: bool = False
    names: dict[str, list[Binding]] = field(default_factory=dict)
    branch: int = 0  # depth of `if`/loop/`try` blocks: bindings there are alternatives


def is_reexport(qual: str, api: str) -> bool:
    """Whether `qual` names `api` through the package that holds the API's module.

    `flask.Flask` names `flask.app.Flask`: a package re-exports the names of its own modules.
    The re-export is looked for in the parent package of the API's module only: a name further
    up (`sqlalchemy.ARRAY` for `sqlalchemy.dialects.postgresql.ARRAY`) is as likely to be
    another object, so such names are listed as aliases where they are the same.
    """
    module, _, tail = api.rpartition(".")
    parent = module.rpartition(".")[0]
    return bool(parent) and (qual == f"{parent}.{tail}" or qual.startswith(f"{parent}.{tail}."))


class UseFinder(ast.NodeVisitor):
    """Resolves names through imports and scopes, collecting uses of one API."""

    def __init__(self, api: str, aliases: Aliases = ()) -> None:
        self.api = api
        self.aliases = aliases
        # the API's own name and the other names it is reachable under
        self.spellings = [api] + [
            other + api[len(canon) :]
            for other, canon in aliases
            if api == canon or api.startswith(canon + ".")
        ]
        self.scopes: list[Scope] = [Scope()]
        self.stars: set[str] = set()
        self.lines: set[int] = set()
        self.names: set[str] = set()
        self.excerpt = Excerpt()

    def _line(self, lineno: int) -> int | None:
        origin = self.excerpt.snippet_line(lineno)
        return None if origin is None else origin + 1

    def _bind(self, name: str, binding: Binding = LOCAL) -> None:
        scope = self.scopes[-1]
        known = scope.names.get(name)
        if scope.branch and known is not None:
            if binding not in known:
                known.append(binding)
        else:
            scope.names[name] = [binding]

    def _lookup(self, name: str) -> list[Binding] | None:
        # a class body's names are not visible in the functions defined in it
        for depth, scope in enumerate(reversed(self.scopes)):
            if name in scope.names and (depth == 0 or not scope.is_class):
                return scope.names[name]
        return None

    def matches(self, qual: str) -> bool:
        """Whether the dotted name `qual` is the API, one of its aliases, or inside it."""
        for spelling in self.spellings:
            if qual == spelling or qual.startswith(spelling + "."):
                return True
        for other, canon in self.aliases:
            if qual == other or qual.startswith(other + "."):
                meant = canon + qual[len(other) :]
                if meant == self.api or meant.startswith(self.api + "."):
                    return True
        return is_reexport(qual, self.api)

    def _found(self, lineno: int, lines: tuple[int, ...]) -> None:
        line = self._line(lineno)
        if line is not None:
            self.lines.add(line)
        self.lines.update(lines)

    def _use(self, node: ast.expr, chain: list[str]) -> None:
        bound = self._lookup(chain[0])
        if bound is None:
            qual = self._unbound(chain)
            if qual:
                self._credit(qual, node, ())
            return
        for binding in bound:
            if binding.qual is not None:
                qual = ".".join([binding.qual, *chain[1:]])
                self._credit(qual, node, binding.import_lines(qual))

    def _credit(self, qual: str, node: ast.expr, import_lines: tuple[int, ...]) -> None:
        parts = qual.split(".")
        self.names.update(".".join(parts[: i + 1]) for i in range(len(parts)))
        if self.matches(qual):
            self._found(node.lineno, import_lines)

    def _unbound(self, chain: list[str]) -> str:
        """A name with no import in sight: excerpts often leave the imports out."""
        if any(self.matches(f"{star}.{chain[0]}") for star in self.stars):
            return ".".join([self.api, *chain[1:]])
        for spelling in self.spellings:
            for k in range(len(chain), 0, -1):
                if ("." + spelling).endswith("." + ".".join(chain[:k])):
                    return ".".join([self.api, *chain[k:]])
        return ""

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            line = self._line(alias.lineno)
            lines = (line,) if line is not None else ()
            if alias.asname:
                self._bind(alias.asname, Binding(alias.name, lines))
            else:
                root = alias.name.split(".")[0]
                known = self.scopes[-1].names.get(root, [])
                modules = dict(next((b.modules for b in known if b.qual == root), ()))
                modules[alias.name] = modules.get(alias.name, ()) + lines
                every = tuple(sorted({n for found in modules.values() for n in found}))
                binding = Binding(root, every, tuple(modules.items()))
                self.scopes[-1].names[root] = [
                    *(b for b in known if b.qual != root and self.scopes[-1].branch),
                    binding,
                ]
            self.names.add(alias.name)
            if self.matches(alias.name):
                self.lines.update(lines)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module if node.level == 0 else None
        for alias in node.names:
            line = self._line(alias.lineno)
            lines = (line,) if line is not None else ()
            if alias.name == "*":
                if module:
                    self.stars.add(module)
                continue
            qual = f"{module}.{alias.name}" if module else None
            self._bind(alias.asname or alias.name, Binding(qual, lines))
            if qual:
                self.names.add(qual)
                if self.matches(qual):
                    self.lines.update(lines)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self._use(node, [node.id])
        else:
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

    def _visit_all(self, nodes: list[ast.stmt] | list[ast.expr]) -> None:
        for node in nodes:
            self.visit(node)

    def _enter(self, *, is_class: bool = False) -> None:
        self.scopes.append(Scope(is_class))

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> None:
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None:
                self.visit(default)
        if not isinstance(node, ast.Lambda):
            self._visit_all(node.decorator_list)
            for arg in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]:
                if arg.annotation is not None:
                    self.visit(arg.annotation)
            if node.returns is not None:
                self.visit(node.returns)
            self._bind(node.name)
        self._enter()
        args = node.args
        for name in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]:
            if name is not None:
                self._bind(name.arg)
        if isinstance(node.body, list):
            self._visit_all(node.body)
        else:
            self.visit(node.body)
        self.scopes.pop()

    visit_FunctionDef = _function
    visit_AsyncFunctionDef = _function
    visit_Lambda = _function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._visit_all([*node.decorator_list, *node.bases, *(k.value for k in node.keywords)])
        self._bind(node.name)
        self._enter(is_class=True)
        self._visit_all(node.body)
        self.scopes.pop()

    def _comprehension(
        self, node: ast.ListComp | ast.SetComp | ast.GeneratorExp | ast.DictComp
    ) -> None:
        # the first iterable is evaluated outside; the loop variables live in their own scope
        self.visit(node.generators[0].iter)
        self._enter()
        for i, generator in enumerate(node.generators):
            if i:
                self.visit(generator.iter)
            self.visit(generator.target)
            self._visit_all(generator.ifs)
        if isinstance(node, ast.DictComp):
            self._visit_all([node.key, node.value])
        else:
            self.visit(node.elt)
        self.scopes.pop()

    visit_ListComp = _comprehension
    visit_SetComp = _comprehension
    visit_GeneratorExp = _comprehension
    visit_DictComp = _comprehension

    def _branches(self, *blocks: list[ast.stmt] | list[ast.ExceptHandler]) -> None:
        self.scopes[-1].branch += 1
        for block in blocks:
            self._visit_all(block)  # type: ignore[arg-type]
        self.scopes[-1].branch -= 1

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        self._branches(node.body, node.orelse)

    def visit_While(self, node: ast.While) -> None:
        self.visit(node.test)
        self._branches(node.body, node.orelse)

    def _for(self, node: ast.For | ast.AsyncFor) -> None:
        self.visit(node.iter)
        self.scopes[-1].branch += 1
        self.visit(node.target)
        self.scopes[-1].branch -= 1
        self._branches(node.body, node.orelse)

    visit_For = _for
    visit_AsyncFor = _for

    def _try(self, node: ast.Try | ast.TryStar) -> None:
        self._branches(node.body, node.handlers, node.orelse, node.finalbody)

    visit_Try = _try
    visit_TryStar = _try

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.visit(node.type)
        if node.name:
            self._bind(node.name)
        self._visit_all(node.body)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)
        self._visit_all(node.targets)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        self.visit(node.target)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self.visit(node.annotation)
        if node.value is not None:
            self.visit(node.value)
        self.visit(node.target)
