"""Symbol-anchored examples against a file: the snippet inside the symbol's lines, at any commit.

`match` finds an example's snippet within the lines of its `symbol` (found through the syntax
tree, so edits above it do not matter); `rebuild_in` rebuilds a snippet from the symbol's own
lines when the quoted ones changed. Line numbers are the file's, 1-based.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..checks.excerpts import is_elision, snippet_lines
from ..checks.symbols import NotFound, Span, definition_line, find
from .drift import Chunk, Found, Missing, locate, snippet_chunks
from .repair import MARK, FileIndex, Rebuilt, embed, rebuild

MAX_WHOLE = 60  # lines: a changed symbol up to this long is quoted whole when its lines moved


@dataclass(frozen=True)
class Placed:
    """A snippet found inside its symbol: the symbol's span and the match, in file lines."""

    span: Span
    found: Found


def match(text: str, symbol: str, code: str) -> Placed | Missing | NotFound:
    """Find `code` at `symbol` in the module `text`.

    From the snippet's line that defines the symbol on, every chunk lies within the symbol,
    that line on the symbol's own `def` or `class` line; what the snippet quotes above it
    (imports, the class a method is in) is found, in order, above it. A snippet without
    such a line lies wholly within the symbol. Missing carries the chunk not found (its
    region in file lines); NotFound says why the symbol is not there.
    """
    span = find(text, symbol)
    if isinstance(span, NotFound):
        return span
    lines = text.splitlines()
    split = definition_line(code, symbol)
    if split is None:
        found = _within(lines, span.start, span.end, code)
        return found if isinstance(found, Missing) else Placed(span, found)
    quoted = snippet_lines(code)
    head, tail = quoted[:split], quoted[split:]
    after = _within(lines, span.line, span.end, _joined(tail))
    if isinstance(after, Missing) or after.starts[0] != span.line:
        missing = after if isinstance(after, Missing) else _nowhere(tail, span.line)
        return _moved(missing, split)
    if not any(t.strip() and not is_elision(t) for t in head):
        starts = after.starts
    else:
        before = locate("\n".join(lines[: span.line - 1]), _joined(head))
        if isinstance(before, Missing):
            return before
        starts = before.starts + after.starts
        if not is_elision(next(t for t in reversed(head) if t.strip())):
            # the defining line continues a chunk that starts above it: no line between
            last = snippet_chunks(_joined(head))[-1]
            blank = len(head) - last.last
            if before.starts[-1] + len(last.lines) + blank != span.line:
                return Missing(last, 0, (span.line - 1, span.line - 1))
            starts = before.starts + after.starts[1:]
    first = snippet_chunks(code)[0]
    return Placed(span, Found(starts, starts[0] - first.lead))


def _joined(lines: list[str]) -> str:
    return "\n".join(lines) + "\n"


def _within(lines: list[str], start: int, end: int, code: str) -> Found | Missing:
    """`code` in file lines start..end (1-based), numbered as in the file."""
    result = locate("\n".join(lines[start - 1 : end]), code, 1)
    shift = start - 1
    if isinstance(result, Missing):
        first, last = result.region
        return Missing(result.chunk, result.after + shift, (first + shift, last + shift))
    return Found(tuple(s + shift for s in result.starts), result.line + shift)


def _nowhere(tail: list[str], line: int) -> Missing:
    return Missing(snippet_chunks(_joined(tail))[0], line - 1, (line - 1, line))


def _moved(missing: Missing, by: int) -> Missing:
    """A Missing of the snippet's tail, its chunk numbered as in the whole snippet."""
    chunk = missing.chunk
    return Missing(Chunk(chunk.first + by, chunk.lines, chunk.lead), missing.after, missing.region)


@dataclass(frozen=True)
class Recovered:
    """A snippet rebuilt from a symbol's lines, and each old snippet line's file line."""

    rebuilt: Rebuilt
    placed: list[int | None]
    whole: bool  # the symbol quoted whole: its quoted lines were no longer all there


def rebuild_in(
    text: str, symbol: str, code: str, *, feature_version: tuple[int, int], whole: bool = False
) -> Recovered | NotFound | None:
    """The snippet made of the file's lines at `symbol` in `text`; None when no rebuild fits.

    Every code line of the snippet found, in order, within the symbol (and above it, for
    what the snippet quotes above its defining line): rebuilt around them, gaps marked.
    With `whole`, a symbol of at most MAX_WHOLE lines (or twice the snippet's length) is
    quoted whole instead: the example still shows that function or class, as it is now.
    """
    span = find(text, symbol)
    if isinstance(span, NotFound):
        return span
    lines = text.splitlines()
    split = definition_line(code, symbol)
    quoted = snippet_lines(code)
    above = split is not None and any(t.strip() and not is_elision(t) for t in quoted[:split])
    shift = 0 if above else span.start - 1
    index = FileIndex("\n".join(lines[shift : span.end]))
    placed = None if whole else embed(index, code)
    if placed is not None and (split is None or placed[split] == span.line - 1 - shift):
        rebuilt = rebuild(index, code, placed, feature_version=feature_version)
        if rebuilt is None:
            return None
        return Recovered(_shifted(rebuilt, shift), [_plus(p, shift) for p in placed], False)
    if not whole:
        return None
    own = [t.rstrip() for t in lines[span.start - 1 : span.end]]
    if len(own) > max(MAX_WHOLE, 2 * len(quoted)):
        return None
    start = span.start - 1
    if above and split is not None:
        # what the snippet quoted above the symbol (the imports that bind the API) stays,
        # when the file still has it there, before the whole symbol
        # (the lines the file no longer has above it, such as an import since removed, go)
        kept = {t.rstrip() for t in lines[:start]}
        head = [
            t
            for t in quoted[:split]
            if not t.lstrip().startswith("@") and (is_elision(t) or t.rstrip() in kept)
        ]
        combined = "\n".join([*head, MARK, *own]) + "\n"
        placed = embed(index, combined)
        if placed is not None and all(
            at is None or at == start + i for i, at in enumerate(placed[len(head) + 1 :])
        ):
            rebuilt = rebuild(index, combined, placed, feature_version=feature_version)
            if rebuilt is not None:
                return Recovered(rebuilt, [None] * len(quoted), True)
    source = Rebuilt("\n".join(own) + "\n", tuple(range(start, start + len(own))), (span.start,))
    return Recovered(source, [None] * len(quoted), True)


def _plus(value: int | None, shift: int) -> int | None:
    return None if value is None else value + shift


def _shifted(rebuilt: Rebuilt, shift: int) -> Rebuilt:
    return Rebuilt(
        rebuilt.code,
        tuple(_plus(o, shift) for o in rebuilt.origin),
        tuple(s + shift for s in rebuilt.starts),
    )


def locate_example(
    text: str, code: str, line: int | None, symbol: str | None
) -> Found | Missing | NotFound:
    """Where an example's snippet is in `text`: within its symbol when it names one."""
    if symbol is None:
        return locate(text, code, line)
    found = match(text, symbol, code)
    return found.found if isinstance(found, Placed) else found


def not_defined(label: str, file: str, symbol: str, where: str, missing: NotFound) -> str:
    """The message for a symbol the file does not define at `where` (a commit, or HEAD)."""
    return (
        f"{label}: {file} at {where} does not define {symbol}: {missing.reason}; {missing.hint()}"
    )
