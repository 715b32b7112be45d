"""Real git repositories for tests: made in tmp_path, committed with fixed dates, no network."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_ENV = {
    "GIT_AUTHOR_NAME": "Demo Author",
    "GIT_AUTHOR_EMAIL": "author@example.com",
    "GIT_COMMITTER_NAME": "Demo Author",
    "GIT_COMMITTER_EMAIL": "author@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **_ENV}
    result = subprocess.run(
        ["git", "-C", str(repo), "-c", "commit.gpgsign=false", *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return result.stdout


def commit(
    repo: Path,
    files: dict[str, str] | None = None,
    *,
    moves: dict[str, str] | None = None,
    message: str = "change",
) -> str:
    """Write `files`, `git mv` each of `moves`, commit, and return the new HEAD SHA."""
    if not (repo / ".git").exists():
        repo.mkdir(parents=True, exist_ok=True)
        git(repo, "init", "-q", "-b", "main")
    for old, new in (moves or {}).items():
        (repo / new).parent.mkdir(parents=True, exist_ok=True)
        git(repo, "mv", old, new)
    for path, text in (files or {}).items():
        target = repo / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        git(repo, "add", path)
    count = len(git(repo, "rev-list", "--all").split()) if _has_head(repo) else 0
    date = f"2024-01-{count + 1:02d}T12:00:00Z"
    env_date = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "-C", str(repo), "-c", "commit.gpgsign=false", "commit", "-q", "-m", message],
        env={**os.environ, **_ENV, **env_date},
        check=True,
        capture_output=True,
    )
    return git(repo, "rev-parse", "HEAD").strip()


def _has_head(repo: Path) -> bool:
    result = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", "HEAD"],
        capture_output=True,
        env={**os.environ, **_ENV},
    )
    return result.returncode == 0


def set_origin(repo: Path, url: str) -> None:
    """Point the clone's `origin` at `url`, as a clone made from that address has it."""
    has = subprocess.run(
        ["git", "-C", str(repo), "remote", "get-url", "origin"],
        capture_output=True,
        env={**os.environ, **_ENV},
    )
    git(repo, "remote", "set-url" if has.returncode == 0 else "add", "origin", url)
