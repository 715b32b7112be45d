"""`example-pages init`: a new site from the packaged starter, refusing to overwrite anything."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from ..files import write_atomic
from ..resources import SCHEMAS, STARTER, STARTER_CONTENT
from .requirement import installed_requirement

# Names in the package that a site spells differently: dot files do not ship well in wheels.
_RENAMED = {"gitignore": ".gitignore", "github": ".github"}


class InitError(Exception):
    """Raised by `init_site` when the target holds a file, a link or a file where a folder goes."""


def starter_files() -> dict[str, Path]:
    """Each file of a new site, by its path in the site -> the packaged file it copies."""
    files: dict[str, Path] = {}
    for source in sorted(STARTER.rglob("*")):
        parts = list(source.relative_to(STARTER).parts)
        if source.is_file() and "__pycache__" not in parts and parts[0] != "content":
            parts[0] = _RENAMED.get(parts[0], parts[0])
            files["/".join(parts)] = source
    for source in sorted(STARTER_CONTENT.rglob("*")):
        rel = source.relative_to(STARTER_CONTENT)
        # the pages and their folders; a file beside them (content/freshness.yml) is a record
        # of the repository's own site, not part of a new one (pyproject.toml: package-data)
        page = source.suffix == ".md" or (source.suffix == ".yml" and len(rel.parts) > 1)
        if page and source.is_file():
            files[f"content/{rel.as_posix()}"] = source
    for schema in sorted(SCHEMAS.glob("*.schema.json")):
        files[f"schemas/{schema.name}"] = schema
    return files


def init_site(target: Path, *, requirement: str | None = None) -> list[str]:
    """Write a new site into `target` (created if needed); return the paths written.

    requirements.txt holds `requirement`, by default the line that installs the running copy
    (`installed_requirement`).

    Every path is checked first: nothing is written if a file already exists, if a link lies
    on the way (init never writes through one, out of the target), or if a file stands where
    a folder goes. A failure while writing removes what was written: the whole site or nothing.
    """
    files = starter_files()
    if target.exists() and not target.is_dir():
        raise InitError(f"{target.as_posix()}: is a file; init writes a new site into a folder")
    problems = _problems(target, files)
    if problems:
        raise InitError("\n".join(problems))
    made: list[Path] = []  # folders made and files written, in that order
    try:
        for rel, source in files.items():
            if rel == "requirements.txt":
                data = f"{requirement or installed_requirement().line}\n".encode()
            else:
                data = source.read_bytes()
            destination = target / rel
            _make_folders(destination.parent, made)
            write_atomic(destination, data, replace=False)
            made.append(destination)
    except BaseException:
        for path in reversed(made):
            if path.is_dir() and not path.is_symlink():
                with contextlib.suppress(OSError):  # left if something else was put in it
                    path.rmdir()
            else:
                path.unlink(missing_ok=True)
        raise
    return list(files)


def _problems(target: Path, files: dict[str, Path]) -> list[str]:
    """Every path of `files` under `target` that init cannot write, one message each."""
    problems: dict[Path, str] = {}
    existing: list[str] = []
    for rel in files:
        path = target
        parts = Path(rel).parts
        for depth, part in enumerate(parts, 1):
            path = path / part
            try:
                mode = os.lstat(path).st_mode
            except FileNotFoundError:
                break  # made by init, as is everything below it
            except OSError as e:
                problems[path] = f"{path.as_posix()}: cannot look at it: {e.strerror}"
                break
            last = depth == len(parts)
            if stat.S_ISLNK(mode):
                problems[path] = (
                    f"{path.as_posix()}: is a symbolic link; init never writes through a link "
                    "(it can lead out of the folder): remove it, or choose another folder"
                )
                break
            if last:
                existing.append(rel)
            elif not stat.S_ISDIR(mode):
                problems[path] = (
                    f"{path.as_posix()}: is a file where init writes a folder; move it away, "
                    "or choose another folder"
                )
                break
    messages = [problems[path] for path in sorted(problems)]
    if existing:
        shown = ", ".join(existing[:3]) + (", ..." if len(existing) > 3 else "")
        messages.append(
            f"{target.as_posix()} already has {shown}; choose an empty or new folder "
            "(init never overwrites a file)"
        )
    return messages


def _make_folders(folder: Path, made: list[Path]) -> None:
    """Make `folder` and the missing folders above it, noting each in `made`."""
    missing: list[Path] = []
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        os.mkdir(path)  # never replaces anything, never follows a link
        made.append(path)
