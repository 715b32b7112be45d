"""`example-pages init`: a new site from the packaged starter, refusing to overwrite anything."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..resources import SCHEMAS, STARTER, STARTER_CONTENT
from .requirement import installed_requirement

# Names in the package that a site spells differently: dot files do not ship well in wheels.
_RENAMED = {"gitignore": ".gitignore", "github": ".github"}


class InitError(Exception):
    """Raised by `init_site` when the target holds a file it would write."""


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

    Nothing is written if any of the files already exists. requirements.txt holds
    `requirement`, by default the line that installs the running copy (`installed_requirement`).
    """
    files = starter_files()
    existing = [rel for rel in files if (target / rel).exists() or (target / rel).is_symlink()]
    if existing:
        shown = ", ".join(existing[:3]) + (", ..." if len(existing) > 3 else "")
        raise InitError(
            f"{target.as_posix()} already has {shown}; choose an empty or new folder "
            "(init never overwrites a file)"
        )
    for rel, source in files.items():
        destination = target / rel
        destination.parent.mkdir(parents=True, exist_ok=True)
        if rel == "requirements.txt":
            line = requirement or installed_requirement().line
            destination.write_text(line + "\n", encoding="utf-8")
        else:
            shutil.copyfile(source, destination)
    return list(files)
