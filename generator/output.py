"""Writing pages to a folder: only what changed, atomically, never outside the folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_pages(out: Path, pages: dict[str, str]) -> int:
    """Write each page under `out` when its text changed; return how many were written."""
    root = out.resolve()
    written = 0
    for rel, text in sorted(pages.items()):
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"refusing to write {rel}: it is outside {out}")
        data = text.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        written += 1
    return written
