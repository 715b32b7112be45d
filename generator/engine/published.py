"""What a build or preview publishes from docs_dir: never a file the content checks refuse.

`mkdocs build` stops on a refused file, but `mkdocs serve` keeps serving so the preview can
list the problems; MkDocs still collects every file of docs_dir (following symbolic links),
so the refused ones are taken out of the build here.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..errors import Problem, display_path
from ..files import Folders

if TYPE_CHECKING:
    from mkdocs.structure.files import File, Files


def reached_plainly(top: Path, rel: str) -> bool:
    """True when `top/rel` is a regular file reached through real folders, no link on the way."""
    path = top
    parts = PurePosixPath(rel).parts
    for depth, part in enumerate(parts, 1):
        path = path / part
        try:
            mode = os.lstat(path).st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode):
            return False
        if depth < len(parts) and not stat.S_ISDIR(mode):
            return False
    return stat.S_ISREG(mode) if parts else False


def refused_files(
    files: Files, docs_dir: Path, *, root: Path | None, problems: list[Problem]
) -> list[File]:
    """The files of `files` read from docs_dir that must not be published.

    A file is refused when a link or anything but a folder lies on its way, when it is not a
    regular file, or when the content checks reported it (or a folder holding it).
    """
    refused_paths = {p.path for p in problems}
    folders = Folders()
    refused: list[File] = []
    docs = os.path.normpath(docs_dir)
    for file in files:
        # the theme's files and generated pages are the installed packages' own
        if file.generated_by is not None or not file.abs_src_path or file.src_dir is None:
            continue
        if os.path.normpath(file.src_dir) != docs:
            continue
        if not reached_plainly(docs_dir, file.src_uri):
            refused.append(file)
            continue
        if not refused_paths:
            continue
        shown = display_path(Path(file.abs_src_path), root, folders)
        held = (shown, *(p.as_posix() for p in PurePosixPath(shown).parents))
        if any(path in refused_paths for path in held):
            refused.append(file)
    return refused
