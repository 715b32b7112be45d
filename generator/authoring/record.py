"""`verify --record`: write what verify found upstream into the content folder's record.

Examples checked in this run get a new entry; an example whose clone was missing or could
not be read keeps the entry it had (it carries its own HEAD and date); entries of examples
that are gone or changed are dropped. The file is written atomically and only when its text
changes, so a scheduled refresh commits nothing when nothing moved upstream.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..content.entries import Site
from ..content.freshness import FILE, record_text
from ..files import write_if_changed
from .findings import Report


def record_entries(site: Site, report: Report) -> list[dict[str, Any]]:
    """The record's entries after this run, as plain values."""
    entries: dict[tuple[str, int], dict[str, Any]] = {}
    if site.freshness is not None:
        for key, entry in site.freshness.entries.items():
            entries[key] = entry.model_dump()
    for key, found in report.upstream.items():
        entries[key] = {
            "api": found.api,
            "example": found.number,
            "project": found.project,
            "file": found.file,
            "ref": found.ref,
            "status": found.status,
            "head": found.head,
            "date": found.date,
            "at": found.head_file,
            "lines": list(found.lines) if found.lines else None,
        }
    return [entries[key] for key in sorted(entries)]


def write_record(site: Site, report: Report, content: Path) -> tuple[Path, bool]:
    """Write `content/freshness.yml`; return its path and whether its text changed."""
    path = content / FILE
    text = record_text(record_entries(site, report))
    return path, write_if_changed(path, text.encode("utf-8"))
