"""What the content folder may hold, and the one way its files are read.

The folder is published as the site's `docs_dir`, so every file in it is input: only content
YAML, hand-written Markdown pages and static files with an allowed suffix may sit there, as
regular files. Symbolic links (which can leave the folder or loop), FIFOs, devices, sockets,
scripts, HTML and anything that would replace one of the theme's files are refused.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..checks.limits import MAX_PAGE_BRACKETS, markdown_limit
from ..errors import Problem, display_path
from .characters import refused_character

CONTENT_FOLDERS = ("projects", "apis", "libraries")
RECORD = "freshness.yml"
"""The freshness record `verify --record` writes at the top of the content folder."""
YAML_SUFFIXES = (".yml", ".yaml")
DEFAULT_STATIC = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico")
"""Static files a content folder may publish by default: raster images (SVG can hold script)."""
THEME_FOLDERS = ("assets", "search")
"""Top-level folders of the theme's own files (Material's scripts, styles and search index)."""
MAX_DEPTH = 16


class UnreadableFile(OSError):
    """Raised by `read_limited` when a path is not a regular file or cannot be read."""


def read_limited(path: Path, max_bytes: int) -> bytes:
    """At most `max_bytes + 1` bytes of the regular file `path`, read through one descriptor.

    The file is opened without following a final symbolic link and without blocking, and its
    type is taken from that descriptor, so a FIFO, a device or a link to `/dev/zero` is
    refused rather than read; the size is that of the bytes read, not what `stat()` said.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise UnreadableFile(e.errno, "it is a symbolic link, not a file") from None
        raise UnreadableFile(e.errno, e.strerror or "cannot open it") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnreadableFile(errno.EINVAL, f"it is {_kind(os.fstat(fd).st_mode)}, not a file")
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except UnreadableFile:
        raise
    except OSError as e:
        raise UnreadableFile(e.errno, e.strerror or "cannot read it") from None
    finally:
        os.close(fd)


def scan_folder(
    content: Path,
    *,
    root: Path | None = None,
    static: tuple[str, ...] = DEFAULT_STATIC,
    max_bytes: int = 4 * 1024 * 1024,
    skip: Path | None = None,
    stats: dict[str, os.stat_result] | None = None,
) -> list[Problem]:
    """One problem for each entry of `content` the site does not define; never follows links.

    `skip` is a folder inside `content` scanned on its own (the content folder, when the site
    publishes a docs_dir around it). `stats`, if given, receives what the scan found of each
    regular file (`lstat`), by its path as the scan wrote it, for the loader to reuse.
    """
    scan = _Scan(content, root, tuple(s.lower() for s in static), max_bytes)
    scan.skip = skip.resolve() if skip is not None else None
    scan.stats = stats
    scan.folder(content, (), hidden=False)
    return scan.problems


class _Scan:
    def __init__(
        self, content: Path, root: Path | None, static: tuple[str, ...], max_bytes: int
    ) -> None:
        self.content = content
        self.root = root
        self.static = static
        self.max_bytes = max_bytes
        self.problems: list[Problem] = []
        self.skip: Path | None = None
        self.stats: dict[str, os.stat_result] | None = None

    def add(self, path: Path | str, message: str) -> None:
        self.problems.append(Problem(display_path(Path(path), self.root), 1, 1, message))

    def folder(self, path: Path, parts: tuple[str, ...], *, hidden: bool) -> None:
        if len(parts) > MAX_DEPTH:
            self.add(path, f"folders are nested more than {MAX_DEPTH} deep; flatten them")
            return
        try:
            entries = sorted(os.scandir(path), key=lambda e: e.name)
        except OSError as e:
            self.add(path, f"cannot list the folder: {e.strerror}")
            return
        for entry in entries:
            if self.skip is not None and Path(entry.path).resolve() == self.skip:
                continue
            self.entry(entry, (*parts, entry.name), hidden=hidden)

    def entry(self, entry: os.DirEntry[str], parts: tuple[str, ...], *, hidden: bool) -> None:
        # The path as a string: thousands of files need no `Path` made for them.
        name, path = parts[-1], entry.path
        try:
            found = entry.stat(follow_symlinks=False)
            mode = found.st_mode
        except OSError as e:
            self.add(path, f"cannot read the entry: {e.strerror}")
            return
        if stat.S_ISLNK(mode):
            self.add(
                path,
                "symbolic links are not allowed in the content folder (one can point outside "
                "it or loop); replace the link with the file itself",
            )
            return
        bad = refused_character(name)
        if bad is not None or "\n" in name or "\t" in name:
            what = bad[1] if bad is not None else "a line break or tab"
            self.add(path, f"the name holds {what}; rename it")
            return
        if stat.S_ISDIR(mode):
            if not hidden and len(parts) == 1 and name in THEME_FOLDERS:
                self.add(
                    path,
                    f"{name}/ would replace the theme's own files; keep images in another "
                    "folder, such as images/",
                )
                return
            self.folder(Path(path), parts, hidden=hidden or name.startswith("."))
            return
        if not stat.S_ISREG(mode):
            self.add(path, f"{_kind(mode)} cannot be part of the site; remove it")
            return
        if hidden or name.startswith("."):
            return  # dot-files are never published
        if self.stats is not None:
            self.stats[path] = found
        self.file(path, parts)

    def file(self, path: str, parts: tuple[str, ...]) -> None:
        written = name_suffix(parts[-1])
        suffix = written.lower()
        if suffix in YAML_SUFFIXES:
            record = parts == (RECORD,) and self.skip is None  # the content folder's own
            if not record and (len(parts) != 2 or parts[0] not in CONTENT_FOLDERS):
                self.add(
                    path,
                    "the site reads content YAML only from projects/, apis/ and libraries/; "
                    "move the file there or out of the content folder",
                )
            return
        if suffix == ".md":
            self.markdown(Path(path), home=parts == ("index.md",))
            return
        if suffix in self.static:
            return
        allowed = ", ".join(self.static)
        self.add(
            path,
            f"'{written or parts[-1]}' files are not published from the content folder (only "
            f"content YAML, Markdown pages and {allowed}); remove it, or add its suffix to "
            "the plugin's `static_files` if it is safe to serve",
        )

    def markdown(self, path: Path, *, home: bool) -> None:
        """A hand-written page: readable, UTF-8 and within the Markdown limits.

        The home page's size and encoding are reported by the loader, which reads it.
        """
        try:
            raw = read_limited(path, self.max_bytes)
        except UnreadableFile as e:
            self.add(path, f"cannot read the file: {e.strerror}")
            return
        if len(raw) > self.max_bytes:
            if not home:
                self.add(
                    path,
                    f"the file is over the limit of {self.max_bytes:,} bytes; split it, or "
                    "raise `max_file_size` in mkdocs.yml",
                )
            return
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            if home:
                return
            line = raw.count(b"\n", 0, e.start) + 1
            start = raw.rfind(b"\n", 0, e.start) + 1
            col = len(raw[start : e.start].decode("utf-8", "replace")) + 1
            self.problems.append(
                Problem(
                    display_path(path, self.root),
                    line,
                    col,
                    f"the file is not valid UTF-8 (byte 0x{raw[e.start]:02x}); save it as UTF-8",
                )
            )
            return
        limit = markdown_limit(text, max_brackets=MAX_PAGE_BRACKETS)
        if limit is not None:
            line = text.count("\n", 0, limit[0]) + 1
            col = limit[0] - text.rfind("\n", 0, limit[0])
            self.problems.append(Problem(display_path(path, self.root), line, col, limit[1]))


def name_suffix(name: str) -> str:
    """What `PurePath(name).suffix` is, for a file's name."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"
