"""Options of a content check, and the one parser of the Python version option."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content.folder import DEFAULT_STATIC
from .content.yamlload import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Settings:
    """Options of a content check; the plugin and the CLI build one from their options."""

    python_version: tuple[int, int] = (3, 8)
    max_file_size: int = DEFAULT_MAX_BYTES
    snippet_errors: str = "error"
    static_files: tuple[str, ...] = DEFAULT_STATIC
    cache: Path | None = None
    """Folder of the persistent cache (`cache.FOLDER` under the project); None keeps nothing."""
    workers: int | None = None
    """Worker processes for a large site's snippet analyses; None: one per spare core; 0: none."""


def parse_python_version(text: str) -> tuple[int, int]:
    """'3.8' -> (3, 8); ValueError with a message for anything else."""
    major, dot, minor = text.strip().partition(".")
    if dot and major.isdigit() and minor.isdigit():
        return int(major), int(minor)
    raise ValueError(f"python_version '{text}' is not a version such as 3.8")
