"""`example-pages build --watch`: rebuild the pages whenever the content or templates change.

A change is what a snapshot of the folders' files (modification time, size) shows. A snapshot
is taken as soon as the operating system reports a change (watchdog's native observer) and,
for folders it does not report on (some network and container mounts), every half second
regardless. An engine's own preview (`zensical serve`) picks up the rewritten pages.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..content.load import FileCache
from ..files import CHANGES
from ..settings import Settings
from .build import build_once

if TYPE_CHECKING:
    from watchdog.observers.api import BaseObserver

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


class _Wake(FileSystemEventHandler):
    """Wakes the watch loop when a file changes."""

    def __init__(self, changed: threading.Event) -> None:
        self.changed = changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and event.event_type in CHANGES:
            self.changed.set()


def _observe(folders: list[Path], changed: threading.Event) -> BaseObserver | None:
    """A native observer of `folders` that sets `changed`; None where the system cannot
    watch them (its limit of watches reached): the loop then polls alone."""
    observer = Observer()
    try:
        for folder in folders:
            if folder.is_dir():
                observer.schedule(_Wake(changed), str(folder), recursive=True)
        observer.start()
    except (OSError, RuntimeError):
        return None
    return observer


def _settle(changed: threading.Event, quiet: float = 0.1, longest: float = 2.0) -> None:
    """Wait until no change has been reported for `quiet` seconds (at most `longest`): a save
    is often several events (truncate, write, rename), and a snapshot between them would
    build a half-written file."""
    deadline = time.monotonic() + longest
    while time.monotonic() < deadline:
        changed.clear()
        if not changed.wait(quiet):
            return


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
    changed = threading.Event()
    observer = _observe(folders, changed)
    try:
        while keep_going():
            changed.clear()  # before the snapshot: a change during the build wakes the loop
            current = snapshot(folders)
            if current != last:
                last = current
                build_once(args, settings, cache)
                print("Waiting for changes.", flush=True)
            if changed.wait(interval):
                _settle(changed)
    except KeyboardInterrupt:
        pass
    finally:
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
    return 0
