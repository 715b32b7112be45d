"""Rebuilding a snippet from the real file: the lines it quotes, in order, gaps marked.

A quoted snippet may have lost lines without saying so (comments, docstrings, blank lines)
or stop in the middle of a statement. `embed` finds every code line of the snippet in the
file, in order; `rebuild` takes the file's own lines around them, marks each left-out run
with a `# ...` line, and extends a chunk cut mid-statement to the statement's end. Every line
of the result is a line of the file, in file order: `check_quoted` proves it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import pairwise

from ..checks.excerpts import HINT_START, Issue, chunks, is_elision, parse_chunk, snippet_lines

MAX_GAP = 400  # file lines a snippet may skip between two of its lines with no `# ...`
MAX_EXTEND = 60  # lines added after a chunk cut mid-statement
MAX_EXTEND_BACK = 30  # lines added before a chunk that starts mid-statement
MARK = "# ..."


class RepairError(Exception):
    """Raised by `rebuild` when a result would hold a line that is not the file's."""


@dataclass(frozen=True)
class Rebuilt:
    """A snippet made of the file's lines: its code, each line's file line (None for a mark),
    and the file line each chunk starts at (1-based)."""

    code: str
    origin: tuple[int | None, ...]
    starts: tuple[int, ...]


class FileIndex:
    """A file's lines (trailing whitespace dropped) and where each text occurs."""

    def __init__(self, text: str) -> None:
        self.lines = [t.rstrip() for t in text.splitlines()]
        self.where: dict[str, list[int]] = {}
        for i, line in enumerate(self.lines):
            self.where.setdefault(line, []).append(i)


def embed(index: FileIndex, code: str) -> list[int | None] | None:
    """The 0-based file line of each snippet line (None for blank and elision lines).

    Every other line must be found verbatim, in order; within a chunk, at most MAX_GAP file
    lines apart. Of the places the first line is found, the most compact one wins.
    """
    lines = [t.rstrip() for t in snippet_lines(code)]
    wanted = _wanted(index, lines)
    if not wanted:
        return None
    best: tuple[int, list[int]] | None = None
    for first in index.where[wanted[0][1]]:
        found = [first]
        skipped = 0
        for (prev_k, _), (k, text) in pairwise(wanted):
            places = index.where[text]
            at = bisect.bisect_right(places, found[-1])
            if at == len(places):
                break
            gap = places[at] - found[-1] - 1
            elided = any(is_elision(t) for t in lines[prev_k + 1 : k])
            if not elided:
                if gap > MAX_GAP:
                    break
                skipped += gap
            found.append(places[at])
        else:
            if best is None or skipped < best[0]:
                best = (skipped, found)
                if skipped == 0:
                    break
    if best is None:
        return None
    result: list[int | None] = [None] * len(lines)
    for (k, _), i in zip(wanted, best[1], strict=True):
        result[k] = i
    return result


def _wanted(index: FileIndex, lines: list[str]) -> list[tuple[int, str]] | None:
    """(snippet line, file text) of each code line; None if one is in no line of the file.

    A long line the quote wrapped over several lines is found as the one line it was.
    """
    wanted: list[tuple[int, str]] = []
    k = 0
    while k < len(lines):
        start, text = k, lines[k]
        k += 1
        if not text.strip() or is_elision(text):
            continue
        if text not in index.where:
            joined = _unwrapped(index, lines, start)
            if joined is None:
                if text.lstrip().startswith("#"):
                    # a note the page added ("source file continues ..."): a gap, not code
                    lines[start] = MARK
                    continue
                return None
            text, k = joined
        wanted.append((start, text))
    return wanted or None


def _unwrapped(index: FileIndex, lines: list[str], k: int) -> tuple[str, int] | None:
    """The file line that lines k, k+1, ... (up to 5) were wrapped from, and the next k."""
    text = lines[k]
    for end in range(k + 1, min(k + 5, len(lines))):
        more = lines[end].strip()
        if not more or is_elision(more):
            return None
        for glue in (" ", ""):
            candidate = text + glue + more
            if candidate in index.where:
                return candidate, end + 1
        text = text + " " + more
    return None


def rebuild(
    index: FileIndex,
    code: str,
    placed: list[int | None],
    *,
    feature_version: tuple[int, int] = (3, 8),
) -> Rebuilt | None:
    """The snippet made of the file's own lines; None when a cut cannot be mended."""
    used = sorted(i for i in placed if i is not None)
    lines = index.lines
    # runs of file lines kept whole: blank lines between quoted lines are the file's own
    runs: list[list[int]] = [[used[0], used[0]]]
    for i in used[1:]:
        if all(not t.strip() for t in lines[runs[-1][1] + 1 : i]):
            runs[-1][1] = i
        else:
            runs.append([i, i])
    mended: list[list[int]] = []
    for start, end in runs:
        fixed = _mend(lines, start, end, mended[-1][1] if mended else -1, feature_version)
        if fixed is None:
            return None
        if mended and fixed[0] <= mended[-1][1] + 1:
            mended[-1][1] = max(mended[-1][1], fixed[1])
        else:
            mended.append(list(fixed))
    original = snippet_lines(code)
    own = _own_marks(original, placed)
    out: list[str] = []
    origin: list[int | None] = []
    if original and is_elision(original[0]) and mended[0][0] > 0:
        out.append(own.get((None, mended[0][0])) or _mark(lines, mended[0][0]))
        origin.append(None)
    for n, (start, end) in enumerate(mended):
        if n:
            out.append(own.get((mended[n - 1][1], start)) or _mark(lines, start))
            origin.append(None)
        for i in range(start, end + 1):
            out.append(lines[i])
            origin.append(i)
    if original and is_elision(original[-1]) and mended[-1][1] < len(lines) - 1:
        last = mended[-1][1]
        out.append(own.get((last, None)) or _mark(lines, last, after=True))
        origin.append(None)
    result = Rebuilt("\n".join(out) + "\n", tuple(origin), tuple(s + 1 for s, _ in mended))
    check_quoted(result, lines)
    return result


def _own_marks(
    original: list[str], placed: list[int | None]
) -> dict[tuple[int | None, int | None], str]:
    """The author's elision lines by the gap each stands for: (file line before, after).

    A rebuilt gap between the same two file lines leaves out the same lines, so the
    author's own line (`# ... validation omitted`) is kept there rather than a plain mark.
    """
    marks: dict[tuple[int | None, int | None], str] = {}
    for k, text in enumerate(original):
        if not is_elision(text) or k >= len(placed):
            continue
        before = next((p for p in reversed(placed[:k]) if p is not None), None)
        after = next((p for p in placed[k + 1 :] if p is not None), None)
        marks.setdefault((before, after), text.rstrip())
    return marks


def check_quoted(result: Rebuilt, lines: list[str]) -> None:
    """Raise RepairError unless every line is the file's line it claims, in file order."""
    last = -1
    for text, at in zip(snippet_lines(result.code), result.origin, strict=True):
        if at is None:
            if not is_elision(text):
                raise RepairError(f"line {text!r} is neither the file's nor a '# ...' mark")
            continue
        if at <= last or lines[at] != text:
            raise RepairError(f"line {text!r} is not line {at + 1} of the file, in order")
        last = at


def _mend(
    lines: list[str], start: int, end: int, floor: int, feature_version: tuple[int, int]
) -> tuple[int, int] | None:
    """The run widened to whole statements, line by line as the excerpt checks ask."""
    s, e = start, end
    while True:
        result = parse_chunk(0, lines[s : e + 1], feature_version=feature_version)
        if not isinstance(result, Issue):
            return s, e
        if HINT_START in result.message and s - 1 > floor and start - s < MAX_EXTEND_BACK:
            s -= 1
            while s - 1 > floor and not lines[s].strip():
                s -= 1
        elif e + 1 < len(lines) and e - end < MAX_EXTEND:
            e += 1
            while e + 1 < len(lines) and not lines[e].strip():
                e += 1
        else:
            return None


def _mark(lines: list[str], at: int, *, after: bool = False) -> str:
    """A `# ...` line indented as the code it stands beside."""
    text = lines[at] if 0 <= at < len(lines) else ""
    indent = len(text) - len(text.lstrip()) if text.strip() else 0
    return " " * indent + MARK


def chunk_starts(code: str, starts: tuple[int, ...], first: int) -> int | list[int]:
    """`line` for a verbatim match: one number, or one per chunk when there are gaps.

    `starts` are the file lines of each chunk's first non-blank line (drift.locate's);
    `first` is the snippet's `line`.
    """
    parts = chunks(snippet_lines(code))
    if len(parts) <= 1 or len(parts) != len(starts):
        return first
    result = []
    for (_, text), at in zip(parts, starts, strict=True):
        lead = next((i for i, t in enumerate(text) if t.strip()), 0)
        result.append(at - lead)
    result[0] = first
    return result
