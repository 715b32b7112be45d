"""A persistent, content-addressed store: snippet analyses, highlighted code, converted pages.

Each entry is named by the SHA-256 of everything that decides its text: the input, the options
and the versions of every library that affects the output. Entries live in pack files under
`packs/`: a process that makes new entries appends them, one record each, to a pack of its own
(created under a temporary name, locked, then renamed), so a cold build creates a handful of
files rather than one per entry. A record is a header line (name, length, SHA-256 of name and
body) and the body; a reader indexes the packs once per process and checks each body against
its header when it reads it, so a damaged or foreign record, a pack cut short or a record
another build is still writing is a miss, and the entry is made again. When there are more
than `MAX_PACKS` packs, the process that finds them merges those no live process is writing
into one. The folder is safe to delete.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
import time
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any


def _fcntl() -> Any:
    try:
        import fcntl
    except ImportError:  # Windows: no pack is locked, and packs are never merged
        return None
    return fcntl


fcntl = _fcntl()

FOLDER = Path(".cache") / "example-pages"
# Raise it when the entry format changes, so old entries are no longer found.
FORMAT = "example-pages-cache 2"
PACKS = "packs"
MAX_PACKS = 16
"""More packs than this are merged by the next process that reads them."""
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
    """The hex digest naming the entry for `parts` (a JSON-serializable value).

    Each item of a list is hashed on its own: a string (some are whole pages) as its bytes,
    anything else as its JSON text, each after its kind and length, so no two lists give the
    same bytes to hash. A value that is not a list is hashed as one item.
    """
    digest = _salted().copy()
    listed = type(parts) is list
    digest.update(b"L" if listed else b"V")
    for part in parts if listed else [parts]:
        if type(part) is str:
            kind, data = b"s", part.encode("utf-8", "surrogatepass")
        else:
            kind, data = b"j", json.dumps(part, sort_keys=True, default=repr).encode("utf-8")
        digest.update(b"%s%d:" % (kind, len(data)))
        digest.update(data)
    return str(digest.hexdigest())


class Store:
    """Entries under `folder`; `folder=None` keeps nothing between builds.

    Every store of one folder in a process shares that folder's packs.
    """

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._where = os.path.abspath(folder) if folder is not None else ""

    def _packs(self) -> _Packs:
        """This folder's packs; looked up on every read and write, locked only to add them."""
        packs = _OPEN.get(self._where)
        if packs is None:
            with _LOCK:
                packs = _OPEN.setdefault(self._where, _Packs(Path(self._where) / PACKS))
        return packs

    def has(self, key: str) -> bool:
        return self.folder is not None and self._packs().has(key)

    def get(self, key: str) -> str | None:
        if self.folder is None:
            return None
        body = self._packs().get(key)
        if body is None:
            return None
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, key: str, text: str) -> None:
        if self.folder is None:
            return
        try:
            self._packs().put(key, text.encode("utf-8"))
        except OSError:
            # A cache that cannot be written (read-only checkout, full disk) only costs time.
            return


_LOCK = threading.Lock()
_OPEN: dict[str, _Packs] = {}
_MAGIC = f"{FORMAT} pack\n".encode()
_HEADER_MAX = 64 + 1 + 20 + 1 + 64 + 1


def _digest(key: str, body: bytes) -> str:
    return hashlib.sha256(key.encode() + b"\0" + body).hexdigest()


class _Packs:
    """One folder's packs as this process sees them, and the pack it appends to."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # key -> (file descriptor, offset, length, digest); loaded at the first use
        self.index: dict[str, tuple[int, int, int, str]] | None = None
        self.own: tuple[int, int] | None = None  # (process id, descriptor)
        self.lock = threading.Lock()

    def _index(self) -> dict[str, tuple[int, int, int, str]]:
        if self.index is None:
            self.index = {}
            names = sorted(_pack_names(self.folder))
            if len(names) > MAX_PACKS:
                names = _merge(self.folder, names)
            for name in names:
                try:
                    fd = os.open(self.folder / name, os.O_RDONLY)
                except OSError:  # merged away since
                    continue
                _scan(fd, self.index)
        return self.index

    def has(self, key: str) -> bool:
        with self.lock:
            return key in self._index()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            index = self._index()
            found = index.get(key)
            if found is None:
                return None
            fd, offset, length, digest = found
            try:
                body = os.pread(fd, length, offset)
            except OSError:
                body = b""
            if len(body) != length or _digest(key, body) != digest:
                del index[key]  # damaged: made again and appended
                return None
            return body

    def put(self, key: str, body: bytes) -> None:
        digest = _digest(key, body)
        with self.lock:
            index = self._index()
            found = index.get(key)
            if found is not None and found[3] == digest:
                return
            fd = self._own()
            header = f"{key} {len(body)} {digest}\n".encode()
            offset = os.lseek(fd, 0, os.SEEK_END) + len(header)
            _write_all(fd, header + body)
            index[key] = (fd, offset, len(body), digest)

    def _own(self) -> int:
        """This process's pack (a forked process makes its own), created on the first write."""
        if self.own is not None and self.own[0] == os.getpid():
            return self.own[1]
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{time.time_ns():020d}-{os.getpid()}-{secrets.token_hex(4)}.pack"
        temporary = self.folder / f".{name}.tmp"
        flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(temporary, flags, 0o644)
        try:
            if fcntl is not None:  # held while this process lives: no merge touches the pack
                fcntl.flock(fd, fcntl.LOCK_EX)
            _write_all(fd, _MAGIC)
            os.replace(temporary, self.folder / name)
        except BaseException:
            os.close(fd)
            temporary.unlink(missing_ok=True)
            raise
        self.own = (os.getpid(), fd)
        return fd


def _pack_names(folder: Path) -> list[str]:
    try:
        return [name for name in os.listdir(folder) if name.endswith(".pack")]
    except OSError:
        return []


def _scan(fd: int, index: dict[str, tuple[int, int, int, str]]) -> None:
    """Index the records of the pack open as `fd`, up to the first one that does not parse."""
    try:
        if os.pread(fd, len(_MAGIC), 0) != _MAGIC:
            return
        size = os.fstat(fd).st_size
    except OSError:
        return
    offset = len(_MAGIC)
    while offset < size:
        line = os.pread(fd, _HEADER_MAX, offset).split(b"\n", 1)[0]
        parts = line.split(b" ")
        if len(parts) != 3 or len(parts[0]) != 64 or len(parts[2]) != 64:
            return
        try:
            length = int(parts[1])
        except ValueError:
            return
        start = offset + len(line) + 1
        if length < 0 or start + length > size:
            return  # cut short, or still being written
        index[parts[0].decode("ascii", "replace")] = (
            fd,
            start,
            length,
            parts[2].decode("ascii", "replace"),
        )
        offset = start + length


def _merge(folder: Path, names: list[str]) -> list[str]:
    """Merge the packs no live process writes into one; the names of the packs left."""
    if fcntl is None:
        return names
    idle: list[tuple[str, int]] = []
    for name in names:
        try:
            fd = os.open(folder / name, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # its process is still writing it
            os.close(fd)
            continue
        idle.append((name, fd))
    if len(idle) < 2:
        for _, fd in idle:
            os.close(fd)
        return names
    records: dict[str, tuple[int, int, int, str]] = {}
    for _, fd in idle:
        _scan(fd, records)
    merged = _Packs(folder)
    merged.index = {}
    try:
        for key, (fd, offset, length, digest) in records.items():
            body = os.pread(fd, length, offset)
            if _digest(key, body) == digest:
                merged.put(key, body)
    except OSError:
        return names
    finally:
        for _, fd in idle:
            os.close(fd)
        if merged.own is not None:
            os.close(merged.own[1])
    for name, _ in idle:
        (folder / name).unlink(missing_ok=True)
    return sorted(_pack_names(folder))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
