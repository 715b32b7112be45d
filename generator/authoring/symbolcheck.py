"""`check --sources`: each symbol-anchored snippet proved to be its symbol's source at its ref.

Without clones, `check` can only see that the snippet holds the symbol's `def` or `class`
line; with them, the file is read at the pinned commit and the symbol found in its syntax tree.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.symbols import NotFound, Span, find
from ..content.entries import ApiEntry, Site
from ..errors import Problem
from . import gitfiles
from .drift import Missing, chunk_starts
from .symbols import match
from .verify import find_clone


@dataclass
class SymbolCheck:
    """What `check --sources` found of the examples that name a symbol."""

    problems: list[Problem] = field(default_factory=list)
    checked: int = 0
    unchecked: int = 0  # no clone, or the ref names no commit in it: `verify` says which


def check_symbols(site: Site, sources: Path) -> SymbolCheck:
    """Prove each symbol-anchored snippet is its symbol's source at the pinned ref."""
    result = SymbolCheck()
    clones: dict[str, Path | None] = {}
    with ExitStack() as stack:
        readers: dict[Path, gitfiles.Blobs] = {}
        for api in site.apis:
            for example in api.examples:
                model = example.model
                if model.symbol is None:
                    continue
                project = example.project
                if project.id not in clones:
                    clones[project.id] = find_clone(sources, project)
                clone = clones[project.id]
                commit = clone and gitfiles.resolve_ref(clone, model.ref).commit
                if clone is None or commit is None:
                    result.unchecked += 1
                    continue
                if clone not in readers:
                    readers[clone] = stack.enter_context(gitfiles.Blobs(clone))
                text = readers[clone].text(f"{commit}:{model.file}")
                result.checked += 1
                problem = _symbol_problem(api, example.number, text, model.ref[:12])
                if problem is not None:
                    result.problems.append(problem)
    return result


def _symbol_problem(api: ApiEntry, number: int, text: str | None, short: str) -> Problem | None:
    model = api.model.examples[number - 1]
    key = ("examples", number - 1)
    label = f"example {number} ({model.project})"
    symbol = str(model.symbol)
    if text is None:
        return api.doc.problem(
            (*key, "file"), f"{label}: {model.file} is not in the clone at {short}; correct `file`"
        )
    found = match(text, symbol, model.code)
    if isinstance(found, NotFound):
        return api.doc.problem(
            (*key, "symbol"),
            f"{label}: {model.file} at {short} does not define {symbol}: {found.reason}; "
            f"{found.hint()}",
        )
    if isinstance(found, Missing):
        span = find(text, symbol)
        lines = f" (lines {span.start}-{span.end})" if isinstance(span, Span) else ""
        line, col = api.doc.at((*key, "code")).inside(found.chunk.first)
        return Problem(
            api.doc.shown,
            line,
            col,
            f"{label}: {found.chunk.label()} {_be(found)} not in the source of {symbol}{lines} in "
            f"{model.file} at {short}; copy them again from there, or correct `symbol`",
        )
    starts = chunk_starts(model.code, found.found)
    expected = list(starts) if starts is not None else found.found.line
    if model.line is not None and model.line != expected:
        return api.doc.problem(
            (*key, "line"),
            f"{label}: `line` is {model.line}, but {symbol}'s snippet starts at line "
            f"{found.found.line} of {model.file} at {short}; set `line: {expected}`",
        )
    return None


def _be(missing: Missing) -> str:
    return "is" if missing.chunk.first == missing.chunk.last else "are"
