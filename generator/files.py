"""Writing files: only what changed, atomically, never outside the target folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# File-system events that say a file's content or place changed; opening or reading one
# is not a change.
CHANGES = frozenset({"created", "modified", "deleted", "moved"})


class Folders:
    """Resolves paths by their folder, each folder once: many files share a few folders.

    A path is its folder resolved, then its own name: a file that is a symbolic link keeps
    its place (the content scan refuses links anyway).
    """

    def __init__(self) -> None:
        self._resolved: dict[Path, Path] = {}

    def resolve(self, path: Path) -> Path:
        return self.folder(path.parent) / path.name

    def folder(self, folder: Path) -> Path:
        """`folder.resolve()`, worked out once."""
        resolved = self._resolved.get(folder)
        if resolved is None:
            resolved = self._resolved[folder] = folder.resolve()
        return resolved


def write_pages(out: Path, pages: dict[str, str]) -> int:
    """Write each page under `out` when its text changed; return how many were written.

    Every path is checked before anything is written, so a bad one leaves `out` untouched.
    """
    root = out.resolve()
    targets: dict[Path, bytes] = {}
    for rel, text in sorted(pages.items()):
        target = (root / rel).resolve()
        if not target.is_relative_to(root) or target == root:
            raise ValueError(f"refusing to write {rel}: it is outside {out}")
        targets[target] = text.encode("utf-8")
    written = 0
    for target, data in targets.items():
        if write_if_changed(target, data):
            written += 1
    return written


def out_problem(out: Path, content: Path) -> str | None:
    """Why pages may not be written to `out`, or None: never into content, or beside it."""
    target, source = out.resolve(), content.resolve()
    shown = out.as_posix()
    if target == source or target.is_relative_to(source):
        return (
            f"--out {shown} is inside the content folder {content.as_posix()}; the pages "
            "would overwrite content files: write them to a folder of their own, such as pages/"
        )
    held = [
        p
        for folder in ("projects", "apis", "libraries")
        for suffix in ("*.yml", "*.yaml")
        for p in (target / folder).glob(suffix)
    ]
    if held:
        return (
            f"--out {shown} holds content files ({held[0].relative_to(target).as_posix()}); "
            "write the pages to a folder of their own, such as pages/"
        )
    return None


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace `path` with `data` unless it already holds exactly that."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return True


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    A reader (or an interrupted run) sees the old file or the new one, never half of one.
    The file keeps its permission bits. `durable=False` skips the flush to disk, for files
    that can be rebuilt (a cache) and are checked when read.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
