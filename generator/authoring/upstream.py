"""Where an example's quoted lines stand at its clone's HEAD: unchanged, moved, changed, gone.

`verify` reports it as drift from HEAD, and `verify --record` writes it into the content
folder's freshness record, which the build shows on each example.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..checks.symbols import NotFound
from ..content.models import Example
from . import gitfiles
from .drift import Found, Missing, chunk_starts, snippet_chunks
from .symbols import locate_example

UNCHANGED, MOVED, CHANGED, GONE = "unchanged", "moved", "changed", "gone"
STATUSES = (UNCHANGED, MOVED, CHANGED, GONE)
"""What happened upstream to an example's quoted lines, in the order pages list them."""


class _Blobs(Protocol):
    def text(self, spec: str) -> str | None: ...


@dataclass(frozen=True)
class HeadState:
    """The example's file and snippet at HEAD.

    `file` is where the file is at HEAD (its own path, or where git sees it renamed to),
    None when it is gone; `result` is where the snippet is in it, or what is missing;
    `text` is the file's text at HEAD.
    """

    file: str | None
    result: Found | Missing | None
    text: str = ""
    missing: NotFound | None = None
    """Why the file at HEAD does not define the example's `symbol`, when it names one."""

    def status(self, model: Example) -> str:
        if self.missing is not None:
            return CHANGED
        if self.file is None or self.result is None:
            return GONE
        if isinstance(self.result, Missing):
            return CHANGED
        same_lines = model.first_line is None or (
            self.result.line == model.first_line
            and (model.chunk_lines is None or self.starts(model) == model.chunk_lines)
        )
        return UNCHANGED if self.file == model.file and same_lines else MOVED

    def starts(self, model: Example) -> tuple[int, ...] | None:
        """The line each chunk starts at HEAD, for a snippet with gaps."""
        if not isinstance(self.result, Found):
            return None
        return chunk_starts(model.code, self.result)

    def lines(self, model: Example) -> tuple[int, int] | None:
        """The first and last upstream line the snippet spans at HEAD, when found."""
        if not isinstance(self.result, Found) or not self.result.starts:
            return None
        last = snippet_chunks(model.code)[-1]
        return self.result.line, self.result.starts[-1] + len(last.lines) - 1


def head_state(
    repo: Path, blobs: _Blobs, head: str, model: Example, commit: str | None
) -> HeadState:
    """Find the example's snippet at `head`; `commit` (its ref's) lets a rename be followed.

    A clone that cannot show the rename (a snapshot missing the old objects) leaves the file
    gone at its own path, which is what HEAD shows.
    """
    text = blobs.text(f"{head}:{model.file}")
    path: str | None = model.file
    if text is None:
        path = None
        if commit is not None:
            try:
                path = gitfiles.renamed_to(repo, commit, head, model.file)
            except gitfiles.GitError:
                path = None
        text = blobs.text(f"{head}:{path}") if path is not None else None
        if text is None:
            return HeadState(None, None)
    result = locate_example(text, model.code, model.first_line, model.symbol)
    if isinstance(result, NotFound):
        return HeadState(path, None, text, result)
    return HeadState(path, result, text)
