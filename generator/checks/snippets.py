"""Snippet checks: parse each excerpt (see `excerpts`), find the lines that use the API."""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from functools import lru_cache

from ..cache import Store, key_of
from .excerpts import ELISION, Excerpt, Issue, chunks, is_elision, parse_chunk, snippet_lines
from .limits import snippet_limit_issue
from .uses import Aliases, UseFinder

__all__ = [
    "ELISION",
    "Aliases",
    "Analyses",
    "Analysis",
    "Issue",
    "aliases_for",
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


def aliases_for(api: str, aliases: Aliases) -> Aliases:
    """The (other name, name) pairs that can bear on uses of `api`, sorted.

    A pair bears on it when its name is the API, holds it (a module's alias reaches the
    module's names) or lies inside it (an alias of one name in a module API's module).
    """
    return tuple(
        sorted(
            {
                (other, canon)
                for other, canon in aliases
                if canon == api or canon.startswith(api + ".") or api.startswith(canon + ".")
            }
        )
    )


Job = tuple[str, str, tuple[int, int], Aliases]
"""An analysis to make: code, API, feature version, aliases."""


class Analyses:
    """One content load's snippet analyses: made ahead by workers (each taken once), kept from
    the last load (`last`: `mkdocs serve` rebuilds ask for the same ones again), read from
    `store`, or made now."""

    def __init__(self, store: Store, last: dict[Job, Analysis] | None = None) -> None:
        self.store = store
        self.ahead: dict[Job, Analysis] = {}
        self.last = last or {}
        self.used: dict[Job, Analysis] = {}

    def get(
        self,
        code: str,
        api: str,
        *,
        feature_version: tuple[int, int] = (3, 8),
        aliases: Aliases = (),
    ) -> Analysis:
        """`analyze(...)`, from wherever it was made first."""
        job = (code, api, feature_version, aliases)
        made = self.ahead.pop(job, None) or self.used.get(job) or self.last.get(job)
        if made is None:
            made = analyze_stored(
                self.store, code, api, feature_version=feature_version, aliases=aliases
            )
        self.used[job] = made
        return made

    def analyze_all(self, jobs: list[Job]) -> list[Analysis]:
        """`get` for each job: in a worker, ahead of the checks that need them."""
        return [self.get(c, a, feature_version=v, aliases=al) for c, a, v, al in jobs]

    def remember(self, jobs: list[Job], analyses: list[Analysis]) -> None:
        """Keep analyses made ahead (and stored) for the checks that ask for them next."""
        self.ahead.update(zip(jobs, analyses, strict=True))

    def forget_ahead(self) -> None:
        """Drop the analyses made ahead that no check asked for."""
        self.ahead.clear()


def analyze_stored(
    store: Store,
    code: str,
    api: str,
    *,
    feature_version: tuple[int, int] = (3, 8),
    aliases: Aliases = (),
) -> Analysis:
    """`analyze(...)`, kept in `store` between runs."""
    if store.folder is None:
        return analyze(code, api, feature_version=feature_version, aliases=aliases)
    key = key_of(["analysis", code, api, feature_version, [list(pair) for pair in aliases]])
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
    found = analyze(code, api, feature_version=feature_version, aliases=aliases)
    issues = [[i.line, i.col, i.message] for i in found.issues]
    store.put(key, json.dumps([found.use_lines, sorted(found.names), found.elided, issues]))
    return found


# A pure function of its arguments (the aliases are part of the key): `mkdocs serve`
# rebuilds reuse what did not change.
@lru_cache(maxsize=1 << 15)
def analyze(
    code: str,
    api: str,
    *,
    feature_version: tuple[int, int] = (3, 8),
    aliases: Aliases = (),
) -> Analysis:
    """Parse `code` excerpt by excerpt and find the lines that import or use `api`.

    `aliases` lists other dotted names under which the API is reachable (`aliases_for`).
    """
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
    limit = snippet_limit_issue(lines)
    if limit is not None:
        return Analysis((), frozenset(), False, (limit,))
    parts = chunks(lines)
    issues: list[Issue] = []
    trees: list[tuple[ast.Module, Excerpt]] = []
    for start, chunk in parts:
        result = parse_chunk(start, chunk, feature_version=feature_version)
        if isinstance(result, Issue):
            issues.append(result)
        elif result is not None:
            trees.append(result)
    finder = UseFinder(api, aliases)
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
