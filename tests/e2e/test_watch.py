"""`example-pages build --watch` in a real process: edits show up, errors are located."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from example_pages.cli import watch as watch_module
from example_pages.settings import Settings
from tests.conftest import copy_site

COMMAND = [sys.executable, "-u", "-m", "example_pages", "build", "--out", "build/docs"]


class Output:
    """Lines a process prints, collected by a thread as they come."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        self.thread = threading.Thread(target=lambda: self.lines.extend(stream), daemon=True)
        self.thread.start()

    def count(self, line: str) -> int:
        return sum(1 for seen in list(self.lines) if seen.rstrip("\n") == line)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    # A limit on waiting, not a speed requirement: the poll interval is half a second.
    deadline = time.monotonic() + 60
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def test_watch_rebuilds_on_each_edit_and_keeps_going_after_errors(tmp_path: Path) -> None:
    project = copy_site(tmp_path / "project")
    source = project / "content" / "projects" / "viewflow.yml"
    page = project / "build" / "docs" / "projects" / "viewflow.md"
    process = subprocess.Popen(
        [*COMMAND, "--watch"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    output = Output(process)
    try:
        wait_for(lambda: output.count("Waiting for changes.") == 1, "the first build")
        assert page.is_file()
        assert (project / "build" / "docs" / ".nav.yml").is_file()

        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("  A workflow", "  Edited while watched. A workflow"))
        wait_for(lambda: "Edited while watched." in page.read_text(), "the edit in the page")

        before = page.read_text()
        source.write_text(text.replace("license:", "license: [", 1))
        wait_for(lambda: output.count("Waiting for changes.") == 3, "the build of the error")
        checked = subprocess.run(
            [sys.executable, "-m", "example_pages", "check"],
            cwd=project,
            capture_output=True,
            text=True,
        )
        assert checked.returncode == 1
        expected = checked.stderr.splitlines()
        assert expected[0].startswith("content/projects/viewflow.yml:")
        assert expected[-1] == "Aborted with 1 content error."
        printed = [line.rstrip("\n") for line in output.lines]
        assert printed[-len(expected) - 1 :] == [*expected, "Waiting for changes."]
        assert page.read_text() == before  # the last good page stays

        source.write_text(text.replace("  A workflow", "  Fixed again. A workflow"))
        wait_for(lambda: "Fixed again." in page.read_text(), "the fix in the page")
        assert process.poll() is None
    finally:
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        output.thread.join(timeout=10)
    assert code == 0


def test_a_reported_change_is_built_without_waiting_for_the_poll(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the poll an hour apart, the builds follow the edits: the system reported them."""
    content, templates = tmp_path / "content", tmp_path / "templates"
    (content / "apis").mkdir(parents=True)
    templates.mkdir()
    source = content / "apis" / "a.yml"
    source.write_text("one\n")
    builds: list[str] = []
    monkeypatch.setattr(
        watch_module, "build_once", lambda args, settings, cache: builds.append(source.read_text())
    )
    stop = threading.Event()
    args = argparse.Namespace(content=content, templates=templates)
    thread = threading.Thread(
        target=watch_module.watch,
        args=(args, Settings()),
        kwargs={"interval": 3600, "keep_going": lambda: not stop.is_set()},
        daemon=True,
    )
    thread.start()
    try:
        wait_for(lambda: builds == ["one\n"], "the first build")
        source.write_text("two\n")
        wait_for(lambda: builds[-1:] == ["two\n"], "the build of the edit")
        (content / "apis" / "b.yml").write_text("new\n")
        wait_for(lambda: len(builds) == 3, "the build of the new file")
    finally:
        stop.set()
        source.write_text("three\n")  # wakes the loop to see it should stop
        thread.join(timeout=30)
    assert not thread.is_alive()
