"""What a ref names in a clone: a SHA (whole or cut short), a tag, a branch, or nothing.

Resolved as git resolves it, with the cases git would only warn about refused as
ambiguous; and what a commit's date is and whether the clone is shallow, for the messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .gitfiles import GitError, resolve, run


def is_sha(ref: str) -> bool:
    """Whether `ref` is a full commit SHA (40 hex digits), which no branch can move."""
    return len(ref) == 40 and all(c in "0123456789abcdef" for c in ref.lower())


def is_abbreviated_sha(ref: str) -> bool:
    """Whether `ref` could be a commit SHA cut short: 7 to 39 hex digits."""
    return 7 <= len(ref) < 40 and all(c in "0123456789abcdef" for c in ref.lower())


@dataclass(frozen=True)
class Resolved:
    """What a ref names in a clone: `commit` (None when nothing), and through which ref.

    `kind` is "sha", "abbreviated" (a SHA cut short), "branch" (a local or remote-tracking
    branch), "tag", "other" (a name such as HEAD), "ambiguous" (names several commits: `via`
    lists them) or "missing"; `via` is the full ref that resolved it, such as
    `refs/remotes/origin/develop`.
    """

    commit: str | None
    kind: str
    via: str = ""

    @property
    def pinned(self) -> bool:
        """Whether the ref names one commit for good, whatever the branches do."""
        return self.commit is not None and self.kind in ("sha", "abbreviated")


def resolve_ref(repo: Path, ref: str) -> Resolved:
    """Resolve `ref` as git does, then as a branch of any remote (`origin/<ref>` first).

    A tag and a local branch of the same name that name different commits, or a name that
    is both a ref and the start of another commit's SHA, are refused as ambiguous rather
    than resolved one way.
    """
    if is_sha(ref):
        return Resolved(resolve(repo, ref), "sha", ref)
    named = [
        (full, commit)
        for full in (f"refs/tags/{ref}", f"refs/heads/{ref}")
        if (commit := resolve(repo, full)) is not None
    ]
    if is_abbreviated_sha(ref):
        commits = abbreviated(repo, ref)
        if len(commits) > 1 or (commits and named and named[0][1] != commits[0]):
            return Resolved(None, "ambiguous", " ".join(sorted({*commits, *(c for _, c in named)})))
        if commits and not named:
            return Resolved(commits[0], "abbreviated", commits[0])
    if len({commit for _, commit in named}) > 1:
        return Resolved(None, "ambiguous", " ".join(full for full, _ in named))
    if named:
        full, commit = named[0]
        return Resolved(commit, "tag" if full.startswith("refs/tags/") else "branch", full)
    candidates = [f"refs/remotes/origin/{ref}"]
    try:
        remotes = run(repo, "for-each-ref", "--format=%(refname)", "refs/remotes/")
    except GitError:
        remotes = ""
    candidates += [r for r in remotes.split() if r.endswith(f"/{ref}") and r.count("/") == 3]
    for full in candidates:
        commit = resolve(repo, full)
        if commit is not None:
            return Resolved(commit, "branch", full)
    commit = resolve(repo, ref)
    return Resolved(commit, "other" if commit else "missing", ref if commit else "")


def abbreviated(repo: Path, prefix: str) -> list[str]:
    """The full SHAs of the commits (or tags of commits) whose SHA starts with `prefix`."""
    try:
        out = run(repo, "rev-parse", f"--disambiguate={prefix.lower()}")
    except GitError:
        return []
    found = []
    for sha in out.split():
        commit = resolve(repo, sha)
        if commit is not None and commit not in found:
            found.append(commit)
    return found


def is_shallow(repo: Path) -> bool:
    """Whether the clone was made with --depth (or similar): commits before a cut are absent."""
    try:
        return run(repo, "rev-parse", "--is-shallow-repository").strip() == "true"
    except GitError:
        return False


def commit_date(repo: Path, commit: str) -> str:
    """The committer date of `commit` as an ISO date in UTC, such as 2026-12-05."""
    out = run(repo, "show", "-s", "--no-show-signature", "--format=%ct", commit, "--")
    stamp = int(out.strip().splitlines()[0])
    return datetime.fromtimestamp(stamp, tz=UTC).date().isoformat()


def default_branch(repo: Path) -> str | None:
    """The clone's default branch: what HEAD (or origin's HEAD) names, such as `main`."""
    for ref in ("HEAD", "refs/remotes/origin/HEAD"):
        try:
            name = run(repo, "symbolic-ref", "--quiet", "--short", ref).strip()
        except GitError:
            continue
        if name:
            return name.removeprefix("origin/")
    return None


KINDS = {"branch": "a branch", "tag": "a tag", "other": "a name such as HEAD"}
"""How a message names what a ref is, when it is not a commit."""


def missing_message(repo: Path, resolved: Resolved, ref: str, pin: str) -> str:
    """Why `ref` names no commit in the clone, and what will fix it; `pin` is the command
    that finds the commit."""
    where = repo.as_posix()
    if resolved.kind == "ambiguous":
        names = resolved.via.split()
        shown = ", ".join(_short(name) for name in names[:3]) + (", ..." if len(names) > 3 else "")
        return (
            f"'{ref}' is ambiguous in the clone {where}: it names {len(names)} different "
            f"commits or refs ({shown}); set `ref` to the full 40-digit commit SHA"
        )
    if (is_sha(ref) or is_abbreviated_sha(ref)) and is_shallow(repo):
        return (
            f"the clone at {where} is shallow and lacks {ref}: run "
            f"`git -C {where} fetch --unshallow` to fetch its whole history, then verify again"
        )
    default = default_branch(repo)
    renamed = f" (its default branch is '{default}')" if default and default != ref else ""
    return (
        f"'{ref}' names no commit, branch or tag in the clone {where}{renamed}; "
        f"set `ref` to the commit SHA the snippet was copied at, or run {pin} to find it"
    )


def _short(name: str) -> str:
    return name[:12] if is_sha(name) else name
