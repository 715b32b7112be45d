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
from .drift import Found, locate
from .pinning import (
    ALREADY,
    FILE_MISSING,
    NO_USE,
    NOT_EXCERPT,
    NOT_FOUND,
    PINNED,
    REPAIRED,
    Job,
    Outcome,
    Versions,
    repaired,
)
from .repair import RepairError, chunk_starts, embed
from .symbols import MAX_WHOLE, Placed, Recovered, match, rebuild_in


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
        return Outcome(job.key, FILE_MISSING, f"{job.file} is in no commit of any branch")
    texts: list[gitfiles.Version] = []
    for version in candidates:
        text = versions.blobs.text(version.blob or f"{version.commit}:{version.path}")
        if text is None:
            continue
        texts.append(version)
        # what is at the symbol is in the file: a plain search spares most versions a parse
        if isinstance(locate(text, job.code), Found):
            found = match(text, symbol, job.code)
            if isinstance(found, Placed):
                detail = f"{symbol} at lines {found.span.start}-{found.span.end}"
                line = _line(job, found)
                return Outcome(job.key, PINNED, detail, version.commit, version.path, line)
    if not repair:
        return Outcome(
            job.key,
            NOT_FOUND,
            f"the snippet is at {symbol} in none of the {len(texts)} versions of {job.file}",
        )
    return _rebuild(versions, job, symbol, texts)


def _rebuild(
    versions: Versions, job: Job, symbol: str, candidates: list[gitfiles.Version]
) -> Outcome:
    """The newest version whose symbol holds the quoted lines, rebuilt around them; else the
    symbol quoted whole from the newest version that defines it."""
    failed: Outcome | None = None
    absent: NotFound | None = None
    defined: gitfiles.Version | None = None
    for whole in (False, True):
        for version in candidates:
            spec = version.blob or f"{version.commit}:{version.path}"
            if not whole:
                # the quoted lines must be in the file before they can be in the symbol:
                # the search the plain repair makes spares most versions a parse
                index = versions.index(spec)
                if index is None or embed(index, job.code) is None:
                    continue
            text = versions.blobs.text(spec)
            if text is None:
                continue
            try:
                recovered = rebuild_in(
                    text, symbol, job.code, feature_version=job.feature_version, whole=whole
                )
            except RepairError as e:  # never written: the proof that every line is real failed
                return Outcome(job.key, NOT_EXCERPT, f"rebuilt snippet refused: {e}")
            if isinstance(recovered, NotFound):
                absent = absent or recovered
                continue
            if recovered is None:
                defined = defined or version
                if whole:
                    break  # the newest definition is too long to quote whole
                continue
            outcome = _checked(job, symbol, version, recovered)
            if outcome.kind == REPAIRED:
                return outcome
            failed = failed or outcome
            if whole:
                break  # the newest definition only: an older one is no more the code today
    if failed is not None:
        return failed
    if defined is not None:
        return Outcome(
            job.key,
            NOT_FOUND,
            f"{symbol} is at {defined.commit[:12]}, but not every quoted line is in it and it "
            f"is too long to quote whole (over {MAX_WHOLE} lines)",
        )
    # no version defines the symbol: say so, with the names the newest one defines
    hint = f"; {absent.hint()}" if absent else ""
    return Outcome(job.key, NOT_FOUND, f"no version of {job.file} defines {symbol}{hint}")


def _checked(job: Job, symbol: str, version: gitfiles.Version, recovered: Recovered) -> Outcome:
    """The repair, if the rebuilt snippet passes the excerpt checks and uses the API."""
    rebuilt = recovered.rebuilt
    where = f"{symbol} found at {version.commit[:12]}"
    analysis = analyze(rebuilt.code, job.api, feature_version=job.feature_version)
    if analysis.issues:
        first = analysis.issues[0]
        return Outcome(
            job.key,
            NOT_EXCERPT,
            f"{where}, but the rebuilt snippet fails the excerpt checks: line {first.line}: "
            f"{first.message}",
        )
    if job.expect_use and not analysis.use_lines:
        return Outcome(job.key, NO_USE, f"{where}, but its source would not use {job.api}")
    outcome = repaired(job, version, recovered.placed, rebuilt.code, rebuilt.origin, rebuilt.starts)
    if recovered.whole:
        outcome.detail = f"{symbol} quoted whole: its quoted lines changed"
    return outcome


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
