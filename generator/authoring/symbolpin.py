"""`pin` for an example that names its `symbol`: the symbol is found again at each commit.

The file's versions are searched as for any example (the ref, a branch's tip, HEAD, then
the history on every branch, following renames), but the snippet must lie within the lines
of its symbol, found through the syntax tree. With `repair`, the newest version that defines
the symbol rebuilds the snippet from the symbol's own lines.
"""

from __future__ import annotations

from ..checks.snippets import analyze
from ..checks.symbols import NotFound
from . import gitfiles
from .pinning import (
    ALREADY,
    NO_USE,
    NOT_EXCERPT,
    NOT_FOUND,
    PINNED,
    Job,
    Outcome,
    Versions,
    repaired,
)
from .repair import RepairError, chunk_starts
from .symbols import Placed, match, rebuild_in


def pin_symbol(versions: Versions, head: str, job: Job, *, repair: bool) -> Outcome:
    """Pin (or, with `repair`, rebuild) one example that names `job.symbol`."""
    assert job.symbol is not None
    symbol = job.symbol
    resolved = gitfiles.resolve_ref(versions.repo, job.ref)
    if resolved.kind == "sha" and resolved.commit:
        text = versions.blobs.text(f"{resolved.commit}:{job.file}")
        found = None if text is None else match(text, symbol, job.code)
        if isinstance(found, Placed):
            line = _line(job, found)
            if line != job.line and job.line is not None:
                return Outcome(job.key, PINNED, "line fixed", resolved.commit, job.file, line)
            return Outcome(job.key, ALREADY, "", resolved.commit, job.file, line)
    candidates = versions.candidates(resolved, head, job.file)
    moved = _renamed_at_head(versions, head, job.file, candidates)
    if moved is not None:
        candidates.insert(0, moved)
    if not candidates:
        return Outcome(job.key, NOT_FOUND, f"{job.file} is in no commit of any branch")
    texts: list[tuple[gitfiles.Version, str]] = []
    closest: NotFound | None = None
    for version in candidates:
        text = versions.blobs.text(version.blob or f"{version.commit}:{version.path}")
        if text is None:
            continue
        found = match(text, symbol, job.code)
        if isinstance(found, Placed):
            detail = f"{symbol} at lines {found.span.start}-{found.span.end}"
            return Outcome(job.key, PINNED, detail, version.commit, version.path, _line(job, found))
        if isinstance(found, NotFound):
            closest = closest or found
        else:
            texts.append((version, text))
    if not texts:
        # no version defines the symbol: say so, with the names the newest one defines
        hint = closest.hint() if closest else ""
        return Outcome(
            job.key, NOT_FOUND, f"no version of {job.file} defines {symbol}; {hint}".rstrip("; ")
        )
    if not repair:
        return Outcome(
            job.key,
            NOT_FOUND,
            f"the snippet is within {symbol} in none of the {len(texts)} versions that define it",
        )
    return _rebuild(job, symbol, texts)


def _rebuild(job: Job, symbol: str, texts: list[tuple[gitfiles.Version, str]]) -> Outcome:
    """The newest version whose symbol lines rebuild the snippet into a checked excerpt."""
    failed: Outcome | None = None
    for version, text in texts:
        try:
            recovered = rebuild_in(text, symbol, job.code, feature_version=job.feature_version)
        except RepairError as e:  # never written: the proof that every line is real failed
            return Outcome(job.key, NOT_EXCERPT, f"rebuilt snippet refused: {e}")
        if recovered is None or isinstance(recovered, NotFound):
            failed = failed or Outcome(
                job.key,
                NOT_EXCERPT,
                f"{symbol} found at {version.commit[:12]}, but no excerpt of it could be rebuilt",
            )
            continue
        rebuilt = recovered.rebuilt
        analysis = analyze(rebuilt.code, job.api, feature_version=job.feature_version)
        if analysis.issues:
            first = analysis.issues[0]
            failed = failed or Outcome(
                job.key,
                NOT_EXCERPT,
                f"{symbol} found at {version.commit[:12]}, but the rebuilt snippet fails the "
                f"excerpt checks: line {first.line}: {first.message}",
            )
            continue
        if job.expect_use and not analysis.use_lines:
            failed = failed or Outcome(
                job.key,
                NO_USE,
                f"{symbol} found at {version.commit[:12]}, but its source would not use {job.api}",
            )
            continue
        outcome = repaired(
            job, version, recovered.placed, rebuilt.code, rebuilt.origin, rebuilt.starts
        )
        if recovered.whole:
            outcome.detail = f"{symbol} quoted whole: its quoted lines changed"
        return outcome
    assert failed is not None
    return failed


def _renamed_at_head(
    versions: Versions, head: str, path: str, candidates: list[gitfiles.Version]
) -> gitfiles.Version | None:
    """The file at HEAD under its new name, when git sees the newest version renamed since."""
    if not candidates or any(v.commit == head for v in candidates):
        return None
    try:
        moved = gitfiles.renamed_to(versions.repo, candidates[0].commit, head, path)
    except gitfiles.GitError:
        return None  # rename detection reads blobs a partial clone may lack: not followed
    return None if moved is None else gitfiles.Version(head, moved, "")


def _line(job: Job, placed: Placed) -> int | list[int]:
    return chunk_starts(job.code, placed.found.starts, placed.found.line)
