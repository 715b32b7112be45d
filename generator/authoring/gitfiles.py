"""Reading files from local git clones: commits, Python file lists and blobs, no network.

A clone is input like any content file: its configuration could name commands to run (a
pager, an fsmonitor, hooks, an upload-pack) and a partial clone would fetch missing objects
from its remote. Every git process is started by `command` with an environment and options
that turn all of that off.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from ..errors import escape

# Options that override whatever the clone's own config says.
HARDENED = (
    *("-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat"),
    *("-c", "diff.external=", "-c", "uploadpack.packObjectsHook=", "-c", "protocol.allow=never"),
    *("-c", "core.sshCommand=false", "-c", "core.askPass=false", "-c", "credential.helper="),
    *("-c", "core.alternateRefsCommand=false", "-c", "core.gitProxy=false"),
)
_ENVIRONMENT = {
    "GIT_NO_LAZY_FETCH": "1",  # a partial clone does not fetch what it lacks
    "GIT_ALLOW_PROTOCOL": "",  # no transport at all
    "GIT_PROTOCOL_FROM_USER": "0",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_ATTR_NOSYSTEM": "1",
}


class GitError(Exception):
    """Raised by `generator.gitfiles` when git is missing, fails, or the folder is no clone."""


def environment() -> dict[str, str]:
    """The caller's environment without its GIT_* variables, plus the hardening ones."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**env, **_ENVIRONMENT}


def command(repo: Path, *args: str) -> list[str]:
    """The argument list of a hardened git command run in `repo`."""
    return ["git", *HARDENED, "-C", str(repo), *args]


def _git(repo: Path, *args: str) -> str:
    try:
        result = subprocess.run(
            command(repo, *args),
            capture_output=True,
            text=True,
            errors="replace",
            check=False,
            env=environment(),
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise GitError("git is not installed; install it (apt-get install git)") from None
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()
        last = escape(detail[-1]) if detail else "?"
        raise GitError(f"git {args[0]} failed in {escape(str(repo))}: {last}")
    return result.stdout


def run(repo: Path, *args: str) -> str:
    """The output of one hardened git command in `repo`; GitError when it fails."""
    return _git(repo, *args)


def is_clone(path: Path) -> bool:
    """Whether `path` is the top of a git work tree or a bare repository."""
    return (path / ".git").exists() or ((path / "HEAD").is_file() and (path / "objects").is_dir())


def head(repo: Path) -> str:
    """The full SHA of the clone's checked-out commit."""
    if not is_clone(repo):
        raise GitError(f"{escape(str(repo))} is not a git clone; clone the repository there first")
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
    out = _git(
        repo, "diff", "--no-ext-diff", "--no-textconv", "--name-status", "-z", "-M", old, new
    )
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
    object does not exist (or is not a file). When git stops on an object it cannot read
    (a corrupt one, or one a partial clone lacks), `read` raises GitError for that object
    and the next read starts a new process, so one bad object costs one answer.
    """

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Blobs:
        self._start()
        return self

    def _start(self) -> subprocess.Popen[bytes]:
        try:
            self.process = subprocess.Popen(
                command(self.repo, "cat-file", "--batch"),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=environment(),
            )
        except FileNotFoundError:
            raise GitError("git is not installed; install it (apt-get install git)") from None
        return self.process

    def _stop(self) -> None:
        process, self.process = self.process, None
        if process is None:
            return
        assert process.stdin is not None and process.stdout is not None
        with contextlib.suppress(OSError):  # git may have gone already
            process.stdin.close()
        process.wait()
        process.stdout.close()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop()

    def read(self, spec: str) -> bytes | None:
        if "\n" in spec:
            return None
        process = self.process or self._start()
        assert process.stdin and process.stdout
        try:
            process.stdin.write(spec.encode("utf-8") + b"\n")
            process.stdin.flush()
            header = process.stdout.readline().decode("utf-8", "replace").split()
        except OSError:
            header = []
        if not header:
            self._stop()
            raise self._unreadable(spec)
        if len(header) != 3 or not header[2].isdigit():
            return None  # "<spec> missing" or "<spec> ambiguous"
        size = int(header[2])
        data = process.stdout.read(size)
        process.stdout.read(1)
        if len(data) != size:
            self._stop()
            raise self._unreadable(spec)
        return data if header[1] == "blob" else None

    def _unreadable(self, spec: str) -> GitError:
        return GitError(
            f"git cannot read {escape(spec)} in {escape(str(self.repo))} (an object is "
            "corrupt, or missing from a partial clone)"
        )

    def text(self, spec: str) -> str | None:
        """The blob decoded as UTF-8 (undecodable bytes replaced), or None."""
        data = self.read(spec)
        return None if data is None else data.decode("utf-8", "replace")


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


@dataclass(frozen=True)
class Version:
    """One version of a file in its history: the commit that wrote it, its path there, blob."""

    commit: str
    path: str
    blob: str


def file_history(repo: Path, path: str, *, follow: bool = True) -> list[Version]:
    """Every version of `path` on all branches, newest first, following renames and moves.

    Following renames reads old blobs; in a partial clone that lacks some, pass
    `follow=False` for the versions at this path alone.
    """
    moves = ("--follow", "-M") if follow else ("--no-renames",)
    out = _git(repo, "log", "--all", *moves, "--no-abbrev", "--raw", "--format=%x00%H", "--", path)
    versions: list[Version] = []
    commit = ""
    for line in out.splitlines():
        if line.startswith("\0"):
            commit = line[1:].strip()
        elif line.startswith(":") and commit:
            meta, _, names = line.partition("\t")
            fields = meta.split()
            if len(fields) < 5 or fields[4].startswith("D"):
                continue
            blob, target = fields[3], names.split("\t")[-1]
            if set(blob) != {"0"}:
                versions.append(Version(commit, target, blob))
            commit = ""
    return versions


def is_folder(repo: Path, commit: str, path: str) -> bool:
    """Whether `path` is a folder (a tree) in `commit`."""
    try:
        return _git(repo, "cat-file", "-t", f"{commit}:{path}").strip() == "tree"
    except GitError:
        return False
