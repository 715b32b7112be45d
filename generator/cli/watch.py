"""`example-pages build --watch`: rebuild the pages whenever the content or templates change.

Polls modification times, so it needs no file-system notification library and works the same
on every platform; an engine's own preview (`zensical serve`) picks up the rewritten pages.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from ..content.load import FileCache
from ..settings import Settings
from .build import build_once

Snapshot = frozenset[tuple[str, int, int]]


def snapshot(folders: list[Path]) -> Snapshot:
    """Each file under `folders` with its modification time and size."""
    seen: set[tuple[str, int, int]] = set()
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            try:
                stat = path.stat()
            except OSError:  # removed while we looked: the next poll sees it gone
                continue
            if path.is_file():
                seen.add((str(path), stat.st_mtime_ns, stat.st_size))
    return frozenset(seen)


def watch(
    args: argparse.Namespace,
    settings: Settings,
    *,
    interval: float = 0.5,
    keep_going: Callable[[], bool] = lambda: True,
) -> int:
    """Build now, then again after each change, until interrupted; errors do not stop it."""
    folders = [args.content, args.templates]
    print(f"Watching {args.content} for changes (Ctrl-C stops).", flush=True)
    cache = FileCache()
    last: Snapshot | None = None
    try:
        while keep_going():
            current = snapshot(folders)
            if current != last:
                last = current
                build_once(args, settings, cache)
                print("Waiting for changes.", flush=True)
            time.sleep(interval)
    except KeyboardInterrupt:
        pass
    return 0
