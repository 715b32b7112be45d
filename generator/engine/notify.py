"""Tell `mkdocs serve` about a saved content file as soon as the operating system reports it.

MkDocs' server looks for changes by polling every half second, so a saved file waits a
quarter of a second on average before its rebuild starts. Here the folders the pages come
from are watched by the platform's own notification (inotify, FSEvents, ReadDirectoryChangesW)
and by the server's poller both: whichever sees a change first starts the rebuild, and the
other's report of the same change is dropped, so each save rebuilds once. Where notification
does not reach a folder (some network and container mounts), the poller still does; a folder
of thousands of files is polled every few seconds only, as each poll stats every file.

This needs two attributes of MkDocs' `LiveReloadServer` that it does not document: the
condition its build loop waits on and the flag that asks for a rebuild (`compat.mkdocs`). Where
they are missing (another server), the folders are left to the server's own watching.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.plugins import get_plugin_logger
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from ..files import CHANGES, Fingerprint, fingerprint
from .compat.mkdocs import ServerRebuild

if TYPE_CHECKING:
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.api import BaseObserver

log = get_plugin_logger(__name__)
POLL_MAX_FILES = 1000
"""Above this many files, a folder is polled every `SLOW_POLL` seconds, not the server's half
second: notification reports changes there, the poller is the fallback."""
SLOW_POLL = 5.0


class Changes(FileSystemEventHandler):
    """Both observers' events: asks for a rebuild when a file's fingerprint is new."""

    def __init__(self, server: LiveReloadServer, asking: ServerRebuild | None = None) -> None:
        self.server = server
        self.asking = asking or ServerRebuild()
        self.known: dict[str, Fingerprint] = {}
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        paths = [os.fsdecode(event.src_path)]
        if event.dest_path:
            paths.append(os.fsdecode(event.dest_path))
        with self.lock:
            new = False
            for path in paths:
                now = fingerprint(path)
                if path not in self.known or self.known[path] != now:
                    self.known[path] = now
                    new = True
        if new:
            log.debug("changed: %s", " -> ".join(paths))
            self.asking.rebuild(self.server)


def _relative(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive
        return path


class Made(FileSystemEventHandler):
    """Waits for a folder that does not exist yet to be made (or moved in), once."""

    def __init__(self, folder: str, made: Callable[[], None]) -> None:
        self.folder = folder
        self.made = made
        self.done = False
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = {os.fsdecode(event.src_path), os.fsdecode(event.dest_path or b"")}
        if self.folder not in paths or not os.path.isdir(self.folder):
            return
        with self.lock:
            if self.done:
                return
            self.done = True
        self.made()


class Notifier:
    """The folders' watches on a native observer and on the server's poller."""

    def __init__(self, asking: ServerRebuild | None = None) -> None:
        self.observer: BaseObserver | None = None
        self.asking = asking or ServerRebuild()
        self.handler: Changes | None = None
        # Slow pollers of large folders, beside the server's own.
        self.pollers: list[BaseObserver] = []

    def watch(self, server: LiveReloadServer, folders: list[Path], *, watched: set[str]) -> bool:
        """Watch `folders` for `server`; False (and nothing changed) where that cannot be done.

        `watched` holds the folders the server already polls itself (its docs_dir): those are
        handed over, so no change is reported twice.
        """
        if not self.asking.can_ask(server) or not folders:
            return False
        handler = Changes(server, self.asking)
        paths = sorted({os.path.abspath(folder) for folder in folders})
        # The fingerprints the poller starts from, so the native side reports the same files.
        sizes = dict.fromkeys(paths, 0)
        for path in paths:
            for root, _dirs, names in os.walk(path):
                sizes[path] += len(names)
                for name in names:
                    handler.known[os.path.join(root, name)] = fingerprint(os.path.join(root, name))
        observer = Observer()
        try:
            for path in paths:
                observer.schedule(handler, path, recursive=True)
            observer.start()
        except (OSError, RuntimeError) as e:  # e.g. the system's limit of watches is reached
            log.debug("no file-system notification, the server polls: %s", e)
            return False
        slow = PollingObserver(timeout=SLOW_POLL)
        for path in paths:
            if path in watched:
                server.unwatch(path)
            # Polling a large folder twice a second takes the CPU a rebuild needs.
            poller = slow if sizes[path] > POLL_MAX_FILES else server.observer
            poller.schedule(handler, path, recursive=True)
        if slow.emitters:
            slow.start()
            self.pollers.append(slow)
        self.observer, self.handler = observer, handler
        shown = ", ".join(f"'{_relative(path)}'" for path in paths)
        log.info("Watching paths for changes as the system reports them: %s", shown)
        return True

    def watch_when_made(self, server: LiveReloadServer, folder: Path) -> None:
        """Watch `folder`, which does not exist yet, from when it is made, and rebuild then.

        Its parent is watched for it alone, not recursively (it holds the site's output and
        caches), by the native observer and the server's poller both.
        """
        observer, handler = self.observer, self.handler
        if observer is None or handler is None:
            return
        path = os.path.abspath(folder)

        def made() -> None:
            try:
                observer.schedule(handler, path, recursive=True)
            except OSError as e:
                log.debug("no file-system notification for %s: %s", path, e)
            server.observer.schedule(handler, path, recursive=True)
            log.info("Watching '%s', made while serving", _relative(path))
            self.asking.rebuild(server)

        waiting = Made(path, made)
        parent = os.path.dirname(path)
        try:
            observer.schedule(waiting, parent, recursive=False)
        except OSError as e:
            log.debug("no file-system notification for %s: %s", parent, e)
        server.observer.schedule(waiting, parent, recursive=False)

    def stop(self) -> None:
        observers = [*self.pollers, *([self.observer] if self.observer is not None else [])]
        for observer in observers:
            observer.stop()
        for observer in observers:
            observer.join(timeout=5)
        self.observer, self.pollers = None, []
