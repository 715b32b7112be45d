"""Writing files: only what changed, atomically, never outside the target folder."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Mapping
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


class EditUris:
    """Each file's path relative to `docs_dir`, in POSIX form, worked out once per folder."""

    def __init__(self, docs_dir: Path, folders: Folders) -> None:
        self.docs_dir = docs_dir
        self.folders = folders
        self._relative: dict[Path, str] = {}

    def get(self, path: Path) -> str:
        """`os.path.relpath(folders.resolve(path), docs_dir)`, with '/' between parts."""
        folder = path.parent
        relative = self._relative.get(folder)
        if relative is None:
            resolved = self.folders.folder(folder)
            relative = self._relative[folder] = Path(
                os.path.relpath(resolved, self.docs_dir)
            ).as_posix()
        if relative.startswith(".."):  # outside docs_dir: the path may lead back into it
            return Path(os.path.relpath(self.folders.resolve(path), self.docs_dir)).as_posix()
        return path.name if relative == "." else f"{relative}/{path.name}"


OUT_MARKER = ".example-pages-out"
"""The list of files `build --out` (or `import`) wrote into a folder: the only ones it may
replace there."""


def write_pages(out: Path, pages: dict[str, str]) -> int:
    """Write each page under `out` when its text changed; return how many were written.

    Every path is checked before anything is written, so a bad one leaves `out` untouched.
    """
    targets = _targets(out, pages)
    return sum(write_if_changed(target, data) for target, data in targets.values())


class Output:
    """Pages bound for a folder of the tool's own: absent, empty, or marked by an earlier run.

    Made before anything is written: ValueError says why the folder is not ours. The marker
    (`OUT_MARKER`) lists every file written there; a file it does not list is never replaced.
    `among_others` accepts a folder holding other files (an import into a content folder
    with hand-written pages): they are left alone, and none of them may be in the way.
    """

    def __init__(
        self, out: Path, pages: Mapping[str, str | bytes], *, among_others: bool = False
    ) -> None:
        self.targets = _targets(out, pages)
        self.root = root = out.resolve()
        self.pages = pages
        marker = root / OUT_MARKER
        listed: set[str] = set()
        if marker.is_symlink() or (marker.exists() and not marker.is_file()):
            raise ValueError(f"{OUT_MARKER} is not a file; remove it")
        if root.exists() and not root.is_dir():
            raise ValueError("it is not a folder; write the pages to a folder of their own")
        if marker.is_file():
            listed = _listed(marker)
        elif root.is_dir() and not among_others:
            found = sorted(p.name for p in root.iterdir())
            if found:
                raise ValueError(
                    f"it holds files example-pages did not write ({_some(found)}); write the "
                    "pages to an empty or new folder"
                )
        foreign = sorted(
            rel
            for rel in pages
            if rel not in listed and ((root / rel).exists() or (root / rel).is_symlink())
        )
        if foreign:
            raise ValueError(
                f"it holds {_some(foreign)}, which example-pages did not write there; move "
                f"{'it' if len(foreign) == 1 else 'them'} away, or write the pages elsewhere"
            )
        self.listed = listed

    def write(self) -> list[str]:
        """Write the pages that changed (and the marker first); return their paths."""
        marker = self.root / OUT_MARKER
        # read again: another Output (--theme into the same folder) may have written since
        listed = self.listed | (_listed(marker) if marker.is_file() else set())
        kept = {rel for rel in listed if (self.root / rel).is_file()}
        self.root.mkdir(parents=True, exist_ok=True)
        # listed before the pages are written: an interrupted run can still replace its files
        listing = "".join(f"{rel}\n" for rel in sorted(kept | set(self.pages)))
        header = "# files written by example-pages, which it may replace\n"
        write_if_changed(marker, (header + listing).encode())
        written: list[str] = []
        for rel, (target, data) in self.targets.items():
            if write_if_changed(target, data):
                written.append(rel)
        return written


def _listed(marker: Path) -> set[str]:
    return set(marker.read_text(encoding="utf-8", errors="replace").splitlines()[1:])


def _some(names: list[str]) -> str:
    return ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")


def _targets(out: Path, pages: Mapping[str, str | bytes]) -> dict[str, tuple[Path, bytes]]:
    """Each page's path under `out`, checked to stay inside it; ValueError for one that leaves."""
    root = out.resolve()
    targets: dict[str, tuple[Path, bytes]] = {}
    for rel, text in sorted(pages.items()):
        target = (root / rel).resolve()
        if not target.is_relative_to(root) or target == root or rel == OUT_MARKER:
            raise ValueError(f"refusing to write {rel}: it is outside {out}")
        targets[rel] = (target, text.encode("utf-8") if isinstance(text, str) else text)
    return targets


def out_problem(out: Path, content: Path, *, project: Path | None = None) -> str | None:
    """Why pages may not be written to `out`, or None.

    Never into content or beside it, and never into the project's folder (`project`, the
    folder holding `content` by default), a folder above it, the home folder or the
    file system's root, where the pages would mix with files a person wrote.
    """
    target, source = out.resolve(), content.resolve()
    shown = out.as_posix()
    if target == source or target.is_relative_to(source):
        return (
            f"--out {shown} is inside the content folder {content.as_posix()}; the pages "
            "would overwrite content files: write them to a folder of their own, such as pages/"
        )
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError):  # no HOME and no password entry: nothing to protect
        home = source
    owned = {(project or source.parent).resolve(), source.parent}
    if target == Path(target.anchor):
        where = "the file system's root"
    elif target == home or home.is_relative_to(target):
        where = "the home folder" if target == home else "a folder holding the home folder"
    elif any(target == p or p.is_relative_to(target) for p in owned):
        where = "the project's folder" if target in owned else "a folder above the project"
    else:
        where = ""
    if where:
        return (
            f"--out {shown} is {where}; the pages would mix with files written by hand: "
            "write them to a folder of their own, such as pages/"
        )
    link = _link_on_the_way(Path(os.path.abspath(out)), (project or source.parent).absolute())
    if link is not None:
        return (
            f"--out {shown} goes through the symbolic link {link.as_posix()}, which can lead "
            "out of the project; write the pages to a real folder"
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


def _link_on_the_way(out: Path, project: Path) -> Path | None:
    """The first symbolic link from `project` down to `out`, when `out` lies in the project."""
    if not out.is_relative_to(project):
        return None  # a folder the maintainer named outside the project is theirs to choose
    path = project
    for part in out.relative_to(project).parts:
        path = path / part
        if path.is_symlink():
            return path.relative_to(project)
    return None


def write_if_changed(path: Path, data: bytes) -> bool:
    """Atomically replace `path` with `data` unless it already holds exactly that."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return True


def write_atomic(path: Path, data: bytes, *, durable: bool = True, replace: bool = True) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    A reader (or an interrupted run) sees the old file or the new one, never half of one,
    and a failed write (a full disk, a size limit) leaves no temporary file behind. The file
    keeps its permission bits. `durable=False` skips the flush to disk, for files that can be
    rebuilt (a cache) and are checked when read. `replace=False` never replaces an existing
    file: FileExistsError instead. An OSError always names `path`.
    """
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise _naming(e, path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if replace and path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(Path(tmp), path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise _naming(e, path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _link_new(tmp: Path, path: Path) -> None:
    """Give the whole file `tmp` the name `path` only if nothing has that name yet."""
    try:
        os.link(tmp, path)  # fails, atomically, when `path` exists
    except FileExistsError:
        raise
    except OSError:
        # a file system without hard links: check, then rename (a narrow race, not a loss)
        if path.exists() or path.is_symlink():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.replace(tmp, path)
        return
    tmp.unlink()


def _naming(error: OSError, path: Path) -> OSError:
    """`error` naming the file being written rather than its temporary (or nothing)."""
    error.filename, error.filename2 = str(path), None
    return error


Fingerprint = tuple[int, int, int] | None


def fingerprint(path: str) -> Fingerprint:
    """What a change to the file at `path` would alter, or None where there is no file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino)
