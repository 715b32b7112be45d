"""Reading files from local git clones: commits, Python file lists and blobs, no network."""

from __future__ import annotations

import subprocess
from pathlib import Path
from types import TracebackType


class GitError(Exception):
    """Raised by `generator.gitfiles` when git is missing, fails, or the folder is no clone."""


def _git(repo: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            ["git", "-C", str(repo), *args],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed; install it (apt-get install git)") from None
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()
        raise GitError(f"git {args[0]} failed in {repo}: {detail[-1] if detail else '?'}")
    return result.stdout


def is_clone(path: Path) -> bool:
    """Whether `path` is the top of a git work tree or a bare repository."""
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


def head(repo: Path) -> str:
    """The full SHA of the clone's checked-out commit."""
    if not is_clone(repo):
        raise GitError(f"{repo} is not a git clone; clone the repository there first")
    return _git(repo, "rev-parse", "--verify", "HEAD^{commit}").strip()


def resolve(repo: Path, ref: str) -> str | None:
    """The full SHA of the commit `ref` names in the clone, or None when it has none."""
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip() or None
    except GitError:
        return None


def python_files(repo: Path, commit: str) -> list[tuple[str, str]]:
    """(path, blob SHA) of every regular `.py` file in the tree of `commit`."""
    out = _git(repo, "ls-tree", "-r", "-z", "--full-tree", commit)
    files = []
    for entry in out.split("\0"):
        if not entry:
            continue
        meta, _, path = entry.partition("\t")
        mode, kind, sha = meta.split()
        if kind == "blob" and mode in ("100644", "100755") and path.endswith(".py"):
            files.append((path, sha))
    return files


def renamed_to(repo: Path, old: str, new: str, path: str) -> str | None:
    """Where `path` of commit `old` went by commit `new`, when git sees a rename."""
    out = _git(repo, "diff", "--name-status", "-z", "-M", old, new)
    fields = out.split("\0")
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        if status.startswith(("R", "C")):
            source, target = fields[i + 1], fields[i + 2]
            if status.startswith("R") and source == path:
                return target
            i += 3
        else:
            i += 2
    return None


class Blobs:
    """One `git cat-file --batch` process that reads many blobs quickly.

    `read` takes a blob SHA or `<commit>:<path>` and returns the bytes, or None when the
    object does not exist (or is not a file).
    """

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Blobs:
        try:
            self.process = subprocess.Popen(
                ["git", "-C", str(self.repo), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise GitError("git is not installed; install it (apt-get install git)") from None
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.process is not None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait()
            if self.process.stdout is not None:
                self.process.stdout.close()
            self.process = None

    def read(self, spec: str) -> bytes | None:
        process = self.process
        assert process is not None and process.stdin and process.stdout, "use Blobs in `with`"
        if "\n" in spec:
            return None
        process.stdin.write(spec.encode("utf-8") + b"\n")
        process.stdin.flush()
        header = process.stdout.readline().decode("utf-8", "replace").split()
        if not header:
            raise GitError(f"git cat-file stopped in {self.repo}")
        if len(header) != 3 or not header[2].isdigit():
            return None  # "<spec> missing" or "<spec> ambiguous"
        size = int(header[2])
        data = process.stdout.read(size)
        process.stdout.read(1)
        return data if header[1] == "blob" else None

    def text(self, spec: str) -> str | None:
        """The blob decoded as UTF-8 (undecodable bytes replaced), or None."""
        data = self.read(spec)
        return None if data is None else data.decode("utf-8", "replace")
