"""Symbols: a function, class or method named by its qualified name, found through `ast`.

An example may name `symbol: Class.method` as well as (or instead of) line numbers: the
name survives upstream edits above the code, and the syntax tree finds it again at any commit.
A symbol's lines run from its first decorator to the end of its body.
"""

from __future__ import annotations

import ast
import difflib
import re
import textwrap
import warnings
from collections.abc import Iterable
from dataclasses import dataclass

from .excerpts import chunks, is_elision, snippet_lines

_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_DEFINES = re.compile(r"^\s*(?:async\s+def|def|class)\s+([A-Za-z_][A-Za-z0-9_]*)\b")


@dataclass(frozen=True)
class Span:
    """Where one definition is: its qualified name, kind and 1-based lines, decorators included."""

    name: str
    kind: str  # "function" or "class"
    start: int
    end: int
    line: int  # the `def` or `class` line


@dataclass(frozen=True)
class NotFound:
    """A symbol the file does not define: why, and the closest names it does define."""

    reason: str
    suggestions: tuple[str, ...] = ()

    def hint(self) -> str:
        """The fix to suggest: the closest names, or what to do when there are none."""
        if self.suggestions:
            return "did you mean " + " or ".join(f"'{s}'" for s in self.suggestions) + "?"
        return "name a function, class or method the file defines, such as Class.method"


def definitions(text: str) -> dict[str, Span]:
    """Every function and class of a module by qualified name (`Outer.Inner.method`).

    Functions nested in functions are named through them (`outer.inner`), as the page would
    show them. A name defined twice at one level (a property's getter and setter, a
    definition under `if`/`else`) names its first definition. SyntaxError when the file
    does not parse with the running Python's grammar.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", (SyntaxWarning, DeprecationWarning))
        return definitions_in(ast.parse(text))


def definitions_in(tree: ast.Module) -> dict[str, Span]:
    """`definitions` of a module already parsed."""
    found: dict[str, Span] = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in _statements(body):
            if isinstance(node, _DEFINITIONS):
                name = prefix + node.name
                start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                kind = "class" if isinstance(node, ast.ClassDef) else "function"
                end = node.end_lineno or node.lineno
                found.setdefault(name, Span(name, kind, start, end, node.lineno))
                visit(node.body, name + ".")

    visit(tree.body, "")
    return found


def _statements(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a block, with those under `if`, `try` and `with` (conditional defs)."""
    out: list[ast.stmt] = []
    for node in body:
        out.append(node)
        if isinstance(node, (ast.If, ast.Try, ast.With, ast.AsyncWith)):
            inner: list[ast.stmt] = [*node.body]
            if isinstance(node, ast.If):
                inner += node.orelse
            elif isinstance(node, ast.Try):
                inner += [s for h in node.handlers for s in h.body] + node.orelse + node.finalbody
            out += _statements(inner)
    return out


def find(text: str, name: str) -> Span | NotFound:
    """The span of `name` in the module `text`, or why it is not there with the closest names."""
    try:
        found = definitions(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        detail = e.msg if isinstance(e, SyntaxError) else type(e).__name__
        return NotFound(f"the file does not parse ({detail}), so its symbols cannot be read")
    if name in found:
        return found[name]
    return NotFound("the file defines no such function, class or method", closest(name, found))


def closest(name: str, names: Iterable[str]) -> tuple[str, ...]:
    """Up to three names closest to `name`: same last part first, then by spelling."""
    pool = list(names)
    last = name.rsplit(".", 1)[-1]
    same = [n for n in pool if n.rsplit(".", 1)[-1] == last and n != name]
    spelled = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    return tuple(dict.fromkeys([*same, *spelled]))[:3]


def source(text: str, span: Span) -> list[str]:
    """The symbol's lines of `text`, as the file has them."""
    return text.splitlines()[span.start - 1 : span.end]


def defined_in_snippet(code: str) -> list[tuple[int, str]]:
    """(1-based snippet line, name) of each `def`, `async def` and `class` line of a snippet."""
    return [
        (i, match.group(1))
        for i, text in enumerate(snippet_lines(code), 1)
        if (match := _DEFINES.match(text))
    ]


def definition_line(code: str, symbol: str) -> int | None:
    """The 0-based snippet line that defines the symbol's last name, if the snippet has one."""
    last = symbol.rsplit(".", 1)[-1]
    return next((i - 1 for i, name in defined_in_snippet(code) if name == last), None)


def snippet_problem(code: str, symbol: str) -> str | None:
    """Whether a snippet can be the source of `symbol`, judged from the snippet alone.

    The snippet must hold the `def` or `class` line of the symbol's last name; the outer
    names (a method's class) may be left out. Returns (snippet line, message) when it cannot.
    """
    defined = defined_in_snippet(code)
    last = symbol.rsplit(".", 1)[-1]
    if any(name == last for _, name in defined):
        return None
    names = [name for _, name in defined]
    close = difflib.get_close_matches(last, names, n=1, cutoff=0.6)
    hint = (
        f"did you mean `symbol: {symbol[: -len(last)]}{close[0]}`?"
        if close
        else "quote the symbol's definition, or correct `symbol`"
    )
    what = f"defines only {', '.join(dict.fromkeys(names))}" if names else "defines nothing"
    return f"`symbol: {symbol}` names no `def` or `class` line of the snippet, which {what}; {hint}"


def whole_definition(code: str) -> str | None:
    """The name a snippet defines when it is one whole function or class, else None.

    One chunk (no '# ...' lines) that parses as one `def`, `async def` or `class`,
    decorators included.
    """
    lines = snippet_lines(code)
    if len(chunks(lines)) != 1 or any(is_elision(t) for t in lines):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", (SyntaxWarning, DeprecationWarning))
            tree = ast.parse(textwrap.dedent("\n".join(lines)))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if len(tree.body) == 1 and isinstance(tree.body[0], _DEFINITIONS):
        return tree.body[0].name
    return None
