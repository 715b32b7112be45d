"""`mkdocs serve` hears of a saved content file from the system, and rebuilds once for it."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileDeletedEvent, FileModifiedEvent, FileMovedEvent
from watchdog.observers.polling import PollingObserver

from example_pages.engine import notify
from example_pages.engine.notify import Changes, Notifier


class Server:
    """MkDocs' server with its build loop running and counting builds, never listening."""

    def __init__(self, folder: Path, polling_interval: float, build_time: float = 0) -> None:
        self.builds, self.build_time = 0, build_time
        self.server = LiveReloadServer(
            builder=self.build,
            host="127.0.0.1",
            port=0,
            root=str(folder),
            polling_interval=polling_interval,
        )
        self.server.watch(str(folder))  # as `mkdocs serve` watches docs_dir
        self.notifier = Notifier()
        self.notified = self.notifier.watch(self.server, [folder], watched={str(folder)})
        self.server.observer.start()
        self.loop = threading.Thread(target=self.server._build_loop, daemon=True)
        self.loop.start()

    def build(self) -> None:
        time.sleep(self.build_time)
        self.builds += 1

    def wait_for(self, builds: int, limit: float = 20) -> None:
        deadline = time.monotonic() + limit
        while self.builds < builds and time.monotonic() < deadline:
            time.sleep(0.02)
        assert self.builds == builds

    def stop(self) -> None:
        self.notifier.stop()
        self.server.shutdown()  # its request thread never started: nothing to wait for
        self.server.observer.join(timeout=5)
        self.loop.join(timeout=5)


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[Callable[..., Server]]:
    (tmp_path / "apis").mkdir()
    (tmp_path / "apis" / "a.yml").write_text("api: a\n")
    servers: list[Server] = []

    def start(polling_interval: float, build_time: float = 0) -> Server:
        servers.append(Server(tmp_path, polling_interval, build_time))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def save(path: Path, text: str) -> None:
    path.write_text(text)


def test_a_save_rebuilds_without_waiting_for_the_poller(
    serving: Callable[..., Server], tmp_path: Path
) -> None:
    server = serving(3600)  # the poller would not look again within the test
    assert server.notified
    save(tmp_path / "apis" / "a.yml", "api: b\n")
    server.wait_for(1)
    save(tmp_path / "apis" / "new.yml", "api: c\n")
    server.wait_for(2)
    (tmp_path / "apis" / "new.yml").unlink()
    server.wait_for(3)
    (tmp_path / "apis" / "a.yml").read_text()  # reading is not a change
    time.sleep(0.5)
    assert server.builds == 3


def test_a_save_both_watchers_see_rebuilds_once(
    serving: Callable[..., Server], tmp_path: Path
) -> None:
    # The poller looks again while the build the system's report started is running.
    server = serving(0.1, build_time=0.4)
    assert server.notified
    for number in range(3):
        save(tmp_path / "apis" / "a.yml", f"api: a{number}\n")
        server.wait_for(number + 1)
        time.sleep(0.8)
        assert server.builds == number + 1


def test_each_watcher_reports_a_change_but_it_asks_for_one_rebuild(tmp_path: Path) -> None:
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    changes = Changes(server)
    path, moved = tmp_path / "a.yml", tmp_path / "b.yml"

    def asked(event: object) -> bool:
        """Whether this report asks for a rebuild (and forget the ask)."""
        server._want_rebuild = False
        changes.dispatch(event)  # type: ignore[arg-type]
        return server._want_rebuild

    save(path, "api: a\n")
    assert asked(FileModifiedEvent(str(path)))  # the system's report
    assert not asked(FileModifiedEvent(str(path)))  # the poller's, of the same change
    save(path, "api: a, saved again\n")
    assert asked(FileModifiedEvent(str(path)))
    path.rename(moved)
    assert asked(FileMovedEvent(str(path), str(moved)))
    assert not asked(FileDeletedEvent(str(path)))  # the poller saw the move as these two
    assert not asked(FileModifiedEvent(str(moved)))
    moved.unlink()
    assert asked(FileDeletedEvent(str(moved)))


def test_where_the_system_does_not_tell_the_poller_still_does(
    serving: Callable[..., Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As on a mount whose changes the system never reports: a native observer that is silent.
    monkeypatch.setattr(notify, "Observer", lambda: PollingObserver(timeout=3600))
    server = serving(0.05)
    assert server.notified
    save(tmp_path / "apis" / "a.yml", "api: b\n")
    server.wait_for(1)
    time.sleep(0.5)
    assert server.builds == 1


def test_where_notification_cannot_start_the_server_keeps_its_own_watch(
    serving: Callable[..., Server], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Exhausted(PollingObserver):
        def start(self) -> None:
            raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(notify, "Observer", Exhausted)
    server = serving(0.05)
    assert not server.notified
    assert str(tmp_path) in server.server._watched_paths
    save(tmp_path / "apis" / "a.yml", "api: b\n")
    server.wait_for(1)


def test_a_server_without_the_build_loop_it_knows_keeps_its_own_watch(tmp_path: Path) -> None:
    assert not Notifier().watch(object(), [tmp_path], watched=set())  # type: ignore[arg-type]
    assert os.listdir(tmp_path) == []


def test_a_folder_made_while_serving_is_reported_once(tmp_path: Path) -> None:
    from watchdog.events import DirCreatedEvent, DirMovedEvent, FileCreatedEvent

    from example_pages.engine.notify import Made

    folder = tmp_path / "templates"
    calls: list[int] = []
    made = Made(str(folder), lambda: calls.append(1))
    made.on_any_event(FileCreatedEvent(str(tmp_path / "README.md")))
    made.on_any_event(DirCreatedEvent(str(folder)))  # reported before it is there: not yet
    assert calls == []
    folder.mkdir()
    made.on_any_event(DirMovedEvent(str(tmp_path / "t"), str(folder)))
    made.on_any_event(DirCreatedEvent(str(folder)))  # the other observer's report
    assert calls == [1]
