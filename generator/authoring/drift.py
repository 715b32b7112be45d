"""Finding a snippet in a source file: each chunk verbatim and in order, or a diff of the drift.

Lines are compared without their trailing whitespace, which editors and YAML often drop.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from ..checks.snippets import chunks, snippet_lines

_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@")


@dataclass(frozen=True)
class Chunk:
    """A run of snippet lines between elision lines, blank edges trimmed."""

    first: int  # 1-based snippet line of `lines[0]`
    lines: tuple[str, ...]
    lead: int  # blank lines trimmed before it, when it opens the snippet

    @property
    def last(self) -> int:
        return self.first + len(self.lines) - 1

    def label(self) -> str:
        if self.first == self.last:
            return f"snippet line {self.first}"
        return f"snippet lines {self.first}-{self.last}"


@dataclass(frozen=True)
class Found:
    """Where every chunk starts in the file (1-based), and so the snippet's `line`."""

    starts: tuple[int, ...]
    line: int


@dataclass(frozen=True)
class Missing:
    """The first chunk not found (searching from file line `after` + 1), with its diff."""

    chunk: Chunk
    after: int
    region: tuple[int, int]  # 0-based [start, end) of the closest file lines, maybe empty


def snippet_chunks(code: str) -> list[Chunk]:
    result = []
    for start, lines in chunks(snippet_lines(code)):
        stripped = [line.rstrip() for line in lines]
        lead = next((i for i, line in enumerate(stripped) if line), len(stripped))
        end = len(stripped)
        while end > lead and not stripped[end - 1]:
            end -= 1
        if end > lead:
            opens = start == 0
            result.append(Chunk(start + lead + 1, tuple(stripped[lead:end]), lead if opens else 0))
    return result


def chunk_starts(code: str, found: Found) -> tuple[int, ...] | None:
    """The upstream line of each chunk's first snippet line, for a snippet with gaps."""
    raw = chunks(snippet_lines(code))
    trimmed = snippet_chunks(code)
    if len(raw) < 2 or len(raw) != len(trimmed) or len(found.starts) != len(raw):
        return None
    return tuple(
        at - (chunk.first - 1 - start)
        for (start, _), chunk, at in zip(raw, trimmed, found.starts, strict=True)
    )


def _find(lines: list[str], chunk: tuple[str, ...], start: int) -> int | None:
    n = len(chunk)
    for i in range(start, len(lines) - n + 1):
        if lines[i] == chunk[0] and tuple(lines[i : i + n]) == chunk:
            return i
    return None


def locate(text: str, code: str, line: int | None = None) -> Found | Missing:
    """Find each chunk of `code` in `text`, in order; the first at `line` when it is there."""
    lines = [t.rstrip() for t in text.splitlines()]
    parts = snippet_chunks(code)
    starts: list[int] = []
    position = 0
    for k, chunk in enumerate(parts):
        at = None
        if k == 0 and line is not None:
            wanted = line - 1 + chunk.lead
            if _find(lines, chunk.lines, wanted) == wanted:
                at = wanted
        if at is None:
            at = _find(lines, chunk.lines, position)
        if at is None:
            return Missing(chunk, position, _closest(lines, chunk.lines, position))
        starts.append(at + 1)
        position = at + len(chunk.lines)
    first = starts[0] - parts[0].lead if parts else 1
    return Found(tuple(starts), first)


def _closest(lines: list[str], chunk: tuple[str, ...], start: int) -> tuple[int, int]:
    """The file lines the chunk most likely drifted from: a vote of its distinctive lines.

    Lines found verbatim vote for where the chunk starts and ends; when none is, each
    chunk line votes with the most similar file line instead.
    """
    where: dict[str, list[int]] = {}
    for i in range(start, len(lines)):
        if len(lines[i].strip()) >= 4:
            where.setdefault(lines[i], []).append(i)
    matches = [(k, i) for k, text in enumerate(chunk) for i in where.get(text, ())]
    if not matches:
        matches = _similar(lines, chunk, start)
    if not matches:
        return start, start
    n = len(chunk)
    # A line that continues a run of matching lines is strong evidence; a lone match of a
    # common line is weak. Each match votes for where the chunk starts with its run's length.
    found = set(matches)
    runs: dict[tuple[int, int], int] = {}
    for k, i in sorted(matches):
        runs[(k, i)] = runs.get((k - 1, i - 1), 0) + 1 if (k - 1, i - 1) in found else 1
    heads: Counter[int] = Counter()
    for k, i in matches:
        heads[i - k] += runs[(k, i)]
    head = max(heads, key=lambda s: (heads[s], -s))
    # Lines left out of the quote (a docstring) shift the rest of the chunk down: when the
    # chunk's opening lines match a little above the winner, the region starts there.
    opening = [i - k for k, i in matches if k < 3 and head - n - 10 <= i - k < head]
    if opening:
        head = min(opening)
    tails = Counter(i + n - k for k, i in matches if head < i + n - k <= head + 3 * n + 10)
    tail = max(tails, key=lambda e: (tails[e], -abs(e - head - n))) if tails else head + n
    return max(head, start), min(tail, len(lines))


def _similar(lines: list[str], chunk: tuple[str, ...], start: int) -> list[tuple[int, int]]:
    """(chunk index, file index) of the most similar line to each distinctive chunk line."""
    found = []
    for k, text in enumerate(chunk):
        if len(text.strip()) < 4:
            continue
        best, best_ratio = -1, 0.6
        matcher = difflib.SequenceMatcher(None, b=text.strip(), autojunk=False)
        for i in range(start, len(lines)):
            matcher.set_seq1(lines[i].strip())
            if matcher.real_quick_ratio() > best_ratio and matcher.quick_ratio() > best_ratio:
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = i, ratio
        if best >= 0:
            found.append((k, best))
    return found


def diff(text: str, missing: Missing, *, old: str, new: str) -> list[str]:
    """A unified diff from the chunk to the closest file lines, numbered as in each."""
    lines = [t.rstrip() for t in text.splitlines()]
    start, end = missing.region
    out = []
    for row in difflib.unified_diff(
        list(missing.chunk.lines), lines[start:end], old, new, lineterm="", n=2
    ):
        match = _HUNK.match(row)
        if match:
            a, a_len, b, b_len = match.groups()
            a_line, b_line = int(a) + missing.chunk.first - 1, int(b) + start
            row = f"@@ -{a_line}{a_len or ''} +{b_line}{b_len or ''} @@"
        out.append(row)
    return out
