"""Whose clone is it: a clone's `origin` compared with the repository a project names.

A clone in `--sources` is found by its folder name, which anyone can give any clone: a fork
with other code, or another project altogether, would otherwise be verified (or harvested)
as the project's. Its `remote.origin.url` is read from the clone's own config file (no
includes, no system or global config, through the hardened git) and compared with the
project's `repo`, both normalised: scheme (https, http, ssh, git, `git@host:path`), user
and port dropped, a trailing `.git` or `/` dropped, and compared without case (the forges
treat owner and name without case).

A clone whose origin is a local folder, or that has no origin, cannot be told apart from a
fork: it is not refused, but it is never silently accepted either (a warning).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import gitfiles

ALLOW_FLAG = "--allow-other-origin"
_SCP = re.compile(r"(?:[^@/:]+@)?(?P<host>[^/:]+):(?P<path>(?!//).+)")
_SCHEMES = ("http", "https", "ssh", "git", "git+ssh", "ssh+git")


def normalise(url: str) -> str | None:
    """`host/owner/name` in lowercase for a remote address, or None for a local folder.

    `https://GitHub.com/O/R.git/`, `git@github.com:o/r.git` and `ssh://git@github.com/o/r`
    all give `github.com/o/r`.
    """
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() in _SCHEMES and parts.hostname:
        host, path = parts.hostname, parts.path
    elif "://" not in url and (scp := _SCP.fullmatch(url)) and len(scp["host"]) > 1:
        host, path = scp["host"], scp["path"]
    else:
        return None  # file://, a path, or something git alone understands
    path = path.strip("/").removesuffix(".git").strip("/")
    return f"{host}/{path}".lower() if path else None


def shown(url: str) -> str:
    """`url` as a message may show it: any user name or token before the host left out."""
    parts = urlsplit(url)
    if parts.scheme and parts.netloc and "@" in parts.netloc:
        return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
    return url


@dataclass(frozen=True)
class Origin:
    """How a clone's origin compares with a project's repository.

    `kind` is "same", "other" (a different repository), "local" (a folder, which cannot be
    compared) or "none" (no origin remote); `url` is the origin's address as configured.
    """

    kind: str
    url: str = ""


def origin_url(repo: Path) -> str | None:
    """The clone's `remote.origin.url` as its own config file says, or None."""
    try:
        out = gitfiles.run(repo, "config", "--local", "--no-includes", "--get", "remote.origin.url")
    except gitfiles.GitError:
        return None  # not set (git exits 1), or no config to read
    return out.strip() or None


def compare(repo: Path, project_repo: str) -> Origin:
    """Whether the clone at `repo` is a clone of `project_repo`."""
    url = origin_url(repo)
    if url is None:
        return Origin("none")
    mine = normalise(url)
    if mine is None:
        return Origin("local", url)
    return Origin("same" if mine == normalise(project_repo) else "other", url)


def mismatch_message(where: str, origin: Origin, project: str, project_repo: str) -> str:
    """The error for a clone whose origin is another repository, with both addresses."""
    return (
        f"the clone {where} is of {shown(origin.url)}, not of {project_repo} ({project}'s "
        f"`repo`); clone {project_repo} there, correct `repo` if the project moved "
        f"(or `git -C {where} remote set-url origin {project_repo}` if only the address "
        f"changed), or pass {ALLOW_FLAG} to use this clone knowingly"
    )


def unknown_message(where: str, origin: Origin, project_repo: str) -> str:
    """The warning for a clone whose origin cannot be compared: none, or a local folder."""
    what = (
        "has no `origin` remote"
        if origin.kind == "none"
        else f"has a local folder as its origin ({origin.url})"
    )
    return (
        f"the clone {where} {what}, so it cannot be told apart from a fork; set it with "
        f"`git -C {where} remote {'add' if origin.kind == 'none' else 'set-url'} origin "
        f"{project_repo}`"
    )


def check(repo: Path, project: str, project_repo: str, *, allow: bool) -> tuple[str, str] | None:
    """(severity, message) on `project`'s clone at `repo` when it is not plainly the
    project's: an error for another repository (info when `allow`), a warning when the
    origin cannot be compared; None for a clone of the project."""
    origin = compare(repo, project_repo)
    where = repo.as_posix()
    if origin.kind == "other" and not allow:
        return "error", f"{project}: {mismatch_message(where, origin, project, project_repo)}"
    if origin.kind == "other":
        return "info", (
            f"{project}: the clone {where} is of {shown(origin.url)}, not of {project_repo}; "
            f"used as {ALLOW_FLAG} asks"
        )
    if origin.kind in ("none", "local"):
        return "warning", f"{project}: {unknown_message(where, origin, project_repo)}"
    return None
