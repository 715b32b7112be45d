"""A persistent, content-addressed store: snippet analyses, highlighted code, converted pages.

Each entry is one file named by the SHA-256 of everything that decides its text: the input,
the options and the versions of every library that affects the output. An entry whose header
does not match its name and body is ignored (and rewritten), so a damaged or foreign file
never reaches a page. Writes go to a temporary file that is then renamed over the entry, so
two builds at once never leave a half-written entry. The folder is safe to delete.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

FOLDER = Path(".cache") / "example-pages"
# Raise it when the entry format changes, so old entries are no longer found.
FORMAT = "example-pages-cache 1"
LIBRARIES = (
    *("markdown", "pymdown-extensions", "pygments", "nh3", "example-pages", "mkdocs-material"),
)


@cache
def library_versions() -> tuple[tuple[str, str], ...]:
    """The installed version of each library whose code shapes the cached HTML."""
    found = []
    for name in LIBRARIES:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            found.append((name, ""))
    # A checkout's version number stays put while its code changes: its code counts too.
    source = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        source.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    found.append(("example-pages source", source.hexdigest()))
    return tuple(found)


@cache
def _salted() -> Any:
    return hashlib.sha256(json.dumps([FORMAT, library_versions()]).encode("utf-8"))


def key_of(parts: Any) -> str:
    """The hex digest naming the entry for `parts` (a JSON-serializable value)."""
    digest = _salted().copy()
    digest.update(json.dumps(parts, sort_keys=True, default=repr).encode("utf-8"))
    return str(digest.hexdigest())


class Store:
    """Entries under `folder`; `folder=None` keeps nothing between builds."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._made: set[Path] = set()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / key

    def has(self, key: str) -> bool:
        return self.folder is not None and self._path(key).is_file()

    def get(self, key: str) -> str | None:
        if self.folder is None:
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:
            return None
        header, _, body = data.partition(b"\n")
        expected = f"{FORMAT} {key} {hashlib.sha256(body).hexdigest()}".encode()
        if header != expected:
            return None
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, key: str, text: str) -> None:
        if self.folder is None:
            return
        body = text.encode("utf-8")
        header = f"{FORMAT} {key} {hashlib.sha256(body).hexdigest()}\n".encode()
        path = self._path(key)
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            _write_entry(path, header + body)
        except OSError:
            # A cache that cannot be written (read-only checkout, full disk) only costs time.
            return


def _write_entry(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file of this thread's own, then rename it over `path`.

    Cheaper than `files.write_atomic` (a cold build writes thousands of entries): no random
    name, no permission bits to carry over, no flush to disk, since entries are checked when
    read and can be rebuilt.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    os.replace(tmp, path)
