"""What verify says of a ref that names no commit, and what it needs to say it: whether the
clone is shallow, and a commit's date."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from .gitfiles import GitError, Resolved, default_branch, is_abbreviated_sha, is_sha, run


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
