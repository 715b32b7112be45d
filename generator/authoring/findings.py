"""What `verify` finds: one outcome per example at its ref, one against HEAD, and the report.

Counts are taken from the outcomes, so the summary's parts always add up to the whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem
from . import gitfiles, refs


@dataclass
class Finding:
    problem: Problem
    diff: list[str] = field(default_factory=list)


# Where each example stands against its `ref`: every example gets exactly one of these.
MATCHED = "matched"  # the snippet is in the file at its commit
UNPINNED = "unpinned"  # ... at a branch or tag, which moves
DRIFTED = "drifted"
REF_MISSING = "ref missing"
FILE_MISSING = "file missing"
NO_CLONE = "no clone"
OTHER_ORIGIN = "other origin"  # the clone is of another repository
UNREADABLE = "unreadable"
# Against HEAD, for each example that matches its ref (with --update: each one checked).
AT_HEAD = "at HEAD"
MOVABLE = "movable"  # still matches at HEAD: --update moves it
STALE = "stale"  # no longer matches at HEAD

Key = tuple[str, int]
"""An example: its API and its number on the page."""


@dataclass(frozen=True)
class Upstream:
    """What `--record` writes of one example: its quoted lines at the clone's HEAD."""

    api: str
    number: int
    project: str
    file: str
    ref: str
    head: str
    date: str
    status: str
    head_file: str | None
    lines: tuple[int, int] | None


@dataclass
class Report:
    """What verify found; `updates` maps a content file to (index, ref, line or None).

    `at_ref` holds one outcome per example and `at_head` one per example compared with
    HEAD, so every count below is a part of a whole that adds up.
    """

    findings: list[Finding] = field(default_factory=list)
    at_ref: dict[Key, str] = field(default_factory=dict)
    at_head: dict[Key, str] = field(default_factory=dict)
    clones: set[Path] = field(default_factory=set)
    updates: dict[Path, list[tuple[int, str, int | list[int] | None]]] = field(default_factory=dict)
    upstream: dict[Key, Upstream] = field(default_factory=dict)

    def count(self, outcome: str) -> int:
        return sum(1 for o in (*self.at_ref.values(), *self.at_head.values()) if o == outcome)

    @property
    def examples(self) -> int:
        return len(self.at_ref)


@dataclass
class Clone:
    path: Path
    head: str
    blobs: gitfiles.Blobs
    commits: dict[str, gitfiles.Resolved] = field(default_factory=dict)
    date: str = ""

    def resolve(self, ref: str) -> gitfiles.Resolved:
        """The commit `ref` names, through remote-tracking branches too."""
        if ref not in self.commits:
            self.commits[ref] = gitfiles.resolve_ref(self.path, ref)
        return self.commits[ref]

    def commit(self, ref: str) -> str | None:
        return self.resolve(ref).commit

    def head_date(self) -> str:
        if not self.date:
            self.date = refs.commit_date(self.path, self.head)
        return self.date
