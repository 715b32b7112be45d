"""The search behind `pin`, for one clone: plain data in, plain data out (one process each).

For each example: the file at its ref when it is a commit SHA, then the file's history on
every branch, newest first and following renames, for the newest version in which every chunk
appears verbatim; with `repair`, then for the newest version that holds every code line of the
snippet in order, rebuilt from the file's own lines.
"""

from __future__ import annotations

import difflib
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.excerpts import snippet_lines
from ..checks.snippets import analyze
from . import gitfiles
from .drift import Found, locate
from .repair import MAX_EXTEND, FileIndex, RepairError, chunk_starts, embed, rebuild

PINNED = "pinned"  # now at a SHA where the snippet matches verbatim
ALREADY = "already"  # its SHA matched already
REPAIRED = "repaired"
NOT_FOUND = "not found"  # in no version of the file, even allowing for left-out lines
NO_USE = "no use"  # a rebuilt snippet would not show a use of the API
NOT_EXCERPT = "cut"  # a rebuilt snippet would not parse as whole statements
FILE_MISSING = "file missing"
NO_CLONE = "no clone"
UNREADABLE = "clone unreadable"


@dataclass(frozen=True)
class Job:
    """One example to pin: `key` finds it again (API page index, example index)."""

    key: tuple[int, int]
    file: str
    ref: str
    line: int | list[int] | None
    code: str
    api: str
    expect_use: bool
    highlight: tuple[int, ...] | None
    feature_version: tuple[int, int] = (3, 8)
    symbol: str | None = None


@dataclass
class Outcome:
    """What happened to one example; the fields to write when it is pinned or repaired."""

    key: tuple[int, int]
    kind: str
    detail: str = ""
    ref: str | None = None
    file: str | None = None
    line: int | list[int] | None = None
    code: str | None = None
    highlight: list[int] | None = None
    drop_highlight: bool = False
    diff: list[str] = field(default_factory=list)


class Versions:
    """Each file's history and the indexes of the blobs read, shared by a clone's examples."""

    def __init__(self, repo: Path, blobs: gitfiles.Blobs) -> None:
        self.repo = repo
        self.blobs = blobs
        self.histories: dict[str, list[gitfiles.Version]] = {}
        self.indexes: OrderedDict[str, FileIndex | None] = OrderedDict()

    def history(self, path: str) -> list[gitfiles.Version]:
        if path not in self.histories:
            try:
                self.histories[path] = gitfiles.file_history(self.repo, path)
            except gitfiles.GitError:
                # a clone missing objects that rename detection reads: the path's own history
                self.histories[path] = gitfiles.file_history(self.repo, path, follow=False)
        return self.histories[path]

    def candidates(
        self, resolved: gitfiles.Resolved, head: str, path: str
    ) -> list[gitfiles.Version]:
        """The versions to search, newest first: a branch's tip, HEAD, then the history."""
        # a branch's tip first: the newest commit, though it need not have touched the file
        found: list[gitfiles.Version] = []
        tip = resolved.commit if resolved.kind == "branch" else None
        for commit in (tip, head):
            blob = commit and self.blobs.read(f"{commit}:{path}")
            if commit and blob is not None:
                found.append(gitfiles.Version(commit, path, ""))
        return found + self.history(path)

    def index(self, spec: str) -> FileIndex | None:
        if spec in self.indexes:
            self.indexes.move_to_end(spec)
            return self.indexes[spec]
        text = self.blobs.text(spec)
        found = None if text is None else FileIndex(text)
        self.indexes[spec] = found
        if len(self.indexes) > 400:
            self.indexes.popitem(last=False)
        return found


def pin_clone(repo: Path, jobs: list[Job], *, repair: bool) -> list[Outcome]:
    """Pin every job against the clone at `repo`; a clone git cannot read fails each job."""
    try:
        with gitfiles.Blobs(repo) as blobs:
            versions = Versions(repo, blobs)
            head = gitfiles.head(repo)
            return [_guarded(versions, head, job, repair=repair) for job in jobs]
    except (gitfiles.GitError, OSError, ValueError) as e:
        return [Outcome(job.key, UNREADABLE, _first_line(e)) for job in jobs]


def _guarded(versions: Versions, head: str, job: Job, *, repair: bool) -> Outcome:
    """One example; git failing on it (a damaged or partial clone) fails it alone."""
    try:
        return _pin(versions, head, job, repair=repair)
    except gitfiles.GitError as e:
        return Outcome(job.key, UNREADABLE, _first_line(e))


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _pin(versions: Versions, head: str, job: Job, *, repair: bool) -> Outcome:
    if job.symbol is not None:
        from .symbolpin import pin_symbol  # it builds on this module's types

        return pin_symbol(versions, head, job, repair=repair)
    resolved = gitfiles.resolve_ref(versions.repo, job.ref)
    if resolved.kind == "sha" and resolved.commit:
        index = versions.index(f"{resolved.commit}:{job.file}")
        if index is not None:
            found = locate("\n".join(index.lines), job.code, _first(job.line))
            if isinstance(found, Found):
                line = chunk_starts(job.code, found.starts, found.line)
                if line != job.line and job.line is not None:
                    return Outcome(job.key, PINNED, "line fixed", resolved.commit, job.file, line)
                # a pinned example without `line` gets one; nothing else changes
                kept = line if job.line is None else job.line
                return Outcome(job.key, ALREADY, "", resolved.commit, job.file, kept)
    candidates = versions.candidates(resolved, head, job.file)
    if not candidates:
        return Outcome(job.key, FILE_MISSING, f"{job.file} is in no commit of any branch")
    history = versions.history(job.file)
    for version in candidates:
        index = versions.index(version.blob or f"{version.commit}:{version.path}")
        if index is None:
            continue
        found = locate("\n".join(index.lines), job.code)
        if isinstance(found, Found):
            line = chunk_starts(job.code, found.starts, found.line)
            pinned = Outcome(job.key, PINNED, "", version.commit, version.path, line)
            if repair and analyze(job.code, job.api, feature_version=job.feature_version).issues:
                # verbatim, but cut mid-statement: the same version, completed
                mended = _repair(versions, job, [version])
                return mended if mended.kind == REPAIRED else pinned
            return pinned
    if not repair:
        return Outcome(job.key, NOT_FOUND, not_found(len(history)))
    return _repair(versions, job, candidates)


def _repair(versions: Versions, job: Job, candidates: list[gitfiles.Version]) -> Outcome:
    failed: Outcome | None = None
    for version in candidates:
        index = versions.index(version.blob or f"{version.commit}:{version.path}")
        if index is None:
            continue
        placed = embed(index, job.code)
        if placed is None:
            continue
        try:
            rebuilt = rebuild(index, job.code, placed, feature_version=job.feature_version)
        except RepairError as e:  # never written: the proof that every line is real failed
            return Outcome(job.key, NOT_EXCERPT, f"rebuilt snippet refused: {e}")
        if rebuilt is None:
            failed = failed or Outcome(
                job.key,
                NOT_EXCERPT,
                f"found at {version.commit[:12]}, but a chunk does not parse as whole "
                f"statements even with {MAX_EXTEND} more lines",
            )
            continue
        analysis = analyze(rebuilt.code, job.api, feature_version=job.feature_version)
        if analysis.issues:
            first = analysis.issues[0]
            failed = failed or Outcome(
                job.key,
                NOT_EXCERPT,
                f"found at {version.commit[:12]}, but the rebuilt snippet fails the excerpt "
                f"checks: line {first.line}: {first.message}",
            )
            continue
        if job.expect_use and not analysis.use_lines:
            return Outcome(
                job.key,
                NO_USE,
                f"found at {version.commit[:12]}, but the rebuilt snippet would not use {job.api}",
            )
        return repaired(job, version, placed, rebuilt.code, rebuilt.origin, rebuilt.starts)
    return failed or Outcome(job.key, NOT_FOUND, not_found(len(versions.history(job.file))))


def repaired(
    job: Job,
    version: gitfiles.Version,
    placed: list[int | None],
    code: str,
    origin: tuple[int | None, ...],
    starts: tuple[int, ...],
) -> Outcome:
    highlight: list[int] | None = None
    drop = False
    if job.highlight is not None:
        # the same file lines, at their new places in the snippet
        where = {at: n for n, at in enumerate(origin, 1) if at is not None}
        moved = [
            where.get(at) if h <= len(placed) and (at := placed[h - 1]) is not None else None
            for h in job.highlight
        ]
        if all(m is not None for m in moved) and moved:
            highlight = sorted({m for m in moved if m is not None})
        else:
            drop = True
    diff = list(
        difflib.unified_diff(
            snippet_lines(job.code),
            snippet_lines(code),
            "quoted",
            f"{version.path} at {version.commit[:12]}",
            lineterm="",
            n=1,
        )
    )
    line: int | list[int] = list(starts) if len(starts) > 1 else starts[0]
    return Outcome(
        job.key,
        REPAIRED,
        "",
        version.commit,
        version.path,
        line,
        code,
        highlight,
        drop,
        diff,
    )


def _first(line: int | list[int] | None) -> int | None:
    return line[0] if isinstance(line, list) else line


def not_found(versions: int) -> str:
    return f"the snippet is in none of the file's {versions} versions on any branch"
